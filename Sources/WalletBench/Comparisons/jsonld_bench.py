"""The JSON-LD part of wallet-bench on the Python implementations, for comparison.

    pip install pyld==3.3.0 didkit==0.3.3
    python3 Sources/WalletBench/Comparisons/jsonld_bench.py

pyld: expansion + toRdf + URDNA2015 (= RDFC-1.0) of the vc-di-eddsa Alumni and employment
documents, with a document loader that serves the same pinned contexts as this library
(Sources/JSONLD/Contexts), checked against the vectors' canonical N-Quads first.
didkit: Ed25519Signature2020 verification of its own issuances: the minimal and the typical
credential of Fixtures/interop (didkit-Ed25519Signature2020.json, didkit-...-tab.json), and
typical-credential-v1.json (the claims of wallet-bench's 2 KB credential in VC 1.1 form, with an
inline @vocab), issued here with the fixtures' key. Compare with `wallet-bench` (eddsa-rdfc-2022
verify) and `wallet-bench --verify-file FILE` / `--rdfc-file FILE` on the same documents.
"""
import asyncio
import json
import pathlib
import time

import base64

import didkit
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld

ROOT = pathlib.Path(__file__).resolve().parents[3]
CONTEXTS = ROOT / "Sources/JSONLD/Contexts"
INDEX = {entry["url"]: CONTEXTS / entry["file"] for entry in json.loads((CONTEXTS / "index.json").read_text())["contexts"]}
VECTORS = ROOT / "Fixtures/vc-di-eddsa/TestVectors"


def loader(url, options=None):
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(INDEX[url].read_text())}


def rate(body, seconds=2.0):
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        body()
        count += 1
    return count / (time.perf_counter() - start)


def main():
    for label, path, canonical in [("Alumni credential", VECTORS / "unsigned.json", VECTORS / "eddsa-rdfc-2022/canonDocDataInt.txt"),
                                   ("employment authorization credential", VECTORS / "employmentAuth.json", VECTORS / "eddsa-rdfc-2022/employ/canonDocDataInt.txt")]:
        document = json.loads(path.read_text())
        options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader, "safe": True}
        assert jsonld.normalize(document, options) == canonical.read_text(), label
        print(f"pyld expand + toRdf + URDNA2015, {label}: {rate(lambda: jsonld.normalize(document, options)):.0f} per s")

    verify_options = json.dumps({"proofPurpose": "assertionMethod"})

    async def verify_many(credential, n):
        for _ in range(n):
            result = json.loads(await didkit.verify_credential(credential, verify_options))
            assert not result["errors"], result

    def verify_rate(label, credential, n=300):
        asyncio.run(verify_many(credential, 20))
        best = 0.0
        for _ in range(3):
            start = time.perf_counter()
            asyncio.run(verify_many(credential, n))
            best = max(best, n / (time.perf_counter() - start))
        print(f"didkit verify Ed25519Signature2020, {label} ({len(credential)} B): {best:.0f} per s")

    for name in ["didkit-Ed25519Signature2020.json", "didkit-Ed25519Signature2020-tab.json"]:
        verify_rate(name, (ROOT / "Fixtures/interop" / name).read_text())
    verify_rate("typical-credential-v1.json", asyncio.run(issue_typical()))


async def issue_typical():
    """typical-credential-v1.json issued by didkit with the fixtures' key (seed 0x33 * 32)."""
    seed = bytes([0x33]) * 32
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    jwk = json.dumps({"kty": "OKP", "crv": "Ed25519", "x": b64(public), "d": b64(seed)})
    credential = json.loads((pathlib.Path(__file__).parent / "typical-credential-v1.json").read_text())
    credential["issuer"]["id"] = didkit.key_to_did("key", jwk)
    options = {"proofPurpose": "assertionMethod", "verificationMethod": await didkit.key_to_verification_method("key", jwk),
               "type": "Ed25519Signature2020"}
    return await didkit.issue_credential(json.dumps(credential), json.dumps(options), jwk)


main()
