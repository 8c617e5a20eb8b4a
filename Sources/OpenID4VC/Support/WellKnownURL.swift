/// Identifiers that are HTTPS URLs (a Credential Issuer Identifier, OpenID4VCI 1.0 §12.2.1; an
/// authorization server's issuer identifier, RFC 8414 §2) and the well-known URLs made from them
/// by inserting a path between the authority and the path (OpenID4VCI §12.2.2, RFC 8414 §3.1).
enum WellKnownURL {
    /// Checks that `identifier` is an `https` URL with a host and no query or fragment, and
    /// returns its origin (`https://host[:port]`) and path (`""` or `/…`, without a trailing `/`).
    /// - Parameter allowHTTP: Whether plain `http` is taken too (for allow-listed test hosts).
    /// - Parameter allowQuery: Whether a query is taken (endpoint URLs may have one; identifiers may not).
    static func split(_ identifier: String, _ what: String, allowHTTP: Bool = false, allowQuery: Bool = false) throws(OpenID4VCError) -> (origin: String, path: String) {
        let scheme: String
        if identifier.hasPrefix("https://") {
            scheme = "https://"
        } else if allowHTTP && identifier.hasPrefix("http://") {
            scheme = "http://"
        } else {
            throw OpenID4VCError(.invalidMessage, "the \(what) \(identifier.prefix(80)) is not an https URL")
        }
        guard identifier.utf8.count <= 2048, allowQuery || !identifier.contains("?"), !identifier.contains("#"),
              identifier.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw OpenID4VCError(.invalidMessage, "the \(what) \(identifier.prefix(80)) has a query, a fragment or characters a URL does not")
        }
        let rest = identifier.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard authorityEnd != rest.startIndex, !rest[..<authorityEnd].contains("@") else {
            throw OpenID4VCError(.invalidMessage, "the \(what) \(identifier.prefix(80)) has no host, or user information")
        }
        var path = String(rest[authorityEnd...])
        while path.hasSuffix("/") { path.removeLast() }
        return (scheme + rest[..<authorityEnd], path)
    }

    /// `origin + wellKnown + path`: the well-known URL of `identifier`.
    static func insert(_ wellKnown: String, into identifier: String, _ what: String, allowHTTP: Bool = false) throws(OpenID4VCError) -> String {
        let (origin, path) = try split(identifier, what, allowHTTP: allowHTTP)
        return origin + wellKnown + path
    }

    /// `identifier + suffix` (OpenID Connect Discovery 1.0 §4: appended after the path).
    static func append(_ suffix: String, to identifier: String, _ what: String, allowHTTP: Bool = false) throws(OpenID4VCError) -> String {
        let (origin, path) = try split(identifier, what, allowHTTP: allowHTTP)
        return origin + path + suffix
    }
}
