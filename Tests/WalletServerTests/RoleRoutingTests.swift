import Foundation
import StrictJSON
import Testing
import WalletServer

/// Roles hosted by the server (the issuer and verifier of `OpenID4VC` go through this): each gets
/// the request whole and within the limit, in order, and what no role answers reaches the
/// server's own routes.
@Suite struct RoleRoutingTests {
    /// Counts the requests a role saw.
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    @Test("Roles answer in order, see method, path, query, headers and body; others fall through; the limit comes first")
    func routing() async throws {
        let calls = Calls()
        let echo: RoleHandler = { request in
            calls.add()
            guard request.path == "/token" else { return nil }
            let header = request.headers.first { $0.0.lowercased() == "x-test" }?.1 ?? ""
            let echoed: JSONValue = .object([
                "method": .string(request.method), "query": .string(request.query ?? ""),
                "body": .string(String(decoding: request.body, as: UTF8.self)), "header": .string(header),
            ])
            return RoleResponse(status: 201, headers: [("Content-Type", "application/json")], body: JSONSerializer().serialize(echoed))
        }
        let second: RoleHandler = { request in
            request.path == "/second" ? RoleResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("second".utf8)) : nil
        }
        let server = try await ServerHarness.start(state: try .inMemory(), roles: [echo, second]) { $0.maximumBodyBytes = 100 }
        defer { Task { await server.stop() } }

        let token = try await server.post("/token?a=1", body: Array("grant_type=x".utf8), headers: ["X-Test: yes"])
        #expect(token.status == 201 && token.header("Content-Type") == "application/json")
        #expect(try JSONValue(parsing: token.text) == .object([
            "method": "POST", "query": "a=1", "body": "grant_type=x", "header": "yes",
        ]))
        #expect(token.header("Cache-Control") == "no-store", "the server's headers are added to a role's")
        let answered = try await server.get("/second")
        #expect(answered.status == 200 && answered.text == "second")
        #expect(try await server.get("/nowhere").status == 404)
        let callsBefore = calls.value
        let tooLarge = try await server.post("/token", body: [UInt8](repeating: 0x61, count: 101))
        #expect(tooLarge.status == 413)
        #expect(calls.value == callsBefore, "a role saw a body over the limit")
        await server.stop()
    }
}
