/// One entry of the allow-list: `host` (any port) or `host:port` (that port only), as the
/// command line's `--network-allow HOST[:PORT]` writes it.
///
/// An allowed host may be fetched although its addresses are in a refused range (loopback, a
/// private network: tests and intranets), and over plain `http`. Its addresses are still resolved
/// once and dialled as resolved (no rebinding), and nothing else about the fetch changes.
public struct AllowedHost: Hashable, Sendable, CustomStringConvertible {
    /// The allowed host: a DNS name or an IP literal.
    public let host: GuardedURL.Host
    /// The one port allowed, or `nil` for any port.
    public let port: Int?

    /// Parses `HOST[:PORT]`: a DNS name, an IPv4 literal or a bracketed IPv6 literal, and an
    /// optional port.
    public init(parsing text: String) throws(GuardedHTTPError) {
        (host, port) = try GuardedURL.parseHostAndPort(text)
    }

    /// Whether this entry allows `url`'s host and port.
    public func allows(_ url: GuardedURL) -> Bool {
        host == url.host && (port == nil || port == url.port)
    }

    /// The entry as written: `host` or `host:port`.
    public var description: String { port.map { "\(host):\($0)" } ?? host.description }
}
