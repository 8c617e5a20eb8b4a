/// Which addresses a fetch may connect to: the special-purpose ranges of the IANA IPv4 and IPv6
/// Special-Purpose Address Registries (RFC 6890) that are not the public Internet are refused
/// (security requirement 38).
///
/// IPv6 is refused outside global unicast `2000::/3` (RFC 4291 §2.4) whatever else it is, and
/// inside it the documentation, IETF-protocol and 6to4 ranges are handled by name. An
/// IPv4-mapped address (`::ffff:a.b.c.d`) is judged by the IPv4 address it embeds, since a
/// dual-stack socket dials exactly that.
public enum AddressPolicy {
    /// One refused range: a prefix, its length in bits, and why it is refused.
    public struct Range: Sendable, CustomStringConvertible {
        /// The first address of the range.
        public let prefix: IPAddress
        /// The prefix length in bits.
        public let length: Int
        /// Why the range is refused, for messages (`loopback`, `private-use`...).
        public let name: String

        init(_ text: String, _ length: Int, _ name: String) {
            guard let prefix = IPAddress(parsing: text) else { preconditionFailure("bad range \(text)") }
            self.prefix = prefix
            self.length = length
            self.name = name
        }

        /// Whether `address` lies inside this range.
        public func contains(_ address: IPAddress) -> Bool {
            guard address.family == prefix.family else { return false }
            var remaining = length
            for (have, want) in zip(address.bytes, prefix.bytes) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if have & mask != want & mask { return false }
                remaining -= bits
            }
            return true
        }

        /// The range in CIDR form with its name: `127.0.0.0/8 (loopback)`.
        public var description: String { "\(prefix)/\(length) (\(name))" }
    }

    /// The refused IPv4 ranges, most specific first (RFC 6890 §2.2.2 and its updates).
    public static let refusedV4: [Range] = [
        Range("255.255.255.255", 32, "limited broadcast, RFC 919"),
        Range("0.0.0.0", 8, "\"this network\", RFC 791 / RFC 1122 §3.2.1.3"),
        Range("10.0.0.0", 8, "private, RFC 1918"),
        Range("100.64.0.0", 10, "shared address space (CGNAT), RFC 6598"),
        Range("127.0.0.0", 8, "loopback, RFC 1122 §3.2.1.3"),
        Range("169.254.0.0", 16, "link-local, RFC 3927"),
        Range("172.16.0.0", 12, "private, RFC 1918"),
        Range("192.0.0.0", 24, "IETF protocol assignments, RFC 6890 §2.1"),
        Range("192.0.2.0", 24, "documentation TEST-NET-1, RFC 5737"),
        Range("192.88.99.0", 24, "6to4 relay anycast, RFC 7526"),
        Range("192.31.196.0", 24, "AS112-v4, RFC 7535"),
        Range("192.52.193.0", 24, "AMT, RFC 7450"),
        Range("192.168.0.0", 16, "private, RFC 1918"),
        Range("192.175.48.0", 24, "direct delegation AS112 service, RFC 7534"),
        Range("198.18.0.0", 15, "benchmarking, RFC 2544"),
        Range("198.51.100.0", 24, "documentation TEST-NET-2, RFC 5737"),
        Range("203.0.113.0", 24, "documentation TEST-NET-3, RFC 5737"),
        Range("224.0.0.0", 4, "multicast, RFC 5771"),
        Range("240.0.0.0", 4, "reserved, RFC 1112 §4"),
    ]

    /// The refused IPv6 ranges, by name (RFC 6890 §2.2.3 and its updates). Anything outside
    /// `2000::/3` is refused as well, after these (``refusal(for:)``).
    public static let refusedV6: [Range] = [
        Range("::", 128, "unspecified, RFC 4291 §2.5.2"),
        Range("::1", 128, "loopback, RFC 4291 §2.5.3"),
        Range("::", 96, "IPv4-compatible (deprecated), RFC 4291 §2.5.5.1"),
        Range("64:ff9b::", 96, "NAT64 well-known prefix, RFC 6052 §2.1"),
        Range("64:ff9b:1::", 48, "NAT64 local-use prefix, RFC 8215"),
        Range("100::", 64, "discard-only, RFC 6666"),
        Range("2001::", 23, "IETF protocol assignments (Teredo, ORCHID, benchmarking), RFC 2928 / RFC 4380 / RFC 5180"),
        Range("2001:db8::", 32, "documentation, RFC 3849"),
        Range("3fff::", 20, "documentation, RFC 9637"),
        Range("5f00::", 16, "SRv6 SIDs, RFC 9602"),
        Range("fc00::", 7, "unique local, RFC 4193"),
        Range("fe80::", 10, "link-local, RFC 4291 §2.5.6"),
        Range("fec0::", 10, "site-local (deprecated), RFC 3879"),
        Range("ff00::", 8, "multicast, RFC 4291 §2.7"),
    ]

    private static let globalUnicast = Range("2000::", 3, "global unicast, RFC 4291 §2.4")
    private static let sixToFour = Range("2002::", 16, "6to4, RFC 3056")

    /// Why `address` is refused, or `nil` when a fetch may connect to it.
    public static func refusal(for address: IPAddress) -> String? {
        switch address.family {
        case .v4:
            return refusedV4.first { $0.contains(address) }.map { "\(address) is in \($0)" }
        case .v6:
            if let v4 = address.embeddedIPv4OfMapped {
                return refusal(for: v4).map { "\(address) is IPv4-mapped (RFC 4291 §2.5.5.2) and \($0)" }
            }
            if let range = refusedV6.first(where: { $0.contains(address) }) { return "\(address) is in \(range)" }
            if !globalUnicast.contains(address) { return "\(address) is outside \(globalUnicast)" }
            if sixToFour.contains(address), let v4 = IPAddress(bytes: Array(address.bytes[2..<6])), let reason = refusal(for: v4) {
                return "\(address) is 6to4 (RFC 3056) over an IPv4 address that is refused: \(reason)"
            }
            return nil
        }
    }
}
