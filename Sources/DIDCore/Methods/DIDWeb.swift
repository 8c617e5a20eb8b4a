/// The `did:web` method's identifiers (W3C CCG did:web Method Specification, §"Method-specific
/// identifier" and §"Read (Resolve)"): the mapping between a DID and the HTTPS URL of its
/// document, in both directions, without any I/O. Fetching is `DIDWebResolver`'s (module
/// `DIDResolvers`), through the guarded HTTP client.
///
/// The mapping is deliberately narrow (security requirements 24 and 44):
/// - the host is a DNS name of letters, digits and hyphens (RFC 1123 §2.1; A-labels for
///   internationalised names), at most 253 characters, whose last label is not all digits — the
///   method forbids IP addresses, and `127.1`-style names some resolvers read as addresses are
///   refused with them;
/// - the only percent-decoding the method defines is the port's colon: the host part may end in
///   `%3A` (either case) and a port of 1–65535 without leading zeros, and holds no other `%`;
/// - each path segment (between `:`s) is non-empty, is not `.` or `..`, and holds no
///   percent-encoded `/`, `\`, `.`, `%` or control octet (which a server's decoding could turn
///   into another path); other percent-encodings are passed to the URL as written.
public enum DIDWeb {
    /// The method name, `web`.
    public static let methodName = "web"

    /// Where a did:web's document is published.
    public struct Location: Hashable, Sendable, CustomStringConvertible {
        /// The host name, lowercased (DNS names are case-insensitive, RFC 4343).
        public let host: String
        /// The port, when the DID names one (`%3A` in the identifier).
        public let port: Int?
        /// The path segments, as written in the DID (percent-encodings kept); empty for a bare domain.
        public let pathSegments: [String]

        /// `https://host[:port]/<segments>/did.json`, or `https://host[:port]/.well-known/did.json`
        /// for a bare domain (did:web §"Read (Resolve)", steps 1–5).
        public var documentURL: String {
            let path = pathSegments.isEmpty ? "/.well-known" : "/" + pathSegments.joined(separator: "/")
            return "\(baseURL)\(path)/did.json"
        }

        /// `https://host[:port]`, then the path without `did.json` (what `wallet did create --url` takes).
        public var description: String {
            baseURL + (pathSegments.isEmpty ? "" : "/" + pathSegments.joined(separator: "/"))
        }

        var baseURL: String { "https://\(host)\(port.map { ":\($0)" } ?? "")" }
    }

    /// The location of `did`'s document.
    ///
    /// - Throws: `invalidDid` when `did` is not a did:web or breaks one of the rules above; the
    ///   message says which.
    public static func location(of did: DID) throws(DIDError) -> Location {
        guard did.method == methodName else { throw DIDError(.invalidDid, "\(did) is not a did:web") }
        let parts = did.methodSpecificId.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var host = parts[0]
        var port: Int?
        // The port's colon, `%3A` or `%3a` (RFC 3986 §2.1: hexadecimal digits in either case).
        if let percent = host.firstIndex(of: "%"), host[percent...].prefix(3).uppercased() == "%3A" {
            port = try parsePort(String(host[percent...].dropFirst(3)))
            host = String(host[..<percent])
        }
        guard !host.contains("%") else {
            throw DIDError(.invalidDid, "the did:web host holds a percent-encoding other than the port's %3A")
        }
        host = host.lowercased()
        try checkHost(host)
        let segments = Array(parts.dropFirst())
        for segment in segments { try checkSegment(segment) }
        return Location(host: host, port: port, pathSegments: segments)
    }

    /// The did:web whose document is published under `url`: `https://host[:port][/path]` (a
    /// trailing `/` is ignored; port 443 is the default and is left out of the DID).
    ///
    /// - Throws: `invalidDid` for anything else: another scheme, user information, a query or
    ///   fragment, an IP address, a path segment the DID cannot hold (a character outside DID
    ///   Core's `idchar`, or one the rules above refuse).
    public static func did(forURL url: String) throws(DIDError) -> DID {
        guard url.lowercased().hasPrefix("https://") else { throw DIDError(.invalidDid, "a did:web URL starts with https://") }
        var rest = url.dropFirst("https://".count)
        guard !rest.contains("?"), !rest.contains("#") else {
            throw DIDError(.invalidDid, "a did:web URL has no query or fragment")
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        guard !authority.contains("@") else { throw DIDError(.invalidDid, "a did:web URL has no user information") }
        var host = String(authority)
        var port: Int?
        if let colon = authority.firstIndex(of: ":") {
            host = String(authority[..<colon])
            port = try parsePort(String(authority[authority.index(after: colon)...]))
            if port == 443 { port = nil }
        }
        host = host.lowercased()
        try checkHost(host)
        let path = rest[slash...].dropFirst()
        let segments = path.isEmpty ? [] : path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for segment in segments {
            guard segment.utf8.allSatisfy({ DIDSyntax.isIdChar($0) || $0 == UInt8(ascii: "%") }) else {
                throw DIDError(.invalidDid, "the path segment \(segment.prefix(40)) holds a character a DID cannot (letters, digits, . - _ and %XX only)")
            }
            try checkSegment(segment)
        }
        let id = host + (port.map { "%3A\($0)" } ?? "") + segments.map { ":" + $0 }.joined()
        return try DID(parsing: "did:web:" + id)
    }

    /// A port of 1–65535, decimal digits without a leading zero.
    static func parsePort(_ text: String) throws(DIDError) -> Int {
        guard (1...5).contains(text.utf8.count), text.utf8.allSatisfy(DIDSyntax.isDigit), text.utf8.first != UInt8(ascii: "0"),
              let port = Int(text), (1...65_535).contains(port) else {
            throw DIDError(.invalidDid, "the did:web port \(text.prefix(10)) is not 1–65535")
        }
        return port
    }

    /// A DNS name (RFC 1123 §2.1): labels of 1–63 letters, digits and hyphens, not starting or
    /// ending with a hyphen, at most 253 characters; the last label not all digits (no IPv4
    /// address, in any of the forms resolvers accept).
    static func checkHost(_ host: String) throws(DIDError) {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard !host.isEmpty, host.utf8.count <= 253, labels.allSatisfy({ label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { (0x61...0x7A).contains($0) || DIDSyntax.isDigit($0) || $0 == UInt8(ascii: "-") }
        }) else {
            throw DIDError(.invalidDid, "the did:web host \(host.prefix(80)) is not a DNS name")
        }
        if labels.last!.utf8.allSatisfy(DIDSyntax.isDigit) {
            throw DIDError(.invalidDid, "a did:web names a domain, never an IP address (\(host.prefix(80)))")
        }
    }

    /// A path segment: not empty, `.` or `..`, and no percent-encoding that a server's decoding
    /// could turn into a separator, a dot segment, another encoding or a control character.
    static func checkSegment(_ segment: String) throws(DIDError) {
        guard !segment.isEmpty else { throw DIDError(.invalidDid, "a did:web path segment is empty") }
        guard segment != ".", segment != ".." else { throw DIDError(.invalidDid, "a did:web path segment is . or ..") }
        let bytes = Array(segment.utf8)
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "%") else { continue }
            guard index + 2 < bytes.count, let octet = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16) else {
                throw DIDError(.invalidDid, "a did:web path segment holds a '%' without two hexadecimal digits")
            }
            if octet < 0x20 || octet == 0x7F || octet == UInt8(ascii: "/") || octet == UInt8(ascii: "\\") || octet == UInt8(ascii: ".")
                || octet == UInt8(ascii: "%") {
                throw DIDError(.invalidDid, "a did:web path segment holds %\(String(octet, radix: 16, uppercase: true)), which could change the path")
            }
        }
    }
}
