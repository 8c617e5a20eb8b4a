import DIDCore
import StrictJSON

/// NDA's extension of verification methods: `revoked` (a dateTimeStamp) and `revocationReason`
/// (PILA's SDK, `didv2`; decision 0028). `keyCompromise` refuses every signature by the key,
/// whenever it says it was made: whoever holds a compromised key can write any `created` or
/// `iat`. Any other reason refuses what was signed at or after `revoked`, and what states no
/// signing time; a `revoked` that is not a dateTimeStamp refuses everything.
enum NDAKeyRevocation {
    /// The reason that always refuses.
    static let keyCompromise = "keyCompromise"

    /// Throws `keyRevoked` when `method` may not vouch for a signature made at `signedAt`.
    static func check(_ method: VerificationMethod, signedAt: DateTimeStamp?) throws(VCError) {
        let reason = method.additionalMembers["revocationReason"]
        if reason?.stringValue == keyCompromise {
            throw VCError(.keyRevoked, "\(method.id) is revoked for keyCompromise: no signature by it is accepted")
        }
        guard let revoked = method.additionalMembers["revoked"] else {
            if reason != nil { throw VCError(.keyRevoked, "\(method.id) has a revocationReason without a revoked time") }
            return
        }
        guard let text = revoked.stringValue, let revokedAt = DateTimeStamp(parsing: text) else {
            throw VCError(.keyRevoked, "\(method.id) is revoked (its revoked time \(revoked.compactString) is not a dateTimeStamp)")
        }
        guard let signedAt else {
            throw VCError(.keyRevoked, "\(method.id) was revoked at \(text) and the signature states no time it was made")
        }
        guard signedAt < revokedAt else {
            throw VCError(.keyRevoked, "\(method.id) was revoked at \(text) (\(reason?.stringValue ?? "no reason")); the signature says it was made at \(signedAt.text)")
        }
    }
}
