"""Makes Fixtures/interop/sdjwt-python-*.txt: SD-JWTs issued and presented by the reference
Python implementation (sd-jwt 0.10.4, OpenWallet Foundation), with Ed25519 keys.

Run once, by hand (not part of the tests):  pip install sd-jwt==0.10.4 && python3 make_sd_jwt_fixtures.py

Issuer: Ed25519 seed 0x11 * 32 (did:key:z6MktULudTtAsAhRegYPiZ6631RV3viv12qd4GQF8z1xB22S);
holder: seed 0x22 * 32. Salts are random, so each run gives new files; the tests check
verification, not bytes. The script also verifies, with sd-jwt, the SD-JWT presentation our
library made (swift-did-wallet-sd-jwt-presentation.txt), when it exists.
"""
import base64
import json
import time

from jwcrypto.jwk import JWK
from sd_jwt.common import SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer
from sd_jwt.verifier import SDJWTVerifier


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def okp(seed: bytes) -> JWK:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives import serialization
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return JWK(kty="OKP", crv="Ed25519", x=b64(public), d=b64(seed))


ISSUER_DID = "did:key:z6MktULudTtAsAhRegYPiZ6631RV3viv12qd4GQF8z1xB22S"
issuer_key = okp(bytes([0x11]) * 32)
holder_key = okp(bytes([0x22]) * 32)
now = int(time.time())

claims = {
    "iss": ISSUER_DID, "iat": now, "exp": now + 10 * 365 * 86400, "vct": "https://credentials.example/pid",
    SDObj("given_name"): "An", SDObj("family_name"): "Nguyễn", SDObj("birthdate"): "1990-04-12",
    "address": {SDObj("locality"): "Hà Nội", "country": "VN"},
    "nationalities": [SDObj("VN"), SDObj("FR")],
}
issuer = SDJWTIssuer(claims, issuer_key, holder_key=holder_key, sign_alg="EdDSA", add_decoy_claims=True,
                     extra_header_parameters={"typ": "dc+sd-jwt", "kid": ISSUER_DID + "#" + ISSUER_DID.split(":")[2]})
open("sdjwt-python-issuance.txt", "w").write(issuer.sd_jwt_issuance + "\n")

holder = SDJWTHolder(issuer.sd_jwt_issuance)
holder.create_presentation({"given_name": True, "address": {"locality": True}}, nonce="n-python", aud="https://verifier.example",
                           holder_key=holder_key, sign_alg="EdDSA")
open("sdjwt-python-presentation.txt", "w").write(holder.sd_jwt_presentation + "\n")

public_issuer = JWK.from_json(issuer_key.export_public())
try:
    ours = open("swift-did-wallet-sd-jwt-presentation.txt").read().strip()
    # sd-jwt 0.10.4 checks the key-binding JWT with ES256 when asked through the constructor, so
    # the issuer signature is checked there and the EdDSA key binding explicitly afterwards.
    verifier = SDJWTVerifier(ours, lambda iss, header: public_issuer)
    verifier._verify_key_binding_jwt("https://verifier.example", "n-swift", sign_alg="EdDSA")
    print("sd-jwt verifies swift-did-wallet-sd-jwt-presentation.txt:", json.dumps(verifier.get_verified_payload(), ensure_ascii=False))
except FileNotFoundError:
    print("swift-did-wallet-sd-jwt-presentation.txt not made yet")
