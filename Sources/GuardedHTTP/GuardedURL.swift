/// An `http` or `https` URL in the narrow form the guard fetches: RFC 3986 §3 with an
/// authority of a strict host and an optional port, and no user information.
///
/// The URL is parsed here, once, and the request is rebuilt from the parsed parts, so the host
/// that is checked and the host that is dialled are the same string (no parser differential).
/// A host is either an IP literal (``IPAddress``, IPv6 in brackets without a zone) or a DNS name
/// of letters, digits and hyphens (RFC 1123 §2.1, RFC 5890 A-labels for internationalised names)
/// whose last label is not all digits — so `127.1`, `0x7f.1` or `2130706433`, which some
/// resolvers read as IPv4 addresses, are refused.
public struct GuardedURL: Hashable, Sendable, CustomStringConvertible {
    /// A host: a DNS name (lowercased) or an IP literal.
    public enum Host: Hashable, Sendable, CustomStringConvertible {
        /// A DNS name, lowercased.
        case name(String)
        /// An IPv4 or IPv6 literal (without zone).
        case address(IPAddress)

        /// The host as it is written in a URL (IPv6 in brackets).
        public var description: String {
            switch self {
            case .name(let name): return name
            case .address(let address): return address.family == .v6 ? "[\(address)]" : address.description
            }
        }
    }

    /// `http` or `https`, lowercased.
    public let scheme: String
    /// The host, as checked and as dialled.
    public let host: Host
    /// The port: the one written, or the scheme's default (443, 80).
    public let port: Int
    /// The path and query, starting with `/` (the fragment is dropped: it is never sent).
    public let pathAndQuery: String

    /// Parses `text`; throws ``GuardedHTTPError/Code/invalidURL`` or
    /// ``GuardedHTTPError/Code/schemeRefused``.
    public init(parsing text: String) throws(GuardedHTTPError) {
        guard let separator = text.firstRange(of: "://") else {
            throw GuardedHTTPError(.invalidURL, "not an absolute URL with a host")
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw GuardedHTTPError(.schemeRefused, "the scheme \(scheme.prefix(20)) is not fetched (https only)")
        }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { (character: Character) -> Bool in character == "/" || character == "?" || character == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if authority.contains("@") {
            throw GuardedHTTPError(.invalidURL, "a URL with user information (user:password@) is not fetched")
        }
        let (host, port) = try Self.parseAuthority(String(authority), defaultPort: scheme == "https" ? 443 : 80)
        var tail = rest[authorityEnd...]
        if let hash = tail.firstIndex(of: "#") { tail = tail[..<hash] }
        guard tail.unicodeScalars.allSatisfy(Self.isPathCharacter) else {
            throw GuardedHTTPError(.invalidURL, "the path or query holds a character outside RFC 3986 §3.3")
        }
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathAndQuery = tail.hasPrefix("/") ? String(tail) : "/" + tail
    }

    /// `host[:port]` alone (the allow-list's form); the port is `nil` when none is written.
    static func parseHostAndPort(_ text: String) throws(GuardedHTTPError) -> (Host, Int?) {
        let (host, port) = try parseAuthority(text, defaultPort: -1)
        return (host, port == -1 ? nil : port)
    }

    private static func parseAuthority(_ authority: String, defaultPort: Int) throws(GuardedHTTPError) -> (Host, Int) {
        var hostText = Substring(authority)
        var portText: Substring?
        let host: Host
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw GuardedHTTPError(.invalidURL, "an IPv6 literal without its closing bracket") }
            let inner = authority[authority.index(after: authority.startIndex)..<close]
            if inner.contains("%") { throw GuardedHTTPError(.invalidURL, "an IPv6 literal with a zone identifier (RFC 6874) is not fetched") }
            guard let address = IPAddress(parsing: String(inner)), address.family == .v6 else {
                throw GuardedHTTPError(.invalidURL, "\(inner.prefix(60)) is not an IPv6 address")
            }
            host = .address(address)
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw GuardedHTTPError(.invalidURL, "text after an IPv6 literal") }
                portText = after.dropFirst()
            }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                hostText = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            }
            let lowered = hostText.lowercased()
            if let address = IPAddress(parsing: lowered), address.family == .v4 {
                host = .address(address)
            } else if isDNSName(lowered) {
                host = .name(lowered)
            } else {
                throw GuardedHTTPError(.invalidURL, "\(hostText.prefix(80)) is neither a DNS name nor a strict IP literal")
            }
        }
        guard let portText else { return (host, defaultPort) }
        guard (1...5).contains(portText.count), portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText), (1...65_535).contains(port) else {
            throw GuardedHTTPError(.invalidURL, "the port \(portText.prefix(10)) is not 1–65535")
        }
        return (host, port)
    }

    /// Letters, digits and hyphens in labels of 1–63 characters, neither starting nor ending with
    /// a hyphen, at most 253 characters, the last label not all digits (RFC 1123 §2.1).
    static func isDNSName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                  label.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else { return false }
        }
        return !(labels.last?.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ?? true)
    }

    /// RFC 3986 `pchar`, `/`, `?` and `%` (percent-encoded octets are passed on as they are).
    private static func isPathCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII, scalar.value > 0x20, scalar.value < 0x7F else { return false }
        return !"\"<>\\^`{|}".unicodeScalars.contains(scalar)
    }

    /// Whether `other` has the same scheme, host and port (the origin of RFC 6454 §4).
    public func hasSameOrigin(as other: GuardedURL) -> Bool {
        scheme == other.scheme && host == other.host && port == other.port
    }

    /// The target of a `Location` header (RFC 9110 §10.2.2) resolved against this URL, in the
    /// forms of RFC 3986 §4.2/§5.2: absolute, network-path (`//host/...`), absolute-path
    /// (`/...`) or a relative path (merged with this URL's directory, §5.2.3).
    public func resolving(location: String) throws(GuardedHTTPError) -> GuardedURL {
        if location.hasPrefix("//") { return try GuardedURL(parsing: scheme + ":" + location) }
        if location.firstRange(of: "://") != nil, let first = location.first, first.isLetter,
           location.prefix(while: { $0 != ":" }).allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) {
            return try GuardedURL(parsing: location)
        }
        let origin = "\(scheme)://\(host):\(port)"
        if location.hasPrefix("/") { return try GuardedURL(parsing: origin + location) }
        if location.hasPrefix("?") {
            let path = pathAndQuery.prefix { $0 != "?" }
            return try GuardedURL(parsing: origin + path + location)
        }
        let path = pathAndQuery.prefix { $0 != "?" }
        let directory = path[...(path.lastIndex(of: "/") ?? path.startIndex)]
        return try GuardedURL(parsing: origin + directory + location)
    }

    /// The URL rebuilt from its checked parts (the port written only when it is not the default).
    public var description: String {
        let defaultPort = scheme == "https" ? 443 : 80
        return "\(scheme)://\(host)\(port == defaultPort ? "" : ":\(port)")\(pathAndQuery)"
    }
}
