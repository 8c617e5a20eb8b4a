/// A group of checks the ``Verifier`` runs once a credential's or presentation's own signature
/// (proof) checks are done — in the manner of swift-certificates' `VerifierPolicy`. The standard
/// ones are ``ValidityPolicy``, ``TrustPolicy``, ``StatusPolicy`` and ``HolderBindingPolicy``; an
/// app appends its own to ``Verifier/policies``.
///
/// A policy reads only ``VerifiedStatements`` (values taken from signed data) and the settings
/// in ``PolicyContext/settings``, and records what it found with
/// ``VerificationReport/check(_:_:)``, ``VerificationReport/fail(_:_:)`` or
/// ``VerificationReport/warn(_:_:)``. It never throws: an invalid input is a failed check.
public protocol VerifierPolicy: Sendable {
    /// Evaluates `subject`, recording checks and warnings in `report`.
    func evaluate(_ subject: PolicySubject, in context: PolicyContext, report: inout VerificationReport) async
}

/// What a ``VerifierPolicy`` is asked about.
public enum PolicySubject: Sendable {
    /// A credential whose proof verified (alone, or inside a presentation: its own report).
    case credential(VerifiedStatements)
    /// A presentation whose proof verified, before its credentials are verified.
    case presentation(VerifiedStatements)
    /// Credential `index` of a presentation whose holder is `holder`, after it was verified
    /// (`report` is its own report); checks go into the presentation's report.
    case embeddedCredential(index: Int, report: VerificationReport, holder: String)
}

/// What a policy may use besides the statements: the verifier's settings and the verifier itself
/// (to verify what a check has to obtain, such as a status list credential).
public struct PolicyContext: Sendable {
    /// The verifier that runs the policy.
    public let verifier: Verifier
    /// The verifier's settings (clock, skew, trusted issuers, …).
    public var settings: VerificationPolicy { verifier.policy }
    /// 0 for the input itself; 1 for a credential inside a presentation or a status list credential.
    public let depth: Int
    /// What this verification (or batch) has obtained already, such as status lists.
    let session: VerificationSession?
}
