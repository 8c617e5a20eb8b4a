import Foundation
import StrictJSON
import TestSupport
import Testing

/// `--network-allow HOST[:PORT]` and `--ca-file PEM` on the built `wallet` binary: a credential
/// whose status list is published over TLS on 127.0.0.1 with a test CA. Neither allowance is
/// implied by the other, nor by `--allow-network`, nor by the URL.
@Suite("wallet: --network-allow and --ca-file")
struct CLINetworkOptionsTests {
    @Test("A status list over loopback TLS: refused, then a TLS failure, then fetched, as each allowance is added")
    func statusListOverTLS() async throws {
        let pki = try TestPKI.make()
        let directory = TemporaryDirectory("cli-network")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("issuer").path, "WALLET_PASSPHRASE": "i"]
        func run(_ arguments: [String], stdin: [UInt8] = []) async throws -> CommandRunner.Output {
            try await offThePool { try CommandRunner.run(arguments, stdin: stdin, environment: env) }
        }
        let published = PublishedList()
        let server = try await TestServer(tls: try pki.serverContext()) { path in
            path == "/status/1" ? .respond(status: 200, headers: [("Content-Type", "application/vc+jwt")], body: published.bytes) : .respond(status: 404)
        }
        let url = "https://127.0.0.1:\(server.port)/status/1"
        #expect(try await run(["init", "--kdf", "interactive"]).status == 0)
        #expect(try await run(["did", "create", "--method", "key", "--label", "agency"]).status == 0)
        #expect(try await run(["status", "create", "--purpose", "revocation", "--issuer", "agency", "--url", url]).status == 0)
        let issued = try await run(["vc", "issue", "--issuer", "agency", "--subject", "-", "--status"], stdin: Array(#"{"name":"An"}"#.utf8))
        #expect(issued.status == 0, "\(issued.stderr)")
        let credential = directory.appending("credential.jwt")
        try Data(issued.stdout).write(to: credential)
        let list = directory.appending("list.jwt")
        #expect(try await run(["status", "publish", "--url", url, "--out", list.path]).status == 0)
        published.bytes = try Array(Data(contentsOf: list))

        func verify(_ extra: [String]) async throws -> (status: Int32, message: String) {
            let output = try await run(["vc", "verify", credential.path, "--allow-network", "--json"] + extra)
            let report = try JSONValue(parsing: output.stdout)
            return (output.status, report["errors"]?[0]?["message"]?.stringValue ?? "")
        }
        // No allowance: the loopback address is refused before any connection.
        let refused = try await verify([])
        #expect(refused.status == 2 && refused.message.contains("refusedAddress"), "\(refused)")
        // The CA alone does not allow the host.
        let caOnly = try await verify(["--ca-file", pki.caFile])
        #expect(caOnly.status == 2 && caOnly.message.contains("refusedAddress"), "\(caOnly)")
        #expect(server.connections == 0)
        // The host allowed, the CA not given: the TLS handshake fails.
        let untrusted = try await verify(["--network-allow", "127.0.0.1:\(server.port)"])
        #expect(untrusted.status == 2 && untrusted.message.contains("tlsFailure"), "\(untrusted)")
        // Both: fetched, and the credential is valid.
        let fetched = try await verify(["--network-allow", "127.0.0.1:\(server.port)", "--ca-file", pki.caFile])
        #expect(fetched.status == 0, "\(fetched)")
        #expect(server.requests.filter { $0.path == "/status/1" }.count == 1)
        await server.stop()
    }

    @Test("Usage: the allowances need --allow-network and strict values; --ca-file works offline (x5c anchors) but an unreadable one cannot run")
    func usage() async throws {
        let directory = TemporaryDirectory("cli-network-usage")
        defer { directory.remove() }
        let credential = directory.appending("c.jwt")
        try Data("x.y.z".utf8).write(to: credential)
        for command in [["vc", "verify", credential.path], ["vp", "verify", credential.path, "--challenge", "c", "--domain", "d"]] {
            // Control: with --allow-network the same allowances are accepted (the input is then just invalid).
            #expect(try await offThePool { try CommandRunner.run(command + ["--allow-network", "--network-allow", "127.0.0.1"]) }.status != 64)
            #expect(try await offThePool { try CommandRunner.run(command + ["--network-allow", "127.0.0.1"]) }.status == 64)
            // Offline, --ca-file still gives the anchors of x5c chains (decision 0036): not a usage
            // error, but a file that holds no certificate cannot run (exit 2), and says why once.
            let offlineCA = try await offThePool { try CommandRunner.run(command + ["--ca-file", credential.path]) }
            #expect(offlineCA.status == 2 && offlineCA.stderr.hasPrefix("wallet: error: invalidTrustAnchors: --ca-file: ")
                    && offlineCA.stderr.components(separatedBy: "invalidTrustAnchors").count == 2, "\(offlineCA.stderr)")
            #expect(try await offThePool { try CommandRunner.run(command + ["--allow-network", "--network-allow", "127.1"]) }.status == 64)
            #expect(try await offThePool { try CommandRunner.run(command + ["--allow-network", "--network-allow", "https://wallet.test"]) }.status == 64)
        }
        // did resolve has no offline use for it: --ca-file still needs --allow-network there.
        #expect(try await offThePool { try CommandRunner.run(["did", "resolve", "did:web:example.com", "--ca-file", credential.path]) }.status == 64)
        let missing = directory.appending("none.pem").path
        let badCA = try await offThePool { try CommandRunner.run(["vc", "verify", credential.path, "--allow-network", "--ca-file", missing]) }
        #expect(badCA.status == 2 && badCA.stderr.contains("invalidTrustAnchors"), "\(badCA.stderr)")
    }
}

/// Runs `body` (which waits for a child process) on a thread of its own, so that it never holds
/// one of Swift's cooperative threads — the other tests' deadlines run on those.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// The list the server hands out, set once the wallet has published it.
final class PublishedList: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [UInt8] = []
    var bytes: [UInt8] {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
