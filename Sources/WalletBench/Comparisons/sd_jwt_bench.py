"""The SD-JWT part of wallet-bench run on the Python reference implementation, for comparison.

    pip install sd-jwt==0.10.4
    python3 Sources/WalletBench/Comparisons/sd_jwt_bench.py

Same workload: an EdDSA issuer, 10 selectively disclosable claims, a holder key in cnf,
presentations of 2 claims with a key-binding JWT, verification of the issuer signature, the
disclosures and the key binding.
"""
import base64
import time
import warnings

warnings.filterwarnings("ignore")
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwcrypto.jwk import JWK
from sd_jwt.common import SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer
from sd_jwt.verifier import SDJWTVerifier


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def okp(seed):
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return JWK(kty="OKP", crv="Ed25519", x=b64(public), d=b64(seed))


issuer_key, holder_key = okp(bytes([5]) * 32), okp(bytes([6]) * 32)
public_issuer = JWK.from_json(issuer_key.export_public())
claims = {"iss": "did:example:issuer", "iat": int(time.time()), "vct": "https://credentials.example/bench"}
for index in range(10):
    claims[SDObj("claim_%d" % index)] = "value number %d — giá trị" % index


def rate(count, body):
    start = time.perf_counter()
    for _ in range(count):
        body()
    return count / (time.perf_counter() - start)


N = 500
issuance = SDJWTIssuer(claims, issuer_key, holder_key=holder_key, sign_alg="EdDSA").sd_jwt_issuance


def present():
    holder = SDJWTHolder(issuance)
    holder.create_presentation({"claim_1": True, "claim_5": True}, nonce="n", aud="https://v.example", holder_key=holder_key, sign_alg="EdDSA")
    return holder.sd_jwt_presentation


presentation = present()


def verify():
    verifier = SDJWTVerifier(presentation, lambda iss, header: public_issuer)
    verifier._verify_key_binding_jwt("https://v.example", "n", sign_alg="EdDSA")
    verifier.get_verified_payload()


print("%-70s%14.1f  per s" % ("sd-jwt (Python) issue (10 disclosable claims)", rate(N, lambda: SDJWTIssuer(claims, issuer_key, holder_key=holder_key, sign_alg="EdDSA"))))
print("%-70s%14.1f  per s" % ("sd-jwt (Python) present (2 of 10 claims, KB-JWT)", rate(N, present)))
print("%-70s%14.1f  per s" % ("sd-jwt (Python) verify (issuer signature, 2 disclosures, KB-JWT)", rate(N, verify)))
