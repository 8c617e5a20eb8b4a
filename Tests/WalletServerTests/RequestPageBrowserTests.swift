import Foundation
import StrictJSON
import Testing
import TestSupport
import WalletServer

/// The request page in headless Chromium (Debian's `chromium`; `.ci/install-deps` installs it):
/// its script runs under the page's Content-Security-Policy, polls the result, and writes the
/// report as text. The test is reported as skipped where no Chromium is installed.
@Suite struct RequestPageBrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The DOM after the page's script ran (`--dump-dom`, with virtual time for its timers).
    static func renderedDOM(_ url: String, screenshot: String? = nil) async throws -> String {
        let profile = TemporaryDirectory("chromium")
        defer { profile.remove() }
        var arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                         "--user-data-dir=\(profile.url.path)", "--virtual-time-budget=8000"]
        if let screenshot { arguments += ["--screenshot=\(screenshot)", "--window-size=720,900"] } else { arguments.append("--dump-dom") }
        let chromium = try #require(Self.chromium)
        let fullArguments = arguments + [url]
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: chromium)
                    process.arguments = fullArguments
                    let output = Pipe()
                    process.standardOutput = output
                    process.standardError = FileHandle.nullDevice
                    try process.run()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    return String(decoding: data, as: UTF8.self)
                })
            }.start()
        }
    }

    @Test("In Chromium the script runs under the CSP, shows the verified result, and keeps markup in claims as text",
          .enabled(if: chromium != nil, "needs Debian's chromium"))
    func resultShownAsText() async throws {
        let state = try ServerStateDatabase.inMemory()
        let requestURI = "openid4vp://?client_id=x509_hash%3Aabc&request_uri=https%3A%2F%2Fverifier.example%2Fp%2Fr1%2Frequest"
        let answered = try state.createRequestView(requestId: "r1", requestURI: requestURI, lifetime: .seconds(600))
        let pending = try state.createRequestView(requestId: "r2", requestURI: requestURI, lifetime: .seconds(600))
        let report: JSONValue = .object(["verified": .bool(true), "given_name": .string("<img src=x id=injected>Ada")])
        try state.recordOutcome(request: "r1", status: .valid, report: report, lifetime: .seconds(600))
        let server = try await ServerHarness.start(state: state)
        defer { Task { await server.stop() } }

        let dom = try await Self.renderedDOM("\(server.baseURL)/verifier/views/\(answered)")
        // data-status is set by the script only: present, the script ran (the CSP let it).
        #expect(dom.contains("data-status=\"valid\""), "\(dom)")
        #expect(dom.contains("Presentation received and verified."))
        #expect(dom.contains("&lt;img src=x id=injected&gt;Ada"), "the claim is shown as text")
        #expect(!dom.contains("id=\"injected\""), "the claim became an element")
        #expect(!dom.contains("<pre id=\"report\" hidden"), "the report stayed hidden")

        let waiting = try await Self.renderedDOM("\(server.baseURL)/verifier/views/\(pending)")
        #expect(waiting.contains("data-status=\"pending\"") && waiting.contains("Waiting for the wallet"), "\(waiting)")
        #expect(waiting.contains("<img id=\"qr\""))
        if let path = ProcessInfo.processInfo.environment["REQUEST_PAGE_SCREENSHOT"] {
            _ = try await Self.renderedDOM("\(server.baseURL)/verifier/views/\(answered)", screenshot: path)
        }
        await server.stop()
    }
}
