/// An IPv4 or IPv6 address, parsed strictly from its text form.
///
/// The parser accepts only the forms that every other parser reads the same way, so that the
/// address the guard checks is the address the socket dials:
/// - IPv4: exactly four decimal parts, each 0–255, written without leading zeros (RFC 791's
///   dotted-decimal form as RFC 3986 §3.2.2 `IPv4address` spells it). The legacy
///   `inet_aton` forms — octal (`0177.0.0.1`), hexadecimal (`0x7f.1`), short (`127.1`) or a
///   single number (`2130706433`) — are refused: resolvers disagree about them.
/// - IPv6: the text forms of RFC 4291 §2.2 (groups of one to four hexadecimal digits, at most one
///   `::`, an optional trailing dotted IPv4 part) as RFC 3986 §3.2.2 `IPv6address` spells them,
///   without brackets. A zone identifier (`fe80::1%eth0`, RFC 6874) is refused: which interface
///   it names is the local machine's business, never a remote document's.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address family.
    public enum Family: Hashable, Sendable { case v4, v6 }

    /// The family of this address.
    public let family: Family
    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// An IPv4 address from its four bytes.
    public init(v4 a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        family = .v4
        bytes = [a, b, c, d]
    }

    /// An address from its bytes in network order (4 for IPv4, 16 for IPv6); `nil` for any other count.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4: family = .v4
        case 16: family = .v6
        default: return nil
        }
        self.bytes = bytes
    }

    /// Parses `text` as an IPv4 or IPv6 address (no brackets, no zone); `nil` when it is neither
    /// in the strict forms described on the type.
    public init?(parsing text: String) {
        let utf8 = Array(text.utf8)
        if let v4 = Self.parseV4(utf8[...]) {
            self.init(bytes: v4)
        } else if let v6 = Self.parseV6(utf8) {
            self.init(bytes: v6)
        } else {
            return nil
        }
    }

    /// For an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2), the IPv4 address
    /// it stands for.
    public var embeddedIPv4OfMapped: IPAddress? {
        guard family == .v6, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return IPAddress(bytes: Array(bytes[12...]))
    }

    /// Dotted decimal for IPv4; for IPv6 the canonical text of RFC 5952 §4 (lowercase, the
    /// longest run of two or more zero groups as `::`, the first such run on a tie).
    public var description: String {
        if family == .v4 { return bytes.map(String.init).joined(separator: ".") }
        let groups = (0..<8).map { Int(bytes[2 * $0]) << 8 | Int(bytes[2 * $0 + 1]) }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.length && end - index >= 2 { best = (index, end - index) }
            index = end
        }
        func hex(_ range: Range<Int>) -> String { range.map { String(groups[$0], radix: 16) }.joined(separator: ":") }
        guard best.start >= 0 else { return hex(0..<8) }
        return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
    }

    // MARK: Parsing

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        default: return nil
        }
    }

    /// RFC 3986 §3.2.2 `dec-octet "." dec-octet "." dec-octet "." dec-octet`.
    static func parseV4(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let parts = text.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var output: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return nil }
            if part.count > 1 && part.first == 0x30 { return nil }  // a leading zero: octal elsewhere
            let value = part.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard value <= 255 else { return nil }
            output.append(UInt8(value))
        }
        return output
    }

    /// RFC 4291 §2.2 text forms 1–3.
    static func parseV6(_ text: [UInt8]) -> [UInt8]? {
        guard !text.isEmpty, text.count <= 45 else { return nil }
        // Split around the one "::" allowed.
        var head = text[...], tail: ArraySlice<UInt8>? = nil
        if let range = text.firstRange(of: [0x3A, 0x3A]) {
            head = text[..<range.lowerBound]
            let rest = text[range.upperBound...]
            if rest.firstRange(of: [0x3A, 0x3A]) != nil { return nil }
            tail = rest
        }
        guard let headGroups = groups(head, mayEndInV4: tail == nil) else { return nil }
        var tailGroups: [Int] = []
        if let tail {
            guard let parsed = groups(tail, mayEndInV4: true) else { return nil }
            tailGroups = parsed
        }
        let count = headGroups.count + tailGroups.count
        if tail == nil {
            guard count == 8 else { return nil }
        } else {
            guard count <= 7 else { return nil }  // "::" stands for at least one zero group
        }
        let all = headGroups + [Int](repeating: 0, count: 8 - count) + tailGroups
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// The 16-bit groups of one side of "::" (empty side: none); a trailing dotted IPv4 part
    /// counts as two groups.
    private static func groups(_ text: ArraySlice<UInt8>, mayEndInV4: Bool) -> [Int]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: 0x3A, omittingEmptySubsequences: false)
        var output: [Int] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, mayEndInV4, part.contains(0x2E) {
                guard let v4 = parseV4(part) else { return nil }
                output += [Int(v4[0]) << 8 | Int(v4[1]), Int(v4[2]) << 8 | Int(v4[3])]
                continue
            }
            guard (1...4).contains(part.count) else { return nil }
            var value = 0
            for byte in part {
                guard let digit = hexValue(byte) else { return nil }
                value = value << 4 | digit
            }
            output.append(value)
        }
        return output
    }
}
