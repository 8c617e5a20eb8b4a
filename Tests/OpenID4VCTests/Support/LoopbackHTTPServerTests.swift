import Foundation
import GuardedHTTP
import Testing

/// The shared loopback server the role tests host their types on: routing by closure, plain and
/// TLS with the test CA, through the guarded client.
@Suite("Loopback test server")
struct LoopbackHTTPServerTests {
    static func echo(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let summary = "\(request.method) \(request.path) q=\(request.queryItems["q"] ?? "-") f=\(request.formFields["f"] ?? "-") h=\(request.header("x-test") ?? "-")"
        return .bytes(Array(summary.utf8), contentType: "text/plain", status: request.path == "/missing" ? 404 : 200)
    }

    @Test("Plain and TLS: the handler sees method, path, query, headers and body; the guarded client gets its answer", arguments: [false, true])
    func routing(_ tls: Bool) async throws {
        let server = try await LoopbackHTTPServer(tls: tls) { request in Self.echo(request) }
        let client = try GuardedHTTPClient.loopback([server])
        for host in ["127.0.0.1", "issuer.test"] {
            let get = try await client.get(server.url("/a/b?q=x%20y", host: host))
            #expect(String(decoding: get.body, as: UTF8.self) == "GET /a/b q=x y f=- h=-")
            let post = try await client.send(.post(
                server.url("/token", host: host), body: Array("f=1+2&g=3".utf8), contentType: "application/x-www-form-urlencoded",
                headers: [("X-Test", "yes")]
            ))
            #expect(String(decoding: post.body, as: UTF8.self) == "POST /token q=- f=1 2 h=yes")
        }
        let missing = try await client.send(GuardedHTTPRequest(url: server.url("/missing"), errorStatusesReturned: true))
        #expect(missing.status == 404)
        #expect(server.requests.count == 5 && server.requests.last?.path == "/missing")
        await server.stop()
    }

    @Test("Over TLS, a client without the test CA is refused (the certificate is really checked)")
    func tlsNeedsTheCA() async throws {
        let server = try await LoopbackHTTPServer(tls: true) { request in Self.echo(request) }
        let client = try GuardedHTTPClient.loopback([server]) { $0.trustAnchors = nil }
        await #expect(throws: GuardedHTTPError(.tlsFailure, "")) { try await client.get(server.url("/", host: "issuer.test")) }
        await server.stop()
    }

    @Test("An async handler can be replaced while the server runs")
    func replaceHandler() async throws {
        let server = try await LoopbackHTTPServer { _ in .json(#"{"n":1}"#) }
        let client = try GuardedHTTPClient.loopback([server])
        #expect(try await client.get(server.url("/")).body == Array(#"{"n":1}"#.utf8))
        server.setHandler { _ in
            try? await Task.sleep(for: .milliseconds(5))
            return .json(#"{"n":2}"#)
        }
        let second = try await client.get(server.url("/"))
        #expect(second.body == Array(#"{"n":2}"#.utf8) && second.headerValues("cache-control") == ["no-store"])
        await server.stop()
    }
}
