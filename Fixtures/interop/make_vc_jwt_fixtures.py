"""Makes Fixtures/interop/joserfc-*.jwt: VC-JWTs issued by another implementation.

Run once, by hand (not part of the tests):  pip install joserfc==1.6.5 && python3 make_vc_jwt_fixtures.py

The issuer key is the Ed25519 seed 0x11 * 32, whose did:key is printed; the signature is
EdDSA, deterministic, so running this again gives the same files. joserfc (authlib's JOSE
library) does the JWS work; this script only builds the claims.
"""
import base64
import json

from joserfc import jwt
from joserfc.jwk import OKPKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

SEED = bytes([0x11]) * 32
private = Ed25519PrivateKey.from_private_bytes(SEED)
public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
def b58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = ALPHABET[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out

did = "did:key:z" + b58(bytes([0xED, 0x01]) + public)
kid = did + "#" + did[len("did:key:"):]
def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
key = OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": b64(public), "d": b64(SEED)})

# VC Data Model 1.1 JWT encoding (§6.3.1): registered claims plus `vc`.
legacy_claims = {
    "iss": did, "sub": "did:example:ebfeb1f712ebc6f1c276e12ec21", "nbf": 1262304000, "exp": 4102444800,
    "jti": "http://example.edu/credentials/3732",
    "vc": {
        "@context": ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/2018/credentials/examples/v1"],
        "type": ["VerifiableCredential", "UniversityDegreeCredential"],
        "credentialSubject": {"degree": {"type": "BachelorDegree", "name": "Bachelor of Science and Arts"}},
    },
}
legacy = jwt.encode({"alg": "EdDSA", "typ": "JWT", "kid": kid}, legacy_claims, key, algorithms=["EdDSA"])
open("joserfc-vc-1.1.jwt", "w").write(legacy + "\n")

# VC-JOSE-COSE vc+jwt: the credential itself is the payload.
credential = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "http://university.example/credentials/1872",
    "type": ["VerifiableCredential", "ExampleAlumniCredential"],
    "issuer": did, "validFrom": "2010-01-01T19:23:24Z",
    "credentialSubject": {"id": "did:example:123", "alumniOf": {"name": "Đại học Bách khoa Hà Nội"}},
}
modern = jwt.encode({"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": kid}, credential, key, algorithms=["EdDSA"])
open("joserfc-vc+jwt.jwt", "w").write(modern + "\n")

# Check, with joserfc, the VC-JWT our implementation issued (swift-did-wallet-vc-1.1.jwt).
try:
    ours = open("swift-did-wallet-vc-1.1.jwt").read().strip()
    token = jwt.decode(ours, key, algorithms=["EdDSA"])
    print("joserfc verifies swift-did-wallet-vc-1.1.jwt:", token.claims["iss"] == did)
except FileNotFoundError:
    print("swift-did-wallet-vc-1.1.jwt not made yet")
print(did)
