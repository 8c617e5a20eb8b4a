import GuardedHTTP
import Testing

/// The URL the guard checks is the URL it requests: parsed once, strictly, and rebuilt.
@Suite("Guarded URLs: one strict parse")
struct GuardedURLTests {
    @Test("Parsed parts and the rebuilt text", arguments: [
        ("https://Issuer.Example/status/1", "https://issuer.example/status/1", 443),
        ("HTTPS://issuer.example:443/s?x=1#frag", "https://issuer.example/s?x=1", 443),
        ("https://issuer.example:8443", "https://issuer.example:8443/", 8443),
        ("http://wallet.test/a", "http://wallet.test/a", 80),
        ("https://[2001:DB8::1]:8443/x", "https://[2001:db8::1]:8443/x", 8443),
        ("https://93.184.215.14/l", "https://93.184.215.14/l", 443),
        ("https://xn--d1acj3b.example/l", "https://xn--d1acj3b.example/l", 443),
    ])
    func parses(_ input: String, _ rebuilt: String, _ port: Int) throws {
        let url = try GuardedURL(parsing: input)
        #expect(url.description == rebuilt && url.port == port)
        #expect(try GuardedURL(parsing: url.description) == url)
    }

    @Test("Redirect locations resolve against the current URL (RFC 3986 §5.2)", arguments: [
        ("/b", "https://wallet.test:8443/b"), ("c", "https://wallet.test:8443/dir/c"), ("?q=2", "https://wallet.test:8443/dir/page?q=2"),
        ("//other.test/x", "https://other.test/x"), ("http://wallet.test:8443/y", "http://wallet.test:8443/y"),
    ])
    func locations(_ location: String, _ expected: String) throws {
        let base = try GuardedURL(parsing: "https://wallet.test:8443/dir/page?q=1")
        #expect(try base.resolving(location: location).description == expected)
    }

    @Test("Same origin means scheme, host and port")
    func origin() throws {
        let base = try GuardedURL(parsing: "https://wallet.test/a")
        #expect(base.hasSameOrigin(as: try GuardedURL(parsing: "https://WALLET.test:443/b")))
        #expect(!base.hasSameOrigin(as: try GuardedURL(parsing: "https://wallet.test:444/a")))
        #expect(!base.hasSameOrigin(as: try GuardedURL(parsing: "http://wallet.test:443/a")))
        #expect(!base.hasSameOrigin(as: try GuardedURL(parsing: "https://www.wallet.test/a")))
    }
}
