/// What a ``GuardedHTTPClient`` may fetch and within which limits. The defaults are the safe
/// ones: HTTPS only, no refused address, no extra trust anchor, a 2 MiB cap and a 10 s deadline.
/// Every allowance is explicit; none is implied by a URL.
public struct GuardedHTTPConfiguration: Sendable {
    /// Hosts that may be fetched although their addresses are refused, and over plain `http`.
    public var allowedHosts: [AllowedHost] = []
    /// Roots trusted in addition to the system's.
    public var trustAnchors: TrustAnchors?
    /// The largest body accepted, in raw bytes (nothing is ever decoded).
    public var maximumBodyBytes = 2 << 20
    /// The longest a fetch may take, from the first lookup to the last byte, redirects included.
    public var deadline: Duration = .seconds(10)
    /// The most redirects followed (each to the same scheme, host and port).
    public var maximumRedirects = 5
    /// Where host names are resolved.
    public var resolver: any Resolver = SystemResolver()
    /// The `User-Agent` header.
    public var userAgent = "swift-did-wallet"

    /// Called with the address about to be dialled (after every check) and returns the address
    /// to dial instead. For tests only: it lets a loopback server stand in for a public address,
    /// so that no test ever sends a packet off the machine. `nil` (the default) dials the
    /// checked address.
    package var dialHook: (@Sendable (_ host: GuardedURL.Host, _ address: IPAddress, _ port: Int) throws -> IPAddress)?

    /// The safe defaults: HTTPS only, no allowed host, no extra trust anchor, 2 MiB, 10 s, 5 redirects, the system resolver.
    public init() {}

    /// Whether the allow-list allows `url`'s host and port.
    public func allows(_ url: GuardedURL) -> Bool { allowedHosts.contains { $0.allows(url) } }
}
