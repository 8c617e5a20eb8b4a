import Foundation
import GuardedHTTP
import StrictJSON
import TestSupport
import Testing

/// did:web on the built `wallet` binary: create, publish (a TLS server on loopback with the
/// test's CA, named `localhost`), issue, verify with `--allow-network`, rotate, and the old
/// credential refused with `verificationMethodNotAuthorized`.
@Suite("wallet: did:web create, rotate, show, resolve and verify")
struct CLIDIDWebTests {
    @Test("A did:web credential verifies over the network; after rotate it fails as not authorised; did show lists the key history")
    func createRotateVerify() async throws {
        let pki = try TestPKI.make()
        let directory = TemporaryDirectory("cli-didweb")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "p"]
        func run(_ arguments: [String], stdin: [UInt8] = []) async throws -> CommandRunner.Output {
            try await offThePool { try CommandRunner.run(arguments, stdin: stdin, environment: env) }
        }
        // The server listens where the system resolves `localhost` first (the guard dials the first address).
        let first = try #require(try await SystemResolver().addresses(of: "localhost").first)
        let published = PublishedList()
        let server = try await TestServer(host: first.description, tls: try pki.serverContext()) { path in
            path == "/issuers/agency/did.json" ? .respond(status: 200, headers: [("Content-Type", "application/did+json")], body: published.bytes)
                : .respond(status: 404)
        }
        let did = "did:web:localhost%3A\(server.port):issuers:agency"
        let network = ["--allow-network", "--network-allow", "localhost:\(server.port)", "--ca-file", pki.caFile]
        #expect(try await run(["init", "--kdf", "interactive"]).status == 0)
        let document = directory.appending("did.json")
        let created = try await run(["did", "create", "--method", "web", "--url", "https://localhost:\(server.port)/issuers/agency",
                                     "--label", "agency", "--out", document.path])
        #expect(created.status == 0 && created.stdoutText == did + "\n", "\(created.stderr)")
        #expect(created.stderr.contains("https://localhost:\(server.port)/issuers/agency/did.json"))
        published.bytes = try Array(Data(contentsOf: document))
        let json = try JSONValue(parsing: published.bytes)
        #expect(json["id"] == .string(did) && json["assertionMethod"]?[0] == .string("\(did)#key-1"))

        // Resolution needs --allow-network; with it (and the allowances) the document comes back.
        let offline = try await run(["did", "resolve", did])
        #expect(offline.status == 1 && offline.stderr.contains("methodNotSupported") && offline.stderr.contains("--allow-network"), "\(offline.stderr)")
        let resolved = try await run(["did", "resolve", did] + network)
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(try JSONValue(parsing: resolved.stdout)["id"] == .string(did))

        let issued = try await run(["vc", "issue", "--issuer", "agency", "--subject", "-"], stdin: Array(#"{"id":"did:example:an","name":"An"}"#.utf8))
        #expect(issued.status == 0, "\(issued.stderr)")
        let credential = directory.appending("before.jwt")
        try Data(issued.stdout).write(to: credential)
        func verify(_ file: URL, _ extra: [String] = []) async throws -> (status: Int32, codes: [String]) {
            let output = try await run(["vc", "verify", file.path, "--json"] + extra)
            let report = try JSONValue(parsing: output.stdout)
            return (output.status, report["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? [])
        }
        let offlineVerify = try await verify(credential)
        #expect(offlineVerify.status == 2 && offlineVerify.codes == ["didResolutionFailed"], "\(offlineVerify)")
        let valid = try await verify(credential, network)
        #expect(valid.status == 0 && valid.codes.isEmpty, "\(valid)")
        // The holder's store verifies with the same allowances (offline the issuer cannot be resolved),
        // and vc list checks it with them.
        let storedOffline = try await run(["vc", "store", credential.path])
        #expect(storedOffline.status == 1 && storedOffline.stderr.contains("--force"), "\(storedOffline.stderr)")
        let stored = try await run(["vc", "store", credential.path, "--json"] + network)
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(try JSONValue(parsing: stored.stdout)["verified"] == true)
        let listed = try JSONValue(parsing: try await run(["vc", "list", "--json"] + network).stdout)
        #expect(listed["credentials"]?[0]?["status"] == "none", "\(listed)")

        // Rotate: a new document, the old key kept but no longer authorised.
        let rotated = try await run(["did", "rotate", "agency", "--out", document.path, "--force", "--json"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let summary = try JSONValue(parsing: rotated.stdout)
        #expect(summary["did"] == .string(did) && summary["file"] == .string(document.path), "\(summary)")
        published.bytes = try Array(Data(contentsOf: document))
        let after = try JSONValue(parsing: published.bytes)
        #expect(after["assertionMethod"] == [.string("\(did)#key-2")] && after["authentication"] == [.string("\(did)#key-2")])
        #expect(after["verificationMethod"]?.arrayValue?.count == 2)
        let refused = try await verify(credential, network)
        #expect(refused.status == 1 && refused.codes == ["verificationMethodNotAuthorized"], "\(refused)")
        let reissued = try await run(["vc", "issue", "--issuer", "agency", "--subject", "-"], stdin: Array(#"{"id":"did:example:an","name":"An"}"#.utf8))
        let fresh = directory.appending("after.jwt")
        try Data(reissued.stdout).write(to: fresh)
        #expect(try await verify(fresh, network).status == 0)

        // --remove-retired: the retired method leaves the document (the key stays in the history).
        let cleaned = try await run(["did", "rotate", "agency", "--remove-retired", "--json"])
        #expect(cleaned.status == 0, "\(cleaned.stderr)")
        #expect(try JSONValue(parsing: cleaned.stdout)["document"]?["verificationMethod"]?.arrayValue?.map { $0["id"] } == [.string("\(did)#key-3")])

        // did show: the key history, oldest first.
        let shown = try await run(["did", "show", "agency"])
        let lines = shown.stdoutText.split(separator: "\n").filter { $0.hasPrefix("key\t") }
        #expect(lines.count == 3 && lines[0].contains("#key-1") && lines[0].contains("retired") && lines[1].contains("#key-2")
                    && lines[1].contains("retired") && lines[2].contains("#key-3") && lines[2].hasSuffix("current"), "\(shown.stdoutText)")
        let record = try JSONValue(parsing: try await run(["did", "show", "agency", "--json"]).stdout)
        #expect(record["keyHistory"]?.arrayValue?.count == 3 && record["keyHistory"]?[2]?["retired"] == nil && record["keyHistory"]?[0]?["retired"] != nil)
        // Only a did:web rotates.
        #expect(try await run(["did", "create", "--method", "key", "--label", "plain"]).status == 0)
        let wrong = try await run(["did", "rotate", "plain"])
        #expect(wrong.status == 1 && wrong.stderr.contains("invalidArgument"), "\(wrong.stderr)")
        await server.stop()
    }

    @Test("did create --method web: usage and refused URLs")
    func createUsage() async throws {
        let directory = TemporaryDirectory("cli-didweb-usage")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "p"]
        func run(_ arguments: [String]) async throws -> CommandRunner.Output {
            try await offThePool { try CommandRunner.run(arguments, environment: env) }
        }
        #expect(try await run(["init", "--kdf", "interactive"]).status == 0)
        #expect(try await run(["did", "create", "--method", "web"]).status == 64)
        #expect(try await run(["did", "create", "--method", "key", "--url", "https://example.com"]).status == 64)
        for url in ["http://example.com", "https://127.0.0.1", "https://example.com/a/../b", "https://user@example.com"] {
            let output = try await run(["did", "create", "--method", "web", "--url", url])
            #expect(output.status == 1 && output.stderr.contains("invalidArgument"), "\(url): \(output.stderr)")
        }
        // Control: a good URL, and the same DID again is alreadyExists.
        let made = try await run(["did", "create", "--method", "web", "--url", "https://example.com:8443/u/alice", "--json"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try JSONValue(parsing: made.stdout)["did"] == "did:web:example.com%3A8443:u:alice")
        #expect(try await run(["did", "create", "--method", "web", "--url", "https://example.com:8443/u/alice"]).stderr.contains("alreadyExists"))
    }
}
