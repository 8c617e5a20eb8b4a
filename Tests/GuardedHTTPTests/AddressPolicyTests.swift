import GuardedHTTP
import Testing

/// The refusal list of security requirement 38, one row per range, both edges where an edge is
/// a likely mistake; and the public addresses next to them that must stay fetchable.
@Suite("Address policy: the refused ranges")
struct AddressPolicyTests {
    static let refused: [String] = [
        // IPv4
        "0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.0", "100.127.255.255", "127.0.0.1", "127.255.255.254",
        "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.1", "192.0.0.255", "192.0.2.1", "192.88.99.1", "192.31.196.1", "192.52.193.1", "192.175.48.1", "192.168.0.1",
        "192.168.255.255", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.255",
        "240.0.0.1", "255.255.255.254", "255.255.255.255",
        // IPv6
        "::", "::1", "::127.0.0.1", "::8.8.8.8", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::ffff:0.0.0.0",
        "::ffff:192.0.2.1", "64:ff9b::7f00:1", "64:ff9b::8.8.8.8", "64:ff9b:1::1", "100::1", "2001::1", "2001:db8::1",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "2002:7f00:1::1", "2002:a00:1::", "3fff::1", "5f00::1", "fc00::1", "fd12:3456::1",
        "fe80::1", "febf::1", "fec0::1", "feff::1", "ff02::1", "ff0e::1", "1::1", "4000::1", "e000::1",
    ]

    @Test("Refused", arguments: refused)
    func refusedAddress(_ text: String) throws {
        let address = try #require(IPAddress(parsing: text), "\(text)")
        #expect(AddressPolicy.refusal(for: address) != nil, "\(text) is not refused")
    }

    static let allowed: [String] = [
        "1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.0",
        "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.255", "192.0.3.0", "192.167.255.255",
        "192.169.0.0", "198.17.255.255", "198.20.0.0", "198.51.99.255", "203.0.112.255", "203.0.114.0", "223.255.255.255",
        "2606:4700::1111", "2a00:1450:4001::1", "::ffff:8.8.8.8", "2600::1", "2001:200::1", "2001:db9::1", "2002:808:808::1",
    ]

    @Test("Not refused: public neighbours of the refused ranges", arguments: allowed)
    func allowedAddress(_ text: String) throws {
        let address = try #require(IPAddress(parsing: text), "\(text)")
        #expect(AddressPolicy.refusal(for: address) == nil, "\(text): \(AddressPolicy.refusal(for: address) ?? "")")
    }

    @Test("Every named range refuses its own prefix and says which range it is")
    func everyRange() {
        for range in AddressPolicy.refusedV4 + AddressPolicy.refusedV6 {
            #expect(range.contains(range.prefix))
            #expect(AddressPolicy.refusal(for: range.prefix) != nil, "\(range)")
        }
        #expect(AddressPolicy.refusal(for: IPAddress(parsing: "64:ff9b::1")!)?.contains("NAT64") == true)
        #expect(AddressPolicy.refusal(for: IPAddress(parsing: "fec0::1")!)?.contains("site-local") == true)
        #expect(AddressPolicy.refusal(for: IPAddress(parsing: "198.18.0.1")!)?.contains("benchmarking") == true)
    }
}

/// The default resolver, on a name the system answers from its hosts file (no DNS traffic).
@Suite("System resolver")
struct SystemResolverTests {
    @Test("getaddrinfo answers localhost with a loopback address")
    func localhost() async throws {
        let addresses = try await SystemResolver().addresses(of: "localhost")
        #expect(!addresses.isEmpty && addresses.allSatisfy { $0.bytes.first == 127 || $0 == IPAddress(parsing: "::1") }, "\(addresses)")
    }
}
