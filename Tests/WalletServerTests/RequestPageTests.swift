import Foundation
import GuardedHTTP
import StrictJSON
import Testing
@testable import WalletServer

/// The verifier operator's page, fetched over loopback with the project's guarded client.
@Suite struct RequestPageTests {
    static let requestId = "q1w2e3"
    static let requestURI = "openid4vp://?client_id=x509_hash%3AabcDEF&request_uri=https%3A%2F%2Fverifier.example%2Frequests%2Fq1w2e3"

    @Test("The page shows the request's QR code and link, and its result once recorded")
    func pageAndResult() async throws {
        let state = try ServerStateDatabase.inMemory()
        let view = try state.createRequestView(requestId: Self.requestId, requestURI: Self.requestURI, lifetime: .seconds(3600))
        let server = try await ServerHarness.start(state: state)
        defer { Task { await server.stop() } }
        let page = try await server.client.get("\(server.baseURL)/verifier/views/\(view)")
        #expect(page.status == 200 && page.contentType == "text/html; charset=utf-8")
        let html = String(decoding: page.body, as: UTF8.self)
        // The QR code is the request URI's, as a PNG in a data: URI.
        let png = try QRCode(encoding: Self.requestURI).pngData(scale: 6, quietZone: 4)
        #expect(html.contains("src=\"data:image/png;base64,\(Data(png).base64EncodedString())\""))
        #expect(html.contains("href=\"\(RequestPage.escaped(Self.requestURI))\""))
        #expect(html.contains("data-result=\"/verifier/views/\(view)/result\""))
        #expect(!html.contains("<script>") && !html.contains("style="), "inline code the CSP would block")

        let pending = try await server.client.get("\(server.baseURL)/verifier/views/\(view)/result")
        #expect(pending.contentType == "application/json")
        #expect(try JSONValue(parsing: pending.body) == .object(["status": .string("pending")]))

        let report: JSONValue = .object(["valid": .bool(true), "claims": .object(["given_name": .string("<b>Ada</b>")])])
        try state.recordOutcome(request: Self.requestId, status: .valid, report: report, lifetime: .seconds(3600))
        let done = try await server.client.get("\(server.baseURL)/verifier/views/\(view)/result")
        #expect(try JSONValue(parsing: done.body) == .object(["status": .string("valid"), "report": report]))
        // One outcome per request: a second response is refused and the first stays.
        #expect(throws: WalletServerError(.identifierInUse, "")) {
            try state.recordOutcome(request: Self.requestId, status: .invalid, report: .null, lifetime: .seconds(3600))
        }
        #expect(try state.requestView(view).status == .valid)
        await server.stop()
    }

    @Test("The page's policy allows only the server's own script and style and data: images")
    func contentSecurityPolicy() async throws {
        let state = try ServerStateDatabase.inMemory()
        let view = try state.createRequestView(requestId: Self.requestId, requestURI: Self.requestURI, lifetime: .seconds(3600))
        let server = try await ServerHarness.start(state: state)
        defer { Task { await server.stop() } }
        let page = try await server.get("/verifier/views/\(view)")
        let policy = try #require(page.header("Content-Security-Policy"))
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'") && policy.contains("img-src data:"))
        #expect(!policy.contains("unsafe-inline"))
        let script = try await server.get("/assets/request-page.js")
        #expect(script.status == 200 && script.header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(script.text.contains("textContent") && !script.text.contains("innerHTML"))
        #expect(try await server.get("/assets/request-page.css").header("Content-Type") == "text/css; charset=utf-8")
        await server.stop()
    }

    @Test("An unknown or expired view is 404, page and result alike")
    func unknownView() async throws {
        let clock = TestClock()
        let state = try ServerStateDatabase.inMemory(clock: clock.function)
        let view = try state.createRequestView(requestId: Self.requestId, requestURI: Self.requestURI, lifetime: .seconds(60))
        let server = try await ServerHarness.start(state: state)
        defer { Task { await server.stop() } }
        #expect(try await server.get("/verifier/views/\(ServerStateDatabase.newIdentifier())").status == 404)
        #expect(try await server.get("/verifier/views/\(view)/result").status == 200)
        clock.advance(by: 60)
        let gone = try await server.get("/verifier/views/\(view)/result")
        #expect(gone.status == 404)
        #expect(try JSONValue(parsing: gone.text).objectValue?["error"]?.stringValue == "unknownOrExpired")
        #expect(try await server.get("/verifier/views/\(view)").status == 404)
        await server.stop()
    }

    @Test("Markup in a request URI is escaped in the page")
    func escaping() throws {
        let html = String(decoding: try RequestPage.html(view: RequestView(requestId: "r", requestURI: "x\"><script>alert(1)</script>"),
                                                         resultPath: "/r"), as: UTF8.self)
        #expect(!html.contains("<script>alert") && html.contains("x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("A request too long for a QR code still gets its page, with the link only")
    func tooLongForAQRCode() throws {
        let uri = "openid4vp://?request=" + String(repeating: "A", count: 3000)
        let html = String(decoding: try RequestPage.html(view: RequestView(requestId: "r", requestURI: uri), resultPath: "/r"), as: UTF8.self)
        #expect(html.contains("id=\"qr-missing\"") && !html.contains("data:image/png") && html.contains(uri))
    }
}
