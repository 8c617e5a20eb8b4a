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

    /// Verifies a JWS made by the did:nda key `keyId` of `controller`, recording the key and
    /// `signature` checks. `claims`' `iat` is the signing time a soft key revocation is compared with.
    func verifyNDAJWS(signature: [UInt8], signingInput: some Collection<UInt8>, algorithm: String?, keyId: String?, controller: String,
                      relationship: VerificationRelationship, claims: JSONObject, report: inout VerificationReport) async -> Bool {
        guard let (keyId, did) = ndaKeyId(keyId, controller: controller, report: &report) else { return false }
        // The key's type fixes the algorithm; alg must agree, never choose.
        guard algorithm == "ES256K" else {
            report.fail(.signature, VCError(.unsupportedAlgorithm, "a did:nda key is secp256k1: alg must be ES256K, not \(algorithm ?? "(none)")"))
            return false
        }
        let parsed: Secp256k1.Signature
        do { parsed = try Secp256k1.Signature(rawRepresentation: signature) } catch {
            report.fail(.signature, VCError(.malformedJWS, "an ES256K signature is 64 bytes r || s, found \(signature.count)"))
            return false
        }
        let signedAt = claims["iat"]?.numberValue.flatMap(DateTimeStamp.init(numericDate:))
        return await ndaKeyVerifies(parsed, digest: SHA256.hash(Array(signingInput)), keyId: keyId, did: did, relationship: relationship,
                                    signedAt: signedAt, lowS: .required, signatureCheck: .signature, report: &report)
    }
}
