"""Makes Fixtures/interop/python-vc+jwt-es256*.jwt: ES256 and ES256K vc+jwt tokens made by two
independent implementations, and checks the ones this library made.

Run by hand (not part of the tests):  pip install cryptography==48.0.0 coincurve==20.0.0 &&
python3 make_ecdsa_jwt_fixtures.py

- ES256 (P-256): signed with `cryptography` (OpenSSL), issuer scalar 0x44 * 32, did:key zDn…
- ES256K (secp256k1): signed with `coincurve` (its own libsecp256k1 build), scalar 0x55 * 32,
  did:key zQ3s…; libsecp256k1 gives low-S signatures. A copy with s replaced by n - s (the same
  signature in high-S form, which ECDSA alone accepts) is written too: this library refuses it.
ECDSA signatures are randomised (OpenSSL) or RFC 6979 (libsecp256k1); running again may change
the ES256 file. This script builds the JWS by hand (base64url, JSON) so that the signature work
is the libraries' alone.
"""
import base64
import hashlib
import json

import coincurve
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.exceptions import InvalidSignature

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
def b58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = ALPHABET[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out

def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

def did_key(multicodec_prefix: bytes, compressed: bytes) -> tuple[str, str]:
    did = "did:key:z" + b58(multicodec_prefix + compressed)
    return did, did + "#" + did[len("did:key:"):]

def credential(issuer: str, name: str) -> dict:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "http://university.example/credentials/" + name,
        "type": ["VerifiableCredential", "ExampleAlumniCredential"],
        "issuer": issuer, "validFrom": "2010-01-01T19:23:24Z",
        "credentialSubject": {"id": "did:example:123", "alumniOf": {"name": "Đại học Quốc gia Hà Nội"}},
    }

def signing_input(header: dict, payload: dict) -> bytes:
    compact = lambda value: json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    return (b64(compact(header)) + "." + b64(compact(payload))).encode()

# --- ES256 with cryptography (OpenSSL) ----------------------------------------------------------
p256 = ec.derive_private_key(int.from_bytes(bytes([0x44]) * 32, "big"), ec.SECP256R1())
p256_compressed = p256.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
p256_did, p256_kid = did_key(bytes([0x80, 0x24]), p256_compressed)
header = {"alg": "ES256", "typ": "vc+jwt", "cty": "vc", "kid": p256_kid}
message = signing_input(header, credential(p256_did, "es256"))
r, s = decode_dss_signature(p256.sign(message, ec.ECDSA(hashes.SHA256())))
open("python-vc+jwt-es256.jwt", "w").write(message.decode() + "." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big")) + "\n")

# --- ES256K with coincurve (libsecp256k1) -------------------------------------------------------
k1 = coincurve.PrivateKey(bytes([0x55]) * 32)
k1_did, k1_kid = did_key(bytes([0xE7, 0x01]), k1.public_key.format(compressed=True))
header = {"alg": "ES256K", "typ": "vc+jwt", "cty": "vc", "kid": k1_kid}
message = signing_input(header, credential(k1_did, "es256k"))
r, s = decode_dss_signature(k1.sign(message, hasher=lambda data: hashlib.sha256(data).digest()))
assert s <= SECP256K1_N // 2, "libsecp256k1 signs low-S"
open("python-vc+jwt-es256k.jwt", "w").write(message.decode() + "." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big")) + "\n")
high = SECP256K1_N - s
open("python-vc+jwt-es256k-high-s.jwt", "w").write(message.decode() + "." + b64(r.to_bytes(32, "big") + high.to_bytes(32, "big")) + "\n")

# --- Check the tokens this library made with the same keys --------------------------------------
def check(path: str, verify) -> None:
    try:
        token = open(path).read().strip()
    except FileNotFoundError:
        print(path, "not made yet")
        return
    head, body, signature = token.split(".")
    raw = unb64(signature)
    r, s = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    good = verify((head + "." + body).encode(), r, s)
    tampered = verify((head + "." + body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]).encode(), r, s)
    print(path, "verifies:", good, "| tampered copy verifies:", tampered, "| alg:", json.loads(unb64(head))["alg"])

def verify_p256(message: bytes, r: int, s: int) -> bool:
    try:
        p256.public_key().verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False

def verify_k1(message: bytes, r: int, s: int) -> bool:
    return k1.public_key.verify(encode_dss_signature(r, s), message, hasher=lambda data: hashlib.sha256(data).digest())

check("swift-did-wallet-vc+jwt-es256.jwt", verify_p256)
check("swift-did-wallet-vc+jwt-es256k.jwt", verify_k1)
print(p256_did)
print(k1_did)
