"""Makes Fixtures/interop/didkit-*.json (credentials with Linked Data proofs issued by SpruceID's
didkit) and checks that didkit verifies Fixtures/interop/swift-did-wallet-*.json (made by this
library, see LinkedDataProofInteropTests).

Run once, by hand (not part of the tests):  pip install didkit==0.3.3 && python3 make_ld_proof_fixtures.py

The issuer key is the Ed25519 seed 0x33 * 32 (its did:key is printed). didkit stamps `created`
with the current time, so running this again gives new files with the same meaning.
"""
import asyncio
import base64
import json
import pathlib

import didkit
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

HERE = pathlib.Path(__file__).parent
SEED = bytes([0x33]) * 32
public = Ed25519PrivateKey.from_private_bytes(SEED).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
JWK = json.dumps({"kty": "OKP", "crv": "Ed25519", "x": b64(public), "d": b64(SEED)})


async def main():
    did = didkit.key_to_did("key", JWK)
    method = await didkit.key_to_verification_method("key", JWK)
    print("issuer", did)
    credential = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:uuid:6a1c0d5e-9b1f-4a8e-8c39-5d7e2f0a4b11",
        "type": ["VerifiableCredential"],
        "issuer": did,
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:holder"},
    }
    for proof_type in ["Ed25519Signature2018", "Ed25519Signature2020"]:
        options = {"proofPurpose": "assertionMethod", "verificationMethod": method, "type": proof_type}
        issued = await didkit.issue_credential(json.dumps(credential), json.dumps(options), JWK)
        (HERE / f"didkit-{proof_type}.json").write_text(json.dumps(json.loads(issued), indent=2) + "\n")
        print("wrote", f"didkit-{proof_type}.json")
    # A larger credential with an inline @vocab context and a string holding a tab and a newline:
    # didkit canonicalizes with URDNA2015's escaping (the tab is written raw), RDFC-1.0 writes \t.
    typical = dict(credential)
    typical["@context"] = ["https://www.w3.org/2018/credentials/v1", {"@vocab": "https://example.org/vocab#"}]
    typical["id"] = "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc03"
    typical["credentialSubject"] = {
        "id": "did:example:abcdefgh3", "givenName": "Nguyễn Văn", "familyName": "An",
        "address": {"streetAddress": "12 Tràng Tiền", "locality": "Hoàn Kiếm", "country": "VN"},
        "degree": {"type": "BachelorDegree", "name": "Bachelor of Science and Arts", "gpa": 3.37, "credits": 128, "honours": True},
        "notes": "Graduated \"with distinction\"\n\tSecond line\u00e9",
    }
    options = {"proofPurpose": "assertionMethod", "verificationMethod": method, "type": "Ed25519Signature2020"}
    issued = await didkit.issue_credential(json.dumps(typical), json.dumps(options), JWK)
    (HERE / "didkit-Ed25519Signature2020-tab.json").write_text(json.dumps(json.loads(issued), indent=2, ensure_ascii=False) + "\n")
    print("wrote didkit-Ed25519Signature2020-tab.json")
    # The same claims under pinned contexts only (the examples context's @vocab instead of an
    # inline one), as the verifier's unambiguous-form rule requires (decision 0010).
    pinned = dict(typical)
    pinned["@context"] = ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/2018/credentials/examples/v1"]
    pinned["credentialSubject"] = {
        "id": "did:example:abcdefgh3", "givenName": "Nguyễn Văn", "familyName": "An",
        "alumniOf": "Graduated \"with distinction\"\n\tSecond line\u00e9",
        "degree": {"type": "BachelorDegree", "name": "Bachelor of Science\tand Arts"},
    }
    issued = await didkit.issue_credential(json.dumps(pinned), json.dumps(options), JWK)
    (HERE / "didkit-Ed25519Signature2020-tab-pinned.json").write_text(json.dumps(json.loads(issued), indent=2, ensure_ascii=False) + "\n")
    print("wrote didkit-Ed25519Signature2020-tab-pinned.json")
    for path in sorted(HERE.glob("swift-did-wallet-Ed25519Signature2020*.json")):
        result = json.loads(await didkit.verify_credential(path.read_text(), json.dumps({"proofPurpose": "assertionMethod"})))
        print("didkit verifies", path.name, ":", result)
        assert not result["errors"], result
        tampered = json.loads(path.read_text())
        tampered["credentialSubject"]["id"] = "did:example:someone-else"
        result = json.loads(await didkit.verify_credential(json.dumps(tampered), json.dumps({"proofPurpose": "assertionMethod"})))
        print("didkit on a tampered copy:", result)
        assert result["errors"], "a tampered credential verified"


asyncio.run(main())
