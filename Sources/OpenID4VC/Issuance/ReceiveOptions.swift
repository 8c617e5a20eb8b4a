public import VerifiableCredentials
public import WalletCore

/// How ``IssuanceClient`` and `Wallet.receive` take an offer.
public struct ReceiveOptions: Sendable {
    /// The offered configurations to request; `nil`: every one the offer lists.
    public var configurationIds: [String]?
    /// The holder key's type: `nil` lets the issuer's `proof_signing_alg_values_supported` decide
    /// (Ed25519 when it takes EdDSA, else P-256 for ES256); `.p256` asks for a P-256-bound
    /// credential (as HAIP verifiers need).
    public var keyType: KeyType?
    /// The wallet DID (or label) to bind W3C credentials to; `nil`: a DID of the wallet with a key
    /// of the chosen type (one is created when there is none).
    public var holder: String?
    /// The `client_id` sent to the authorization server (authorization code flow, and
    /// pre-authorized access when the server does not take anonymous requests).
    public var clientId = "swift-did-wallet"
    /// Use the authorization code flow even when the offer has a pre-authorized code.
    public var preferAuthorizationCode = false
    /// How long to wait for the authorization redirect.
    public var authorizationTimeout: Duration = .seconds(300)
    /// How long to keep polling a deferred credential (§9); after it, the issuance is reported
    /// pending with its transaction id.
    public var deferredWait: Duration = .seconds(30)
    /// The verifier that checks each received credential before it is stored; `nil`: the offline
    /// verifier (did:key, did:jwk) with, when the issuer is a did:web, the same guarded client.
    public var verifier: Verifier?

    /// The defaults.
    public init() {}
}
