import Dispatch
import Foundation
import StrictJSON
import TestSupport
import Testing

/// Two wallet directories made with the built tool: A runs `wallet serve --issuer issuer
/// --verifier-cert … --verifier-key …` on loopback (plain http, `--port 0`), B is the holder that
/// receives from it and presents to it. The verifier's chain is made with the openssl command: a
/// root CA and a leaf signed by it; B trusts the root with `--ca-file`.
final class ServedWallets: @unchecked Sendable {
    let directory = TemporaryDirectory("serve-issuer")
    let server: Process
    let port: Int
    let issuerDID: String
    let root: String
    private let serverErrors: Pipe

    var issuerEnv: [String: String] { ["WALLET_HOME": directory.appending("a").path, "WALLET_PASSPHRASE": "issuer side passphrase"] }
    var holderEnv: [String: String] { ["WALLET_HOME": directory.appending("b").path, "WALLET_PASSPHRASE": "holder side passphrase"] }
    var baseURL: String { "http://127.0.0.1:\(port)" }
    /// What B passes to `receive` and `present`: loopback allowed (plain http), the verifier's root.
    var network: [String] { ["--allow-network", "--network-allow", "127.0.0.1:\(port)", "--ca-file", root] }

    /// Makes both wallets (A with an issuer DID of `issuerKeyType`, labelled issuer) and starts the server.
    init(issuerKeyType: String = "ed25519") throws {
        let a = ["WALLET_HOME": directory.appending("a").path, "WALLET_PASSPHRASE": "issuer side passphrase"]
        let b = ["WALLET_HOME": directory.appending("b").path, "WALLET_PASSPHRASE": "holder side passphrase"]
        try Self.check(["init", "--kdf", "interactive"], a)
        try Self.check(["init", "--kdf", "interactive"], b)
        issuerDID = try Self.check(["did", "create", "--method", "key", "--key-type", issuerKeyType, "--label", "issuer"], a).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let files = try Self.verifierPKI(in: directory)
        root = files.root
        (server, port, serverErrors) = try Self.startServe(
            ["--issuer", "issuer", "--verifier-cert", files.chain, "--verifier-key", files.key], env: a)
    }

    /// Starts `wallet serve --port 0 --json ARGUMENTS` and waits until it listens; returns the
    /// process, its port and its stderr. The caller stops it.
    static func startServe(_ arguments: [String], env: [String: String]) throws -> (Process, Int, Pipe) {
        let process = Process()
        process.executableURL = CommandRunner.walletBinary
        process.arguments = ["serve", "--port", "0", "--json"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var bytes = [UInt8]()
        while !String(decoding: bytes, as: UTF8.self).contains("}\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            bytes += chunk
        }
        let listening = try JSONValue(parsing: bytes)
        return (process, try #require(listening["port"]?.numberValue.flatMap { Int($0.description) }), errors)
    }

    /// Stops the server (SIGTERM) and removes the directories; returns the server's log.
    @discardableResult
    func stop() -> String {
        if server.isRunning { server.terminate() }
        server.waitUntilExit()
        let log = String(decoding: serverErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        directory.remove()
        return log
    }

    /// `wallet ARGUMENTS` as A (the issuer and verifier's side).
    func issuerSide(_ arguments: [String], stdin: [UInt8] = []) async throws -> CommandRunner.Output {
        try await Self.run(arguments, env: issuerEnv, stdin: stdin)
    }

    /// `wallet ARGUMENTS` as B (the holder).
    func holderSide(_ arguments: [String], stdin: [UInt8] = []) async throws -> CommandRunner.Output {
        try await Self.run(arguments, env: holderEnv, stdin: stdin)
    }

    /// Writes `text` to a file in the test directory and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appending(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// `offer create … --json` as A, which must succeed; returns its JSON object.
    func offer(_ arguments: [String]) async throws -> JSONObject {
        let output = try await issuerSide(["offer", "create", "--json"] + arguments)
        #expect(output.status == 0, "offer create \(arguments): \(output.stderr)")
        return try #require(try JSONValue(parsing: output.stdout).objectValue)
    }

    /// A GET over a plain socket to the server; the raw response.
    func get(_ path: String) throws -> String { try LoopbackGET.fetch(port: port, path: path) }

    /// The error code of a `--json` failure.
    static func errorCode(_ output: CommandRunner.Output) -> String? {
        (try? JSONValue(parsing: output.stdout))?["error"]?["code"]?.stringValue
    }

    @discardableResult
    static func check(_ arguments: [String], _ env: [String: String]) throws -> CommandRunner.Output {
        let output = try CommandRunner.run(arguments, environment: env)
        #expect(output.status == 0, "\(arguments.joined(separator: " ")): \(output.stderr)")
        return output
    }

    /// Runs the tool off Swift's cooperative threads.
    static func run(_ arguments: [String], env: [String: String], stdin: [UInt8] = []) async throws -> CommandRunner.Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try CommandRunner.run(arguments, stdin: stdin, environment: env) })
            }
        }
    }

    /// A root CA and a verifier leaf (P-256, digitalSignature, SAN verifier.test) signed by it.
    static func verifierPKI(in directory: TemporaryDirectory) throws -> (chain: String, key: String, root: String) {
        let path = { (name: String) in directory.appending(name).path }
        try Data("""
            [req]
            distinguished_name = dn
            [dn]
            [root]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            [leaf]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            subjectAltName = DNS:verifier.test
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """.utf8).write(to: directory.appending("pki.cnf"))
        let steps: [[String]] = [
            ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("root-key.pem")],
            ["req", "-x509", "-new", "-key", path("root-key.pem"), "-subj", "/CN=Test Verifier Root", "-days", "2",
             "-config", path("pki.cnf"), "-extensions", "root", "-out", path("root.pem")],
            ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("leaf-key.pem")],
            ["req", "-new", "-key", path("leaf-key.pem"), "-subj", "/CN=verifier.test", "-config", path("pki.cnf"), "-out", path("leaf.csr")],
            ["x509", "-req", "-in", path("leaf.csr"), "-CA", path("root.pem"), "-CAkey", path("root-key.pem"), "-CAcreateserial",
             "-days", "2", "-extfile", path("pki.cnf"), "-extensions", "leaf", "-out", path("leaf.pem")],
        ]
        for arguments in steps {
            let output = try CommandRunner.run(arguments, executable: URL(fileURLWithPath: "/usr/bin/openssl"))
            #expect(output.status == 0, "openssl \(arguments.joined(separator: " ")): \(output.stderr)")
        }
        let chain = try String(contentsOfFile: path("leaf.pem"), encoding: .utf8) + String(contentsOfFile: path("root.pem"), encoding: .utf8)
        try Data(chain.utf8).write(to: directory.appending("chain.pem"))
        return (path("chain.pem"), path("leaf-key.pem"), path("root.pem"))
    }
}
