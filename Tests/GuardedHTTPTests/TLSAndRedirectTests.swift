import Foundation
import GuardedHTTP
import NIOCore
import Testing

/// Extra trust anchors and redirects (security requirement 38), over TLS on loopback with a CA
/// made at test time. The name `wallet.test` is allow-listed and resolved by the test's
/// resolver to 127.0.0.1; the system's resolver is never asked.
@Suite("Guarded client: trust anchors, redirects")
struct TLSAndRedirectTests {
    static func configuration(port: Int, anchors: Bool, resolver: any Resolver = ScriptedResolver([["127.0.0.1"]])) throws -> GuardedHTTPConfiguration {
        var configuration = GuardedHTTPConfiguration()
        configuration.allowedHosts = [try AllowedHost(parsing: "wallet.test:\(port)"), try AllowedHost(parsing: "127.0.0.1:\(port)")]
        configuration.resolver = resolver
        configuration.deadline = .seconds(10)
        if anchors { configuration.trustAnchors = try TrustAnchors(pemFile: try TestPKI.make().caFile) }
        return configuration
    }

    @Test("Without the extra trust anchor the TLS handshake fails; with it the fetch succeeds (name and IP literal)")
    func trustAnchors() async throws {
        let pki = try TestPKI.make()
        let server = try await TestServer(tls: try pki.serverContext()) { _ in .respond(status: 200, body: Array("over TLS".utf8)) }
        for authority in ["wallet.test", "127.0.0.1"] {
            let url = server.url("/list", authority: authority)
            let without = GuardedHTTPClient(configuration: try Self.configuration(port: server.port, anchors: false))
            await #expect(throws: GuardedHTTPError(.tlsFailure, "")) { try await without.get(url) }
            let with = GuardedHTTPClient(configuration: try Self.configuration(port: server.port, anchors: true))
            #expect(try await with.get(url).body == Array("over TLS".utf8))
        }
        await server.stop()
    }

    @Test("The certificate is checked against the URL's name, not the address dialled")
    func nameMismatch() async throws {
        let pki = try TestPKI.make()
        let server = try await TestServer(tls: try pki.serverContext(nameOnly: true)) { _ in .respond(status: 200, body: [1]) }
        var configuration = try Self.configuration(port: server.port, anchors: true)
        configuration.allowedHosts.append(try AllowedHost(parsing: "other.test:\(server.port)"))
        await #expect(throws: GuardedHTTPError(.tlsFailure, "")) {
            try await GuardedHTTPClient(configuration: configuration).get(server.url("/", authority: "other.test"))
        }
        // The same server and anchors, asked for the name it has: accepted (the refusal above is the name's).
        #expect(try await GuardedHTTPClient(configuration: configuration).get(server.url("/", authority: "wallet.test")).body == [1])
        await server.stop()
    }

    @Test("Trust anchor files: a PEM without a certificate, or no file, is refused")
    func badAnchors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("anchors-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.pem")
        try Data("not a certificate\n".utf8).write(to: empty)
        #expect(throws: GuardedHTTPError(.invalidTrustAnchors, "")) { try TrustAnchors(pemFile: empty.path) }
        #expect(throws: GuardedHTTPError(.invalidTrustAnchors, "")) { try TrustAnchors(pemFile: directory.appendingPathComponent("none.pem").path) }
        #expect(try TrustAnchors(pemFile: try TestPKI.make().caFile).count == 1)
    }

    @Test("Same-origin redirects are followed, up to five, each hop resolved again")
    func redirectsFollowed() async throws {
        let pki = try TestPKI.make()
        let server = try await TestServer(tls: try pki.serverContext()) { _ in .respond(status: 404) }
        server.setRoute { [port = server.port] path in
            switch path {
            case "/r1": return .respond(status: 301, headers: [("Location", "/r2")])
            case "/r2": return .respond(status: 302, headers: [("Location", "r3")])
            case "/r3": return .respond(status: 303, headers: [("Location", "https://wallet.test:\(port)/r4")])
            case "/r4": return .respond(status: 307, headers: [("Location", "/r5?x=1")])
            case "/r5?x=1": return .respond(status: 308, headers: [("Location", "/done")])
            case "/done": return .respond(status: 200, body: Array("arrived".utf8))
            case "/six": return .respond(status: 302, headers: [("Location", "/r1")])
            default: return .respond(status: 404)
            }
        }
        let resolver = ScriptedResolver([["127.0.0.1"]])
        let client = GuardedHTTPClient(configuration: try Self.configuration(port: server.port, anchors: true, resolver: resolver))
        let response = try await client.get(server.url("/r1", authority: "wallet.test"))
        #expect(response.body == Array("arrived".utf8))
        #expect(response.url.pathAndQuery == "/done")
        #expect(resolver.lookups.count == 6, "each hop is resolved and checked: \(resolver.lookups)")
        #expect(server.requests.allSatisfy { $0.header("Accept-Encoding") == ["identity"] })
        // Six redirects are one too many.
        await #expect(throws: GuardedHTTPError(.tooManyRedirects, "")) { try await client.get(server.url("/six", authority: "wallet.test")) }
        #expect(server.requests.filter { $0.path == "/done" }.count == 1, "the sixth redirect was followed")
        await server.stop()
    }

    @Test("A redirect to another scheme, host or port is refused, and the target never contacted", arguments: [
        "http://wallet.test:PORT/x", "https://other.test:PORT/x", "https://wallet.test:OTHER/x", "https://127.0.0.1:PORT/x",
        "https://wallet.test/x", "//other.test:PORT/x", "ftp://wallet.test:PORT/x", "https://user@wallet.test:PORT/x",
    ])
    func redirectRefused(_ template: String) async throws {
        let pki = try TestPKI.make()
        let target = try await TestServer(tls: try pki.serverContext()) { _ in .respond(status: 200, body: [9]) }
        let server = try await TestServer(tls: try pki.serverContext()) { _ in .respond(status: 404) }
        let location = template.replacingOccurrences(of: "PORT", with: String(server.port)).replacingOccurrences(of: "OTHER", with: String(target.port))
        server.setRoute { _ in .respond(status: 302, headers: [("Location", location)]) }
        var configuration = try Self.configuration(port: server.port, anchors: true)
        // Every target is allow-listed: only the redirect rule can stop these.
        configuration.allowedHosts += try ["other.test", "wallet.test", "127.0.0.1"].map { try AllowedHost(parsing: $0) }
        await #expect(throws: GuardedHTTPError(.redirectRefused, "")) {
            try await GuardedHTTPClient(configuration: configuration).get(server.url("/start", authority: "wallet.test"))
        }
        #expect(target.connections == 0 && server.requests.map(\.path) == ["/start"])
        await target.stop()
        await server.stop()
    }
}
