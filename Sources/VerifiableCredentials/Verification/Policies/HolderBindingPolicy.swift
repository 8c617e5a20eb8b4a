import StrictJSON

/// With ``VerificationPolicy/requireHolderBinding``: every credential in a presentation names the
/// presentation's holder as a subject (compared code point for code point).
public struct HolderBindingPolicy: VerifierPolicy {
    /// The holder-binding policy; it checks only when ``VerificationPolicy/requireHolderBinding`` is set.
    public init() {}

    /// Records `holderBinding[i]` for each credential of a presentation: failed with `holderBindingFailed` when its subjects do not include the holder.
    public func evaluate(_ subject: PolicySubject, in context: PolicyContext, report: inout VerificationReport) async {
        Self.evaluate(subject, settings: context.settings, report: &report)
    }

    /// The check itself, synchronous (the verifier calls it directly when its policies are the standard ones).
    static func evaluate(_ subject: PolicySubject, settings: VerificationPolicy, report: inout VerificationReport) {
        guard settings.requireHolderBinding, case .embeddedCredential(let index, let embedded, let holder) = subject else { return }
        let subjects = embedded.statements?.subjectIds ?? []
        report.check(.holderBinding(index)) { () throws(VCError) in
            guard subjects.contains(where: { $0.hasSameScalars(as: holder) }) else {
                throw VCError(.holderBindingFailed, "the holder \(holder) is not a subject of credential \(index)")
            }
        }
    }
}
