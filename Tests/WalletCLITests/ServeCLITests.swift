import Foundation
import StrictJSON
import TestSupport
import Testing
import WalletServer

/// `wallet serve` and `wallet request result` as the built binary runs them.
@Suite("CLI: serve and request result")
struct ServeCLITests {
    /// Starts `wallet serve --port 0 --json` on `wallet`, returns the process and what it printed
    /// once listening; the caller terminates it.
    static func startServe(wallet: URL, extra: [String] = []) throws -> (Process, JSONObject, Pipe) {
        let process = Process()
        process.executableURL = CommandRunner.walletBinary
        process.arguments = ["serve", "--port", "0", "--json", "--wallet", wallet.path] + extra
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The one JSON document, printed once the socket is bound; read to its closing brace.
        var bytes = [UInt8]()
        while !bytes.starts(with: [0x7B]) || bytes.last != 0x0A || !String(decoding: bytes, as: UTF8.self).contains("}\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            bytes += chunk
        }
        let object = try #require(try JSONValue(parsing: bytes).objectValue)
        return (process, object, errors)
    }

    @Test("serve binds 127.0.0.1 by default, records its URL, answers, logs no identifier, and stops on SIGTERM")
    func serveOnLoopback() throws {
        let directory = TemporaryDirectory("serve")
        defer { directory.remove() }
        let (process, listening, errors) = try Self.startServe(wallet: directory.url)
        let port = try #require(listening["port"]?.numberValue.flatMap { Int($0.description) })
        #expect(listening["baseURL"]?.stringValue == "http://127.0.0.1:\(port)")
        #expect(listening["bind"]?.stringValue == "127.0.0.1")
        // The create commands find the server's URL in the shared state database.
        let state = try ServerStateDatabase.open(inWalletDirectory: directory.url)
        #expect(try state.setting(ServerStateDatabase.SettingName.baseURL) == "http://127.0.0.1:\(port)")
        let secretView = ServerStateDatabase.newIdentifier()
        // A page for an unknown view: 404, logged with the identifier hidden.
        let page = try Self.get(port: port, path: "/verifier/views/\(secretView)")
        #expect(page.hasPrefix("HTTP/1.1 404"))
        process.terminate()
        process.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(log)")
        #expect(log.contains("/verifier/views/*") && !log.contains(secretView), "\(log)")
    }

    @Test("--bind another loopback address: served there, no warning; the warning's rule refuses 0.0.0.0")
    func bindElsewhereOnLoopback() throws {
        let directory = TemporaryDirectory("serve")
        defer { directory.remove() }
        // The tests never listen beyond loopback; the rule that warns is checked on the configuration.
        var configuration = WalletServerConfiguration()
        configuration.host = "0.0.0.0"
        #expect(!configuration.bindsLoopbackOnly)
        let (process, listening, errors) = try Self.startServe(wallet: directory.url, extra: ["--bind", "127.0.0.2"])
        #expect((listening["baseURL"]?.stringValue ?? "").hasPrefix("http://127.0.0.2:"))
        process.terminate()
        process.waitUntilExit()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!log.contains("warning: listening"), "a loopback address warned: \(log)")
    }

    @Test("request result: pending, then the recorded report; unknown views are unknownOrExpired (exit 1)")
    func requestResult() throws {
        let directory = TemporaryDirectory("request")
        defer { directory.remove() }
        let state = try ServerStateDatabase.open(inWalletDirectory: directory.url)
        let view = try state.createRequestView(requestId: "req-1", requestURI: "openid4vp://?request_uri=x", lifetime: .seconds(600))
        let pending = try CommandRunner.run(["request", "result", view, "--json", "--wallet", directory.url.path])
        #expect(pending.status == 0)
        #expect(try JSONValue(parsing: pending.stdout) == .object(["status": .string("pending")]))
        try state.recordOutcome(request: "req-1", status: .invalid, report: .object(["error": .string("nonceMismatch")]), lifetime: .seconds(600))
        let invalid = try CommandRunner.run(["request", "result", view, "--wallet", directory.url.path])
        #expect(invalid.status == 1)
        #expect(invalid.stdoutText.hasPrefix("invalid\n") && invalid.stdoutText.contains("nonceMismatch"))
        let unknown = try CommandRunner.run(["request", "result", ServerStateDatabase.newIdentifier(), "--json", "--wallet", directory.url.path])
        #expect(unknown.status == 1)
        #expect(try JSONValue(parsing: unknown.stdout).objectValue?["error"]?.objectValue?["code"]?.stringValue == "unknownOrExpired")
        let noWallet = try CommandRunner.run(["request", "result", view, "--json", "--wallet", directory.appending("missing").path])
        #expect(noWallet.status == 2)
        #expect(try JSONValue(parsing: noWallet.stdout).objectValue?["error"]?.objectValue?["code"]?.stringValue == "stateUnavailable")
    }

    /// A P-256 key and a self-signed certificate for it, made with the openssl command (which
    /// `.ci/install-deps` installs for the network tests).
    static func verifierFiles(in directory: TemporaryDirectory) throws -> (cert: String, key: String) {
        let key = directory.appending("verifier-key.pem").path, cert = directory.appending("verifier-cert.pem").path
        for arguments in [["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key],
                          ["req", "-x509", "-new", "-key", key, "-subj", "/CN=verifier.test", "-days", "2", "-out", cert]] {
            let output = try CommandRunner.run(arguments, executable: URL(fileURLWithPath: "/usr/bin/openssl"))
            #expect(output.status == 0, "\(output.stderr)")
        }
        return (cert, key)
    }

    @Test("request create: refused before a verifier ran; stored for the running verifier, its request object signed when fetched, its view pending")
    func requestCreate() async throws {
        let directory = TemporaryDirectory("verifier")
        defer { directory.remove() }
        let wallet = directory.appending("wallet")
        try FileManager.default.createDirectory(at: wallet, withIntermediateDirectories: true)
        let query = directory.appending("query.json")
        try Data(#"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/pid"]},"claims":[{"path":["family_name"]}]}]}"#.utf8).write(to: query)
        // Before any verifier ran: refused with a code.
        let early = try CommandRunner.run(["request", "create", "--dcql", query.path, "--json", "--wallet", wallet.path])
        #expect(early.status == 2)
        #expect(try JSONValue(parsing: early.stdout).objectValue?["error"]?.objectValue?["code"]?.stringValue == "verifierNotConfigured")

        let files = try Self.verifierFiles(in: directory)
        let (process, listening, _) = try Self.startServe(wallet: wallet, extra: ["--verifier-cert", files.cert, "--verifier-key", files.key])
        defer { if process.isRunning { process.terminate() } }
        let port = try #require(listening["port"]?.numberValue.flatMap { Int($0.description) })
        let png = directory.appending("qr.png").path
        let created = try CommandRunner.run(["request", "create", "--dcql", query.path, "--json", "--qr-png", png, "--wallet", wallet.path])
        #expect(created.status == 0, "\(created.stderr)")
        let object = try #require(try JSONValue(parsing: created.stdout).objectValue)
        let link = try #require(object["requestURI"]?.stringValue), id = try #require(object["requestId"]?.stringValue)
        let view = try #require(object["view"]?.stringValue)
        #expect(link.hasPrefix("openid4vp://?client_id=x509_hash%3A") && link.contains("request_uri_method=post"))
        #expect(link.contains("presentations%2F\(id)%2Frequest") && view != id)
        #expect(FileManager.default.fileExists(atPath: png))
        // The server signs the request object when it is fetched.
        let fetched = try Self.get(port: port, path: "/presentations/\(id)/request")
        #expect(fetched.hasPrefix("HTTP/1.1 200") && fetched.contains("application/oauth-authz-req+jwt"), "\(fetched)")
        let jwt = try #require(fetched.components(separatedBy: "\r\n\r\n").last)
        let payloadPart = jwt.split(separator: ".")[1]
        let padded = payloadPart.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            + String(repeating: "=", count: (4 - payloadPart.count % 4) % 4)
        let payloadBytes = try #require(Data(base64Encoded: padded))
        let payload = try #require(try JSONValue(parsing: Array(payloadBytes)).objectValue)
        #expect(payload["response_mode"]?.stringValue == "direct_post.jwt")
        #expect(payload["response_uri"]?.stringValue == "http://127.0.0.1:\(port)/presentations/\(id)/response")
        #expect(payload["client_id"]?.stringValue.map { link.contains($0.replacingOccurrences(of: ":", with: "%3A")) } == true)
        #expect(payload["dcql_query"]?.objectValue?["credentials"]?.arrayValue?.count == 1)
        // The view shows pending until a response is verified.
        let result = try CommandRunner.run(["request", "result", view, "--json", "--wallet", wallet.path])
        #expect(try JSONValue(parsing: result.stdout) == .object(["status": .string("pending")]))
        process.terminate()
        process.waitUntilExit()
    }

    /// A GET over a plain socket; returns the raw response text.
    static func get(port: Int, path: String) throws -> String { try LoopbackGET.fetch(port: port, path: path) }
}
