import DIDCore
import StrictJSON
import WalletCrypto

/// JWTs signed by a did:nda key (NDA's VC-JWTs: `alg` ES256K, `kid` a did:nda DID URL; decision
/// 0028). The JWS is a standard RFC 8812 §3.2 signature — SHA-256 over the signing input, raw
/// `r || s`, low S required as for every ES256K JWT — so only the key differs: it must hash to
/// the DID's address, recovered offline or taken from the did:nda resolver's document.
extension Verifier {
    /// Whether a JWS's `kid` names a did:nda key (the JOSE path hands such JWTs here).
    static func isNDAKeyId(_ keyId: String?) -> Bool {
        keyId?.utf8.starts(with: "did:nda:".utf8) ?? false
    }

    /// Verifies `jws`, made by the did:nda key its `kid` names, of `controller`, recording the
    /// key and `signature` checks (`alg`'s allow-list was checked with the JWS). `claims`' `iat`
    /// is the signing time a soft key revocation is compared with.
    func verifyNDAJWS(_ jws: CompactJWS, controller: String, relationship: VerificationRelationship, claims: JSONObject,
                      report: inout VerificationReport) async -> Bool {
        guard let (keyId, did) = ndaKeyId(jws.keyId, controller: controller, report: &report) else { return false }
        // The key's type fixes the algorithm; alg must agree, never choose.
        guard jws.signatureAlgorithm == .es256k else {
            report.fail(.signature, VCError(.algorithmKeyMismatch, "a did:nda key is secp256k1: alg must be ES256K, not \(jws.signatureAlgorithm)"))
            return false
        }
        let signature: Secp256k1.Signature
        do { signature = try Secp256k1.Signature(rawRepresentation: jws.signature) } catch {
            report.fail(.signature, VCError(.malformedJWS, "an ES256K signature is 64 bytes r || s, found \(jws.signature.count)"))
            return false
        }
        let signedAt = claims["iat"]?.numberValue.flatMap(DateTimeStamp.init(numericDate:))
        return await ndaKeyVerifies(signature, digest: SHA256.hash(jws.signingInputSlice), keyId: keyId, did: did, relationship: relationship,
                                    signedAt: signedAt, lowS: .required, signatureCheck: .signature, report: &report)
    }
}
