public import StrictJSON

/// Where an issuer role (``CredentialIssuerService``) keeps its state: offers, pre-authorized and
/// authorization codes, access tokens, `c_nonce` values and deferred transactions — each a JSON
/// record under a random 256-bit key, expiring, and single-use where the protocol says so
/// (``take(_:key:)`` removes atomically: of two concurrent takes, one gets the record).
///
/// ``InMemoryIssuanceStateStore`` keeps them in memory; `WalletServer` keeps them in SQLite.
/// Implementations should not keep the keys in clear (they are bearer secrets): the in-memory
/// store and the SQLite one index records by a hash of the key.
public protocol IssuanceStateStore: Sendable {
    /// Stores `value` under `key`, live for `lifetime` (replacing a record with that key).
    func put(_ kind: IssuanceRecordKind, key: String, value: JSONValue, lifetime: Duration) async throws(OpenID4VCError)
    /// Removes and returns the live record under `key`; `nil` when there is none (unknown,
    /// expired or already taken).
    func take(_ kind: IssuanceRecordKind, key: String) async throws(OpenID4VCError) -> JSONValue?
    /// The live record under `key`, left in place; `nil` when there is none.
    func read(_ kind: IssuanceRecordKind, key: String) async throws(OpenID4VCError) -> JSONValue?
}

/// The kinds of records an issuer keeps.
public enum IssuanceRecordKind: String, Sendable, CaseIterable {
    /// An offer served at its `credential_offer_uri` (read, not taken: a wallet may fetch it again).
    case offer
    /// A pre-authorized code with its claims and the hash of its `tx_code` (single use).
    case preAuthorizedCode
    /// An `issuer_state` of an authorization-code offer (single use, at the authorization endpoint).
    case issuerState
    /// An authorization code bound to its client, redirect URI and PKCE challenge (single use).
    case authorizationCode
    /// An access token and what it authorizes.
    case accessToken
    /// A `c_nonce` (single use).
    case nonce
    /// A deferred issuance (`transaction_id`).
    case transaction
}
