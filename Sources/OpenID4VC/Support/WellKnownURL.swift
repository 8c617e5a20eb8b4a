/// Identifiers that are HTTPS URLs (a Credential Issuer Identifier, OpenID4VCI 1.0 §12.2.1; an
/// authorization server's issuer identifier, RFC 8414 §2) and the well-known URLs made from them
/// by inserting a path between the authority and the path (OpenID4VCI §12.2.2, RFC 8414 §3.1).
enum WellKnownURL {
    /// Checks that `identifier` is an `https` URL with a host and no query or fragment, and
    /// returns its origin (`https://host[:port]`) and path (`""` or `/…`, without a trailing `/`).
    /// Plain `http` is taken for a loopback IP literal (`127.0.0.0/8`, `[::1]`), as RFC 8252 §7.3
    /// takes loopback redirects: the traffic never leaves the machine, and the guarded client
    /// fetches a loopback address only when the user allow-lists it (decision 0039).
    /// - Parameter allowHTTP: Whether plain `http` is taken for any host.
    /// - Parameter allowQuery: Whether a query is taken (endpoint URLs may have one; identifiers may not).
    static func split(_ identifier: String, _ what: String, allowHTTP: Bool = false, allowQuery: Bool = false) throws(OpenID4VCError) -> (origin: String, path: String) {
        let scheme: String
        if identifier.hasPrefix("https://") {
            scheme = "https://"
        } else if identifier.hasPrefix("http://") && (allowHTTP || isLoopback(identifier.dropFirst("http://".count))) {
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

    /// Whether the authority at the start of `rest` is a loopback IP literal: `127.a.b.c` in
    /// decimal dotted form, or `[::1]`, with an optional port.
    static func isLoopback(_ rest: Substring) -> Bool {
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if authority == "[::1]" || authority.hasPrefix("[::1]:") { return true }
        let host = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            (1...3).contains(part.count) && part.allSatisfy { $0.isASCII && $0.isNumber } && (part.count == 1 || part.first != "0")
                && Int(part).map { $0 <= 255 } == true
        }
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
