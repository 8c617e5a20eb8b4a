import Foundation
import GuardedHTTP
import NIOCore
import Testing

/// `GuardedHTTPClient.send(_:)`: POST under the same rules as GET (security requirement 38),
/// never redirected, and 4xx/5xx returned only when asked for — against plain-HTTP loopback
/// servers that the allow-list admits.
@Suite("Guarded client: POST and requests with headers", .serialized)
struct GuardedPOSTTests {
    static func client(for server: TestServer, _ change: (inout GuardedHTTPConfiguration) -> Void = { _ in }) throws -> GuardedHTTPClient {
        try TransferLimitTests.client(for: server, change)
    }

    static let form = Array("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&pre-authorized_code=abc".utf8)

    @Test("A POST sends its method, body, content type, accept and extra headers; the response's headers come back")
    func postSent() async throws {
        let server = try await TestServer { _ in
            .respond(status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store"), ("DPoP-Nonce", "n1")], body: Array(#"{"ok":true}"#.utf8))
        }
        let request = GuardedHTTPRequest.post(
            server.url("/token"), body: Self.form, contentType: "application/x-www-form-urlencoded", accept: "application/json",
            headers: [("Authorization", "Bearer t0k3n")]
        )
        let response = try await Self.client(for: server).send(request)
        await server.stop()
        #expect(response.status == 200 && response.body == Array(#"{"ok":true}"#.utf8) && response.contentType == "application/json")
        #expect(response.headerValues("cache-control") == ["no-store"] && response.headerValues("DPOP-NONCE") == ["n1"])
        let received = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(received.method == "POST" && received.path == "/token" && received.body == Self.form)
        #expect(received.header("Content-Type") == ["application/x-www-form-urlencoded"])
        #expect(received.header("Accept") == ["application/json"])
        #expect(received.header("Authorization") == ["Bearer t0k3n"])
        #expect(received.header("Accept-Encoding") == ["identity"])
        #expect(received.header("Content-Length") == [String(Self.form.count)])
    }

    @Test("get(_:accept:) is a GET through send(_:): no body, same headers")
    func getThroughSend() async throws {
        let server = try await TestServer { _ in .respond(status: 200, body: [7]) }
        let client = try Self.client(for: server)
        #expect(try await client.get(server.url("/a"), accept: "text/plain").body == [7])
        #expect(try await client.send(GuardedHTTPRequest(url: server.url("/b"), accept: "text/plain")).body == [7])
        await server.stop()
        #expect(server.requests.map(\.method) == ["GET", "GET"] && server.requests.allSatisfy { $0.body.isEmpty })
        #expect(server.requests.map { $0.header("Accept") } == [["text/plain"], ["text/plain"]])
    }

    @Test("A POST is never redirected: every 3xx is redirectRefused and nothing is sent a second time", arguments: [301, 302, 303, 307, 308, 300, 304])
    func postNotRedirected(_ status: Int) async throws {
        let server = try await TestServer { path in
            path == "/token" ? .respond(status: status, headers: [("Location", "/elsewhere")]) : .respond(status: 200, body: [1])
        }
        let request = GuardedHTTPRequest.post(server.url("/token"), body: Self.form, contentType: "application/x-www-form-urlencoded", errorStatusesReturned: true)
        await #expect(throws: GuardedHTTPError(.redirectRefused, "")) { try await Self.client(for: server).send(request) }
        await server.stop()
        #expect(server.requests.map(\.path) == ["/token"])
    }

    @Test("4xx and 5xx: httpStatus by default, returned with their body when the request asks for them", arguments: [400, 401, 404, 500, 503])
    func errorStatuses(_ status: Int) async throws {
        let body = Array(#"{"error":"invalid_grant"}"#.utf8)
        let server = try await TestServer { _ in .respond(status: status, headers: [("Content-Type", "application/json")], body: body) }
        let client = try Self.client(for: server)
        var request = GuardedHTTPRequest.post(server.url("/token"), body: Self.form, contentType: "application/x-www-form-urlencoded")
        do {
            _ = try await client.send(request)
            Issue.record("status \(status) was returned without errorStatusesReturned")
        } catch {
            #expect(error.code == .httpStatus && error.status == status)
        }
        request.errorStatusesReturned = true
        let response = try await client.send(request)
        #expect(response.status == status && response.body == body && response.contentType == "application/json")
        // A GET asking for error statuses gets them too.
        let get = try await client.send(GuardedHTTPRequest(url: server.url("/x"), errorStatusesReturned: true))
        #expect(get.status == status)
        await server.stop()
    }

    @Test("A GET that returns error statuses still follows same-origin redirects")
    func getRedirectWithErrorStatuses() async throws {
        let server = try await TestServer { path in
            path == "/from" ? .respond(status: 302, headers: [("Location", "/to")]) : .respond(status: 400, body: [9])
        }
        let response = try await Self.client(for: server).send(GuardedHTTPRequest(url: server.url("/from"), errorStatusesReturned: true))
        await server.stop()
        #expect(response.status == 400 && response.body == [9] && response.url.pathAndQuery == "/to")
    }

    @Test("Headers the client owns, malformed names and values, a body on a GET: invalidRequest, before any connection", arguments: [
        [("Host", "evil.example")], [("content-length", "0")], [("Transfer-Encoding", "chunked")], [("Accept-Encoding", "gzip")],
        [("Connection", "keep-alive")], [("User-Agent", "x")], [("Content-Type", "text/plain")], [("Bad Name", "v")],
        [("X-Split", "a\r\nInjected: 1")], [("X-Nul", "a\u{0}b")], [("", "v")],
    ])
    func invalidHeaders(_ headers: [(String, String)]) async throws {
        let server = try await TestServer { _ in .respond(status: 200) }
        let client = try Self.client(for: server)
        let request = GuardedHTTPRequest.post(server.url("/t"), body: [1], contentType: "application/json", headers: headers)
        await #expect(throws: GuardedHTTPError(.invalidRequest, "")) { try await client.send(request) }
        await server.stop()
        #expect(server.connections == 0)
    }

    @Test("Other request checks: a GET with a body, a content type with a line break, too many headers")
    func otherInvalidRequests() async throws {
        let server = try await TestServer { _ in .respond(status: 200) }
        let client = try Self.client(for: server)
        let requests = [
            GuardedHTTPRequest(method: .get, url: server.url("/"), body: [1]),
            GuardedHTTPRequest.post(server.url("/"), body: [1], contentType: "application/json\r\nX: y"),
            GuardedHTTPRequest.post(server.url("/"), body: [1], contentType: "application/json", headers: (0..<33).map { ("X-H\($0)", "v") }),
        ]
        for request in requests {
            await #expect(throws: GuardedHTTPError(.invalidRequest, "")) { try await client.send(request) }
        }
        // 32 extra headers are fine.
        let fine = GuardedHTTPRequest.post(server.url("/"), body: [1], contentType: "application/json", headers: (0..<32).map { ("X-H\($0)", "v") })
        #expect(try await client.send(fine).status == 200)
        await server.stop()
        #expect(server.connections == 1)
    }

    @Test("A POST to a refused address, or over plain http to a host not allow-listed, is refused before any connection")
    func addressRulesApply() async throws {
        let server = try await TestServer { _ in .respond(status: 200) }
        let client = GuardedHTTPClient()
        let plain = GuardedHTTPRequest.post(server.url("/token"), body: Self.form, contentType: "application/x-www-form-urlencoded")
        await #expect(throws: GuardedHTTPError(.schemeRefused, "")) { try await client.send(plain) }
        let loopback = GuardedHTTPRequest.post("https://127.0.0.1:\(server.port)/token", body: Self.form, contentType: "application/x-www-form-urlencoded")
        await #expect(throws: GuardedHTTPError(.refusedAddress, "")) { try await client.send(loopback) }
        await server.stop()
        #expect(server.connections == 0)
    }

    @Test("The byte cap, the content-coding refusal and the header-count cap apply to a POST's response, error statuses included")
    func limitsApply() async throws {
        let big = try await TestServer { _ in .respond(status: 400, body: [UInt8](repeating: 0x41, count: 4096)) }
        let small = try Self.client(for: big) { $0.maximumBodyBytes = 1024 }
        let request = GuardedHTTPRequest.post(big.url("/"), body: [1], contentType: "application/json", errorStatusesReturned: true)
        await #expect(throws: GuardedHTTPError(.responseTooLarge, "")) { try await small.send(request) }
        await big.stop()

        // Refused at the head, whatever the body (TransferLimitTests shows it for a real bomb).
        let encoded = try await TestServer { _ in .respond(status: 200, headers: [("Content-Encoding", "gzip")], body: [0x1F, 0x8B] + [UInt8](repeating: 0, count: 64)) }
        await #expect(throws: GuardedHTTPError(.contentEncodingRefused, "")) {
            try await Self.client(for: encoded).send(.post(encoded.url("/"), body: [1], contentType: "application/json"))
        }
        await encoded.stop()

        let headers = (0...GuardedHTTPClient.maximumResponseHeaders).map { ("X-Many-\($0)", "v") }
        let many = try await TestServer { _ in .respond(status: 200, headers: headers, body: [1]) }
        await #expect(throws: GuardedHTTPError(.responseTooLarge, "")) {
            try await Self.client(for: many).send(.post(many.url("/"), body: [1], contentType: "application/json"))
        }
        await many.stop()
    }

    @Test("The total deadline applies to a POST: a server that trickles its answer is cut off")
    func deadlineApplies() async throws {
        let server = try await TestServer { _ in .trickle(count: 1000, interval: .milliseconds(50)) }
        let client = try Self.client(for: server) { $0.deadline = .milliseconds(500) }
        await #expect(throws: GuardedHTTPError(.deadlineExceeded, "")) {
            try await client.send(.post(server.url("/"), body: Self.form, contentType: "application/x-www-form-urlencoded"))
        }
        await server.stop()
    }
}
