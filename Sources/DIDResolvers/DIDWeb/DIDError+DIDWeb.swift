public import DIDCore

/// The resolution error codes a fetching resolver adds to DIDCore's (DID Resolution §7.1 names
/// `invalidDid`, `notFound` and `representationNotSupported`, used as they are; these name what
/// only a network fetch can meet). Stable: callers match on them.
extension DIDError.Code {
    /// The guarded client refused the fetch by a rule (security requirement 38): a refused
    /// address, a redirect to another scheme, host or port, too many redirects. The client's own
    /// code leads the message (`refusedAddress: …`).
    public static let networkRefused = DIDError.Code("networkRefused")
    /// The fetch failed: TLS, connection, deadline, an HTTP status other than 2xx, 404 and 410
    /// (those are `notFound`). The client's own code leads the message.
    public static let fetchFailed = DIDError.Code("fetchFailed")
    /// The document is larger than the resolver's cap (announced or counted as it arrived).
    public static let documentTooLarge = DIDError.Code("documentTooLarge")
    /// The fetched document's `id` is not the DID that was resolved, code point for code point
    /// (did:web §"Read (Resolve)": "Verify that the ID of the resolved DID document matches").
    public static let documentIdMismatch = DIDError.Code("documentIdMismatch")
}
