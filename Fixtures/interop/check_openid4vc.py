"""Checks, with independent Python libraries, the OpenID4VC artifacts this library made:
Fixtures/interop/swift-did-wallet-x5c-sd-jwt-kb.txt, an SD-JWT VC signed under an x5c chain
(root in openid4vc-x5c-root.pem) and presented with a KB-JWT, written by
`WRITE_INTEROP_FIXTURES=1 swift test --filter X509InteropTests`.

Run by hand (not part of the tests):
    pip install cryptography==48.0.0 sd-jwt==0.10.4 joserfc==1.6.5 && python3 check_openid4vc.py

- The chain: cryptography's X.509 path validation (its Rust verifier) against the root alone, at
  the credential's time, and the leaf's DNS name against the host of iss.
- The SD-JWT and the KB-JWT: sd-jwt (the OpenWallet Foundation's implementation, over jwcrypto)
  with the leaf's key, the expected nonce and audience; and joserfc (authlib's JOSE) for both
  signatures, with sd_hash recomputed here by hashlib.
- Negative controls: another root, a changed payload, a wrong nonce, a changed disclosure list.
Prints one line per check; exits 1 if any expectation fails.

Also a key proof (openid4vci-proof+jwt, Fixtures/interop/swift-did-wallet-key-proof.jwt) and two
direct_post.jwt responses (ECDH-ES with A128GCM and A256GCM, swift-did-wallet-response-*.jwe, to
the test key in openid4vc-response-key.json), written by
`WRITE_INTEROP_FIXTURES=1 swift test --filter KeyProofAndJWEInteropTests`: joserfc verifies the
proof with the key in its own jwk header and decrypts the responses; controls: a changed payload,
another key, a changed ciphertext.
"""
import base64
import datetime
import hashlib
import json
import sys
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.verification import ExtensionPolicy, PolicyBuilder, Store
from joserfc import jws
from joserfc.jwk import ECKey
from jwcrypto.jwk import JWK
from sd_jwt.verifier import SDJWTVerifier

NONCE = "n-openid4vc-interop"
AUDIENCE = "x509_san_dns:verifier.example"
AT = datetime.datetime(2026, 8, 1, tzinfo=datetime.timezone.utc)
failures = []


def expect(label, value, wanted=True):
    print(f"{label}: {value}")
    if value != wanted:
        failures.append(label)


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def chain_verifies(leaf, intermediates, root):
    builder = PolicyBuilder().store(Store([root])).time(AT).extension_policies(
        ca_policy=ExtensionPolicy.webpki_defaults_ca(), ee_policy=ExtensionPolicy.permit_all())
    try:
        builder.build_client_verifier().verify(leaf, intermediates)
        return True
    except Exception as error:  # VerificationError
        print(f"  (cryptography: {error})")
        return False


class X5CRegistry(jws.JWSRegistry):
    """joserfc caps a protected header at 512 bytes; an x5c chain needs more (ours: 8 KiB)."""
    max_header_length = 8192


def joserfc_verifies(token, key):
    try:
        jws.deserialize_compact(token, key, algorithms=["ES256"], registry=X5CRegistry(algorithms=["ES256"]))
        return True
    except Exception as error:
        print(f"  (joserfc: {type(error).__name__}: {error})")
        return False


def sd_jwt_verifies(presentation, leaf_key, nonce=NONCE):
    def issuer_key(issuer, header):
        return leaf_key
    try:
        SDJWTVerifier(presentation, issuer_key, expected_aud=AUDIENCE, expected_nonce=nonce, serialization_format="compact")
        return True
    except Exception as error:
        print(f"  (sd-jwt: {type(error).__name__}: {error})")
        return False


root = x509.load_pem_x509_certificate(open("openid4vc-x5c-root.pem", "rb").read())
presentation = open("swift-did-wallet-x5c-sd-jwt-kb.txt").read().strip()
pieces = presentation.split("~")
issuer_jwt, disclosures, kb_jwt = pieces[0], pieces[1:-1], pieces[-1]
header = json.loads(unb64url(issuer_jwt.split(".")[0]))
payload = json.loads(unb64url(issuer_jwt.split(".")[1]))
certificates = [x509.load_der_x509_certificate(base64.b64decode(entry, validate=True)) for entry in header["x5c"]]
leaf, intermediates = certificates[0], certificates[1:]

# The chain, and the leaf naming iss.
expect("cryptography validates the x5c chain to the root", chain_verifies(leaf, intermediates, root))
other_root_key = ec.generate_private_key(ec.SECP256R1())
other_name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "swift-did-wallet interop root")])
other_root = (x509.CertificateBuilder().subject_name(other_name).issuer_name(other_name).public_key(other_root_key.public_key())
              .serial_number(1).not_valid_before(AT - datetime.timedelta(days=1)).not_valid_after(AT + datetime.timedelta(days=1))
              .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                           encipher_only=False, decipher_only=False), critical=True)
              .add_extension(x509.SubjectKeyIdentifier.from_public_key(other_root_key.public_key()), critical=False)
              .sign(other_root_key, hashes.SHA256()))
expect("cryptography validates it to another root of the same name and extensions", chain_verifies(leaf, intermediates, other_root), False)
expect("cryptography validates that root itself (the control is a well-formed root)", chain_verifies(other_root, [], other_root))
dns_names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)
expect("the leaf's DNS name is the host of iss", urlsplit(payload["iss"]).hostname in dns_names)

# The SD-JWT and KB-JWT with sd-jwt (jwcrypto), the key taken from the validated leaf.
leaf_pem = leaf.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
leaf_jwk = JWK.from_pem(leaf_pem)
expect("sd-jwt verifies the x5c SD-JWT and its KB-JWT (nonce, aud, sd_hash)", sd_jwt_verifies(presentation, leaf_jwk))
expect("sd-jwt with another nonce", sd_jwt_verifies(presentation, leaf_jwk, nonce="other"), False)
tampered_payload = dict(payload, iss="https://attacker.example")
tampered = ".".join([issuer_jwt.split(".")[0], b64url(json.dumps(tampered_payload).encode()), issuer_jwt.split(".")[2]])
expect("sd-jwt with a changed payload", sd_jwt_verifies("~".join([tampered] + pieces[1:]), leaf_jwk), False)
expect("sd-jwt with the disclosure dropped after the KB-JWT was made (sd_hash)", sd_jwt_verifies(issuer_jwt + "~" + kb_jwt, leaf_jwk), False)

# Both signatures again with joserfc, and sd_hash by hand.
leaf_key = ECKey.import_key(leaf_pem)
expect("joserfc verifies the issuer-signed JWT with the leaf's key", joserfc_verifies(issuer_jwt, leaf_key))
expect("joserfc refuses it under another key", joserfc_verifies(issuer_jwt, ECKey.generate_key("P-256")), False)
holder_key = ECKey.import_key(payload["cnf"]["jwk"])
expect("joserfc verifies the KB-JWT with the cnf key", joserfc_verifies(kb_jwt, holder_key))
kb_header = json.loads(unb64url(kb_jwt.split(".")[0]))
kb_claims = json.loads(unb64url(kb_jwt.split(".")[1]))
hashed = presentation[: len(presentation) - len(kb_jwt)]
expect("KB-JWT typ", kb_header.get("typ"), "kb+jwt")
expect("KB-JWT sd_hash = base64url(SHA-256(issuer JWT ~ disclosures ~))", kb_claims["sd_hash"] == b64url(hashlib.sha256(hashed.encode()).digest()))
expect("KB-JWT nonce and aud", (kb_claims["nonce"], kb_claims["aud"]), (NONCE, AUDIENCE))

# The key proof: joserfc, with the key its header carries (OpenID4VCI 1.0 Appendix F.1).
from joserfc import jwe
import os
here = os.path.dirname(os.path.abspath(__file__))
proof = open(os.path.join(here, "swift-did-wallet-key-proof.jwt")).read().strip()
proof_header = json.loads(unb64url(proof.split(".")[0]))
proof_claims = json.loads(unb64url(proof.split(".")[1]))
expect("key proof typ, alg", (proof_header.get("typ"), proof_header.get("alg")), ("openid4vci-proof+jwt", "ES256"))
expect("key proof jwk has no private member", "d" not in proof_header["jwk"])
proof_key = ECKey.import_key(proof_header["jwk"])
expect("joserfc verifies the key proof with its jwk", joserfc_verifies(proof, proof_key))
expect("joserfc refuses it under another key", joserfc_verifies(proof, ECKey.generate_key("P-256")), False)
changed = ".".join([proof.split(".")[0], b64url(json.dumps(dict(proof_claims, aud="https://other.example")).encode()), proof.split(".")[2]])
expect("joserfc refuses a changed aud", joserfc_verifies(changed, proof_key), False)
expect("key proof aud, nonce", (proof_claims.get("aud"), proof_claims.get("nonce")), ("https://issuer.example", "c-nonce-interop"))

# The encrypted responses: joserfc decrypts them with the verifier's key (OpenID4VP 1.0 §8.3).
response_key = ECKey.import_key(json.load(open(os.path.join(here, "openid4vc-response-key.json"))))
wanted_plaintext = {"state": "state-interop", "vp_token": {"pid": ["eyJhbGciOiJFUzI1NiJ9.e30.c2ln~"]}}
for enc in ["A128GCM", "A256GCM"]:
    token = open(os.path.join(here, f"swift-did-wallet-response-{enc.lower()}.jwe")).read().strip()
    registry = jwe.JWERegistry(algorithms=["ECDH-ES", enc])
    def decrypts(compact, key):
        try:
            return json.loads(jwe.decrypt_compact(compact, key, registry=registry).plaintext)
        except Exception as error:
            print(f"  (joserfc: {type(error).__name__}: {error})")
            return None
    header = json.loads(unb64url(token.split(".")[0]))
    expect(f"{enc}: header alg, enc, kid", (header.get("alg"), header.get("enc"), header.get("kid")), ("ECDH-ES", enc, "verifier-interop"))
    expect(f"{enc}: joserfc decrypts the response to the plaintext", decrypts(token, response_key), wanted_plaintext)
    expect(f"{enc}: another key does not decrypt it", decrypts(token, ECKey.generate_key("P-256")), None)
    parts = token.split(".")
    flipped = bytearray(unb64url(parts[3]))
    flipped[0] ^= 1
    expect(f"{enc}: a changed ciphertext does not decrypt", decrypts(".".join(parts[:3] + [b64url(bytes(flipped))] + parts[4:]), response_key), None)

if failures:
    print(f"FAILED: {failures}")
    sys.exit(1)
print("all checks passed")
