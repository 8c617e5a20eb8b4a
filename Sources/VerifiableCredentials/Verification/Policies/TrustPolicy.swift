import StrictJSON

/// Trusted issuers (``VerificationPolicy/trustedIssuers``), for every format and every credential,
/// and for presentations: a presentation is trusted only through the credentials it carries, so
/// one with no credential fails (security requirement 35). Each credential inside a presentation
/// is held to the same rule by its own verification.
public struct TrustPolicy: VerifierPolicy {
    /// The trust policy; it accepts every issuer when ``VerificationPolicy/trustedIssuers`` is `nil`.
    public init() {}

    /// Records `trustedIssuer`: failed with `untrustedIssuer` when the issuer is not trusted.
    public func evaluate(_ subject: PolicySubject, in context: PolicyContext, report: inout VerificationReport) async {
        Self.evaluate(subject, settings: context.settings, report: &report)
    }

    /// The check itself, synchronous (the verifier calls it directly when its policies are the standard ones).
    static func evaluate(_ subject: PolicySubject, settings: VerificationPolicy, report: inout VerificationReport) {
        guard let trusted = settings.trustedIssuers else { return }
        switch subject {
        case .credential(let statements):
            report.check(.trustedIssuer) { () throws(VCError) in
                guard let issuer = statements.issuer, trusted.contains(where: { $0.hasSameScalars(as: issuer) }) else {
                    throw VCError(.untrustedIssuer, "\(statements.issuer ?? "(no issuer)") is not a trusted issuer")
                }
            }
        case .presentation(let statements):
            report.check(.trustedIssuer) { () throws(VCError) in
                guard statements.credentialCount > 0 else {
                    throw VCError(.untrustedIssuer, "the presentation carries no credential, so nothing from a trusted issuer")
                }
            }
        case .embeddedCredential:
            break
        }
    }
}
