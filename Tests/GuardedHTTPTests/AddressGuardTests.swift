import Foundation
import GuardedHTTP
import NIOCore
import Testing

/// DNS rebinding and the address refusals (security requirement 38). Every fetch here stays on
/// loopback: a "public" address is only ever dialled through a stand-in loopback server (the
/// client's test-only dial hook), and the hook refuses any other non-loopback address.
@Suite("Guarded client: addresses, rebinding, allow-list")
struct AddressGuardTests {
    /// A public address (never contacted: the dial hook maps it to a loopback stand-in).
    static let publicAddress = "93.184.215.14"

    static func configuration(resolver: any Resolver, recorder: DialRecorder, pki: TestPKI? = nil) throws -> GuardedHTTPConfiguration {
        var configuration = GuardedHTTPConfiguration()
        configuration.resolver = resolver
        configuration.dialHook = recorder.hook
        configuration.deadline = .seconds(10)
        if let pki { configuration.trustAnchors = try TrustAnchors(pemFile: pki.caFile) }
        return configuration
    }

    @Test("Rebinding: a resolver answering public, then 127.0.0.1, never gets the client to loopback")
    func rebinding() async throws {
        let pki = try TestPKI.make()
        // The loopback victim, and on 127.0.0.2 at the same port the stand-in for the public host.
        let victim = try await TestServer(tls: try pki.serverContext()) { _ in .respond(status: 200, body: Array("internal secret".utf8)) }
        let standIn = try await TestServer(host: "127.0.0.2", port: victim.port, tls: try pki.serverContext()) { _ in
            .respond(status: 200, body: Array("public list".utf8))
        }
        let resolver = ScriptedResolver([[Self.publicAddress], ["127.0.0.1"]])
        let recorder = DialRecorder(standIns: [Self.publicAddress: "127.0.0.2"])
        let client = GuardedHTTPClient(configuration: try Self.configuration(resolver: resolver, recorder: recorder, pki: pki))
        let response = try await client.get(victim.url("/list", authority: "rebind.test"))
        #expect(response.body == Array("public list".utf8))
        #expect(resolver.lookups == ["rebind.test"], "the name was resolved again after the check")
        #expect(recorder.addresses == [IPAddress(parsing: Self.publicAddress)!])
        #expect(victim.connections == 0, "the loopback server got a connection")
        #expect(standIn.connections == 1)
        // The TLS name and the Host header stayed the name, not the address.
        #expect(standIn.requests.first?.header("Host") == ["rebind.test:\(victim.port)"])
        await victim.stop()
        await standIn.stop()
    }

    @Test("Rebinding on a redirect hop: each hop is resolved and checked again")
    func rebindingOnRedirect() async throws {
        let pki = try TestPKI.make()
        let victim = try await TestServer(tls: try pki.serverContext()) { _ in .respond(status: 200, body: Array("internal secret".utf8)) }
        let port = victim.port
        let standIn = try await TestServer(host: "127.0.0.2", port: port, tls: try pki.serverContext()) { _ in
            .respond(status: 302, headers: [("Location", "https://rebind.test:\(port)/next")])
        }
        let resolver = ScriptedResolver([[Self.publicAddress], ["127.0.0.1"]])
        let recorder = DialRecorder(standIns: [Self.publicAddress: "127.0.0.2"])
        let client = GuardedHTTPClient(configuration: try Self.configuration(resolver: resolver, recorder: recorder, pki: pki))
        await #expect(throws: GuardedHTTPError(.refusedAddress, "")) { try await client.get(victim.url("/list", authority: "rebind.test")) }
        #expect(resolver.lookups == ["rebind.test", "rebind.test"])
        #expect(victim.connections == 0, "the redirect hop reached loopback")
        #expect(standIn.connections == 1)
        await victim.stop()
        await standIn.stop()
    }

    @Test("Every address is checked: one refused address among public ones refuses the host", arguments: [
        [publicAddress, "127.0.0.1"], ["127.0.0.1", publicAddress], [publicAddress, "::1"], [publicAddress, "169.254.169.254"],
        ["2606:4700::1111", "fd00::1"], [publicAddress, "::ffff:10.0.0.1"],
    ])
    func everyAddressChecked(_ answer: [String]) async throws {
        let recorder = DialRecorder()
        let client = GuardedHTTPClient(configuration: try Self.configuration(resolver: ScriptedResolver([answer]), recorder: recorder))
        await #expect(throws: GuardedHTTPError(.refusedAddress, "")) { try await client.get("https://mixed.test/list") }
        #expect(recorder.addresses.isEmpty, "something was dialled")
    }

    @Test("A name resolving to a refused address is refused before any connection", arguments: [
        "127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "192.0.2.1", "198.51.100.1",
        "203.0.113.1", "198.18.0.1", "198.19.1.1", "192.0.0.8", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
        "fc00::1", "fec0::1", "64:ff9b::7f00:1", "64:ff9b:1::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:192.168.0.1", "2001:db8::1",
        "ff02::1",
    ])
    func resolvedRefusals(_ address: String) async throws {
        let recorder = DialRecorder()
        let client = GuardedHTTPClient(configuration: try Self.configuration(resolver: ScriptedResolver([[address]]), recorder: recorder))
        await #expect(throws: GuardedHTTPError(.refusedAddress, "")) { try await client.get("https://issuer.test/status/1") }
        #expect(recorder.addresses.isEmpty)
    }

    @Test("URLs refused before any lookup: literals in refused ranges, zones, non-strict IPv4, user information, localhost", arguments: [
        ("https://127.0.0.1/s", "refusedAddress"), ("https://[::1]/s", "refusedAddress"), ("https://[::ffff:127.0.0.1]/s", "refusedAddress"),
        ("https://[::127.0.0.1]/s", "refusedAddress"), ("https://[64:ff9b::7f00:1]/s", "refusedAddress"), ("https://[fec0::1]/s", "refusedAddress"),
        ("https://192.0.2.1/s", "refusedAddress"), ("https://198.18.0.1/s", "refusedAddress"), ("https://10.0.0.1/s", "refusedAddress"),
        ("https://100.100.100.100/s", "refusedAddress"), ("https://[fd00::1]/s", "refusedAddress"), ("https://[2001:db8::1]/s", "refusedAddress"),
        ("https://localhost/s", "refusedAddress"), ("https://api.localhost/s", "refusedAddress"),
        ("https://[fe80::1%25eth0]/s", "invalidURL"), ("https://[fe80::1%eth0]/s", "invalidURL"), ("https://0177.0.0.1/s", "invalidURL"),
        ("https://127.1/s", "invalidURL"), ("https://2130706433/s", "invalidURL"), ("https://0x7f.0.0.1/s", "invalidURL"),
        ("https://user:secret@issuer.test/s", "invalidURL"), ("https:///s", "invalidURL"), ("https://issuer.test:0/s", "invalidURL"),
        ("https://issuer.test:65536/s", "invalidURL"), ("https://issuer_test/s", "invalidURL"), ("https://issuer.test/a b", "invalidURL"),
        ("https://issuer.test\\@127.0.0.1/s", "invalidURL"), ("not a url", "invalidURL"),
        ("http://issuer.test/s", "schemeRefused"), ("ftp://issuer.test/s", "schemeRefused"), ("file:///etc/passwd", "schemeRefused"),
    ])
    func refusedURLs(_ url: String, _ code: String) async throws {
        let resolver = ScriptedResolver([[Self.publicAddress]])
        let recorder = DialRecorder()
        let client = GuardedHTTPClient(configuration: try Self.configuration(resolver: resolver, recorder: recorder))
        do {
            _ = try await client.get(url)
            Issue.record("\(url) was fetched")
        } catch {
            #expect(error.code.rawValue == code, "\(url): \(error)")
            #expect(!error.message.contains("secret"), "user information reached the message")
        }
        #expect(recorder.addresses.isEmpty && resolver.lookups.isEmpty)
    }

    @Test("The allow-list admits exactly its host and port, over http too; it is never implied")
    func allowList() async throws {
        let server = try await TestServer { _ in .respond(status: 200, body: [7]) }
        let recorder = DialRecorder()
        func client(_ entries: [String]) throws -> GuardedHTTPClient {
            var configuration = try Self.configuration(resolver: ScriptedResolver([["127.0.0.1"]]), recorder: recorder)
            configuration.allowedHosts = try entries.map { try AllowedHost(parsing: $0) }
            return GuardedHTTPClient(configuration: configuration)
        }
        // Not allowed: refused, whichever way the loopback server is named.
        await #expect(throws: GuardedHTTPError(.schemeRefused, "")) { try await client([]).get(server.url("/")) }
        await #expect(throws: GuardedHTTPError(.refusedAddress, "")) { try await client([]).get("https://127.0.0.1:\(server.port)/") }
        await #expect(throws: GuardedHTTPError(.refusedAddress, "")) { try await client([]).get("https://wallet.test:\(server.port)/") }
        // Another port, another host: still refused.
        await #expect(throws: GuardedHTTPError(.schemeRefused, "")) { try await client(["127.0.0.1:\(server.port + 1)"]).get(server.url("/")) }
        await #expect(throws: GuardedHTTPError(.schemeRefused, "")) { try await client(["wallet.test:\(server.port)"]).get(server.url("/")) }
        #expect(server.connections == 0 && recorder.addresses.isEmpty)
        // Allowed: the literal, the name (resolved and pinned), and a host without a port.
        #expect(try await client(["127.0.0.1:\(server.port)"]).get(server.url("/")).body == [7])
        #expect(try await client(["wallet.test:\(server.port)"]).get(server.url("/", authority: "wallet.test")).body == [7])
        #expect(try await client(["127.0.0.1"]).get(server.url("/")).body == [7])
        #expect(server.connections == 3)
        await server.stop()
    }

    @Test("Allow-list entries parse strictly", arguments: [
        ("wallet.test", true), ("wallet.test:8443", true), ("127.0.0.1", true), ("[::1]:443", true), ("WALLET.test", true),
        ("wallet.test:", false), ("wallet.test:0", false), ("https://wallet.test", false), ("127.1", false), ("[fe80::1%eth0]", false),
        ("", false), ("user@wallet.test", false),
    ])
    func allowListSyntax(_ entry: String, _ valid: Bool) {
        #expect(((try? AllowedHost(parsing: entry)) != nil) == valid, "\(entry)")
    }
}
