import Foundation
import StrictJSON
import Testing
@testable import WalletServer

/// Security requirement 50 over loopback: the default bind, body limits, response headers, and
/// no secret in the log.
@Suite struct WalletHTTPServerTests {
    @Test("By default the server binds 127.0.0.1 only")
    func loopbackByDefault() async throws {
        let defaults = WalletServerConfiguration()
        #expect(defaults.host == "127.0.0.1" && defaults.bindsLoopbackOnly)
        var other = WalletServerConfiguration()
        other.host = "0.0.0.0"
        #expect(!other.bindsLoopbackOnly)
        let server = try await ServerHarness.start(state: try .inMemory())
        defer { Task { await server.stop() } }
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        #if os(Linux)
        // The kernel's table of listening TCP sockets: ours is on 127.0.0.1 (0100007F), not 0.0.0.0.
        let portHex = String(format: "%04X", server.port)
        // Read to the end: procfs reports size 0, and the table can outgrow a first read.
        let file = try #require(FileHandle(forReadingAtPath: "/proc/net/tcp"))
        let table = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        try file.close()
        var listening: [String] = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields: [Substring] = line.split(separator: " ")
            // local_address is field 1, st is field 3 (0A: LISTEN).
            if fields.count > 3 && fields[3] == "0A" && fields[1].hasSuffix(":" + portHex) { listening.append(String(fields[1])) }
        }
        #expect(listening == ["0100007F:" + portHex])
        #endif
        await server.stop()
    }

    @Test("A port out of range is a configuration error")
    func badPort() async throws {
        var configuration = WalletServerConfiguration()
        configuration.port = 70_000
        let server = WalletHTTPServer(configuration: configuration, state: try .inMemory())
        await #expect(throws: WalletServerError(.invalidConfiguration, "")) { try await server.run() }
    }

    @Test("A body over the limit is refused with 413 and bodyTooLarge, declared or streamed")
    func bodyLimit() async throws {
        let server = try await ServerHarness.start(state: try .inMemory()) { $0.maximumBodyBytes = 1024 }
        defer { Task { await server.stop() } }
        // Within the limit the request reaches routing (no route here: 404).
        #expect(try await server.post("/nowhere", body: [UInt8](repeating: 0x61, count: 1024)).status == 404)
        // Declared too long: refused from the header, before the body is read.
        let declared = try await server.post("/nowhere", body: [UInt8](repeating: 0x61, count: 1025))
        #expect(declared.status == 413)
        let error = try JSONValue(parsing: declared.text).objectValue
        #expect(error?["error"]?.stringValue == "bodyTooLarge")
        // Chunked, with no length announced: refused when the bytes read pass the limit.
        let chunk = [UInt8](repeating: 0x62, count: 700)
        let chunked = Array("2bc\r\n".utf8) + chunk + Array("\r\n2bc\r\n".utf8) + chunk + Array("\r\n0\r\n\r\n".utf8)
        let streamed = try await RawHTTPClient.exchange(port: server.port, head: [
            "POST /nowhere HTTP/1.1", "Host: 127.0.0.1", "Transfer-Encoding: chunked",
        ], body: chunked)
        #expect(streamed.status == 413)
        #expect(try JSONValue(parsing: streamed.text).objectValue?["error"]?.stringValue == "bodyTooLarge")
        await server.stop()
    }

    @Test("A slow peer that never finishes its request is disconnected once idle (the idle timeout does it: the default one holds it longer)")
    func idlePeersDisconnected() async throws {
        let server = try await ServerHarness.start(state: try .inMemory()) { $0.idleTimeout = .seconds(1) }
        defer { Task { await server.stop() } }
        // Half a request head, then silence: closed by the server before the 15 s wait runs out.
        #expect(try await RawHTTPClient.closesIdleConnection(port: server.port, sending: Array("GET / HTTP/1.1\r\nHost: x".utf8), within: 15))
        // The control: with the default 30 s idle timeout, the same silence outlasts a 3 s wait.
        let patient = try await ServerHarness.start(state: try .inMemory())
        defer { Task { await patient.stop() } }
        #expect(try await !RawHTTPClient.closesIdleConnection(port: patient.port, sending: Array("GET / HTTP/1.1\r\nHost: x".utf8), within: 3))
        await patient.stop()
        await server.stop()
    }

    @Test("Every response is no-store, nosniff and no-referrer, refusals too")
    func responseHeaders() async throws {
        let state = try ServerStateDatabase.inMemory()
        let view = try state.createRequestView(requestId: "r", requestURI: "openid4vp://?request_uri=x", lifetime: .seconds(3600))
        let server = try await ServerHarness.start(state: state)
        defer { Task { await server.stop() } }
        for response in [try await server.get("/verifier/views/\(view)"), try await server.get("/nowhere"), try await server.get("/verifier/views/unknown/result")] {
            #expect(response.header("Cache-Control") == "no-store")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("Referrer-Policy") == "no-referrer")
        }
        await server.stop()
    }

    @Test("Identifiers, queries, headers and bodies never reach the log; each request is logged")
    func noSecretInTheLog() async throws {
        let capture = LogCapture()
        let state = try ServerStateDatabase.inMemory()
        let secrets = ["tx-code-493817", "Bearer-token-SECRET-7f3a", "pre-auth-code-SECRET-11aa"]
        let view = try state.createRequestView(requestId: secrets[2],
                                               requestURI: "openid4vp://?client_id=x&request_uri=https%3A%2F%2Fv.example%2Fr%2F\(secrets[2])",
                                               lifetime: .seconds(3600))
        let server = try await ServerHarness.start(state: state, logger: capture.logger())
        defer { Task { await server.stop() } }
        _ = try await server.get("/verifier/views/\(view)?code=\(secrets[2])", headers: ["Authorization: Bearer \(secrets[1])"])
        _ = try await server.get("/verifier/views/\(view)/result")
        _ = try await server.post("/token", body: Array("grant_type=x&pre-authorized_code=\(secrets[2])&tx_code=\(secrets[0])".utf8),
                            headers: ["Authorization: DPoP \(secrets[1])"])
        _ = try await server.post("/nowhere", body: [UInt8](repeating: 0x61, count: 70_000))
        try state.recordOutcome(request: secrets[2], status: .valid, report: .object(["claims": .object(["name": .string(secrets[0])])]),
                                lifetime: .seconds(3600))
        _ = try await server.get("/verifier/views/\(view)/result")
        await server.stop()
        let log = capture.captured
        let requestLines = log.filter { $0.contains(" request ") }
        #expect(requestLines.count == 5, "one line per request: \(log)")
        #expect(requestLines.contains { $0.contains("path=/verifier/views/*/result") && $0.contains("status=200") })
        #expect(requestLines.contains { $0.contains("status=413") })
        for secret in secrets + [view] {
            #expect(!log.contains { $0.contains(secret) }, "\(secret) reached the log")
        }
    }

    @Test("Logged paths keep route words and hide identifiers", arguments: [
        ("/verifier/views/qW3k9x_Zb0pLr7TtYv2mNc8sJ4hAe6uDfG1iKo5EwRQ/result", "/verifier/views/*/result"),
        ("/.well-known/openid-credential-issuer", "/.well-known/openid-credential-issuer"),
        ("/offers/ABC", "/offers/*"), ("/", "/"),
    ])
    func loggablePaths(_ path: String, _ logged: String) {
        #expect(GuardMiddleware.loggablePath(path) == logged)
    }
}
