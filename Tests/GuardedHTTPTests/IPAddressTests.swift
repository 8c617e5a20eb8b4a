import GuardedHTTP
import Testing

/// The strict IP parser: the forms every parser reads alike are accepted, every legacy or
/// ambiguous form is refused (a host that one parser reads as a name and another as an address
/// is how an SSRF check is bypassed).
@Suite("IP addresses: a strict parser")
struct IPAddressTests {
    static let valid: [(String, [UInt8])] = [
        ("0.0.0.0", [0, 0, 0, 0]),
        ("127.0.0.1", [127, 0, 0, 1]),
        ("255.255.255.255", [255, 255, 255, 255]),
        ("8.8.4.4", [8, 8, 4, 4]),
        ("10.0.10.100", [10, 0, 10, 100]),
        ("::", [UInt8](repeating: 0, count: 16)),
        ("::1", [UInt8](repeating: 0, count: 15) + [1]),
        ("1::", [0, 1] + [UInt8](repeating: 0, count: 14)),
        ("2001:db8::8:800:200c:417a", [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x08, 0x08, 0, 0x20, 0x0c, 0x41, 0x7a]),
        ("2001:DB8:0:0:8:800:200C:417A", [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x08, 0x08, 0, 0x20, 0x0c, 0x41, 0x7a]),
        ("::ffff:127.0.0.1", [UInt8](repeating: 0, count: 10) + [0xff, 0xff, 127, 0, 0, 1]),
        ("::127.0.0.1", [UInt8](repeating: 0, count: 12) + [127, 0, 0, 1]),
        ("64:ff9b::10.0.0.1", [0, 0x64, 0xff, 0x9b] + [UInt8](repeating: 0, count: 8) + [10, 0, 0, 1]),
        ("fe80:0:0:0:0:0:0:1", [0xfe, 0x80] + [UInt8](repeating: 0, count: 13) + [1]),
        ("1:2:3:4:5:6:7::", [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0]),
        ("::2:3:4:5:6:7:8", [0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]),
    ]

    @Test("Valid forms parse to their bytes", arguments: valid)
    func parses(_ text: String, _ bytes: [UInt8]) throws {
        let address = try #require(IPAddress(parsing: text), "\(text)")
        #expect(address.bytes == bytes)
    }

    @Test("Refused: octal, hexadecimal, short, single-number, out of range, zones, malformed IPv6", arguments: [
        "0177.0.0.1", "0177.1", "127.1", "127.0.1", "0x7f.0.0.1", "0x7f000001", "2130706433", "017700000001", "127.000.000.001",
        "01.2.3.4", "256.0.0.1", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "1.2.3.-4", "1.2.3.+4", " 1.2.3.4", "1.2.3.4 ", "١.٢.٣.٤",
        "", ":", ":::", "1:::2", "::1::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "::ffff:127.1",
        "::ffff:0177.0.0.1", "fe80::1%eth0", "fe80::1%25eth0", "[::1]", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1.2.3.4::",
        "::1.2.3.4:5", "localhost", "-1.2.3.4",
    ])
    func refuses(_ text: String) {
        #expect(IPAddress(parsing: text) == nil, "\(text) parsed as \(IPAddress(parsing: text)!)")
    }

    @Test("The text form is RFC 5952's canonical one, and parses back", arguments: [
        ("2001:DB8:0:0:8:800:200C:417A", "2001:db8::8:800:200c:417a"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("::ffff:1.2.3.4", "::ffff:102:304"),
        ("127.0.0.1", "127.0.0.1"),
    ])
    func canonicalText(_ input: String, _ expected: String) throws {
        let address = try #require(IPAddress(parsing: input))
        #expect(address.description == expected)
        #expect(IPAddress(parsing: address.description) == address)
    }

    @Test("Round trip over a seeded sample of addresses")
    func roundTrip() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        for round in 0..<2000 {
            // Sparse IPv6 values too, so that "::" runs of every length appear.
            let bytes = (0..<(round % 2 == 0 ? 4 : 16)).map { _ in next() }.map { round % 3 == 0 && $0 < 160 ? 0 : $0 }
            let address = try #require(IPAddress(bytes: bytes))
            #expect(IPAddress(parsing: address.description) == address, "\(address)")
        }
    }
}
