import Foundation

/// The validity period (VC Data Model 2.0 §4.9, 1.1 §4.7/§4.8): `validFrom` (`issuanceDate`) and
/// `validUntil` (`expirationDate`) against the policy's clock, with its clock skew.
public struct ValidityPolicy: VerifierPolicy {
    /// The validity policy.
    public init() {}

    /// Records `validity`: failed with `notYetValid` or `expired` outside the validity period, skew allowed.
    public func evaluate(_ subject: PolicySubject, in context: PolicyContext, report: inout VerificationReport) async {
        Self.evaluate(subject, settings: context.settings, report: &report)
    }

    /// The check itself, synchronous (the verifier calls it directly when its policies are the standard ones).
    static func evaluate(_ subject: PolicySubject, settings: VerificationPolicy, report: inout VerificationReport) {
        guard case .credential(let statements) = subject, statements.format != .sdJWT else { return }
        let now = settings.now()
        report.check(.validity) { () throws(VCError) in
            if let from = statements.validFrom, from.isAfter(now, tolerance: settings.clockSkew) {
                throw VCError(.notYetValid, "the credential is valid from \(from)")
            }
            if let until = statements.validUntil, until.isBefore(now, tolerance: settings.clockSkew) {
                throw VCError(.expired, "the credential expired at \(until)")
            }
        }
    }
}
