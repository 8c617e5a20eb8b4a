/// What ``WalletCore/Wallet/present(request:client:consent:)`` did.
public struct PresentationOutcome: Sendable {
    /// What was presented, to whom.
    public let plan: PresentationPlan
    /// Where the verifier asked the user agent to go next (§8.2), when it did.
    public let redirectURI: String?
}
