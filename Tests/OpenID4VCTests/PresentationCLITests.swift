import Dispatch
import Foundation
import OpenID4VC
import StrictJSON
import TestSupport
import Testing
import WalletCrypto
import X509

/// `wallet present` (the built tool) against the verifier role on a loopback HTTPS server: the
/// request fetched with `wallet_nonce`, the `x509_hash:` chain checked against `--ca-file`, the
/// SD-JWT VC presented with only the claim asked for, and the refusals with their codes.
@Suite struct PresentationCLITests {
    /// A wallet made with the tool: a P-256 holder DID, an issuer DID, an SD-JWT VC bound to the holder.
    struct ToolWallet {
        let directory = TemporaryDirectory("present-cli")
        var env: [String: String] { ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "present pass"] }

        init() throws {
            try check(["init", "--kdf", "interactive"])
            let holder = try check(["did", "create", "--method", "key", "--key-type", "p256", "--label", "holder"]).stdoutText
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try check(["did", "create", "--method", "key", "--key-type", "p256", "--label", "issuer"])
            let subject = directory.appending("pid.json").path
            try Data(#"{"given_name":"Erika","family_name":"Mustermann","birthdate":"1964-08-12"}"#.utf8).write(to: URL(fileURLWithPath: subject))
            let credential = directory.appending("pid.sdjwt").path
            try check(["vc", "issue", "--issuer", "issuer", "--subject", subject, "--format", "sd-jwt", "--holder", holder,
                       "--vct", "https://credentials.example.com/identity_credential", "--disclosable", "given_name,family_name,birthdate",
                       "--out", credential])
            try check(["vc", "store", credential])
        }

        @discardableResult
        func check(_ arguments: [String]) throws -> CommandRunner.Output {
            let output = try CommandRunner.run(arguments, environment: env)
            #expect(output.status == 0, "\(arguments.joined(separator: " ")): \(output.stderr)")
            return output
        }

        /// Runs the tool off the cooperative pool (the verifier answers on it meanwhile).
        func run(_ arguments: [String]) async throws -> CommandRunner.Output {
            let env = self.env
            return try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try CommandRunner.run(arguments, environment: env) }) }
            }
        }
    }

    /// The verifier on `https://127.0.0.1:PORT`, its leaf valid around now (the tool checks chains
    /// at the current time), and a `--ca-file` with the TLS CA and the verifier's root.
    static func verifier(_ directory: TemporaryDirectory) async throws -> (PresentationLoopbackTests.HostedVerifier, caFile: String) {
        let window = (Date().addingTimeInterval(-86_400), Date().addingTimeInterval(86_400))
        let hosted = try await PresentationLoopbackTests.HostedVerifier(validity: window, host: "127.0.0.1", now: { Date() })
        let pem = try String(contentsOfFile: try LoopbackPKI.shared.get().caFile, encoding: .utf8) + "\n" + hosted.root.pem
        let caFile = directory.appending("anchors.pem").path
        try Data(pem.utf8).write(to: URL(fileURLWithPath: caFile))
        return (hosted, caFile)
    }

    static let query = #"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["https://credentials.example.com/identity_credential"]},"claims":[{"path":["given_name"]}]}]}"#

    @Test func presentsWithYes() async throws {
        let wallet = try ToolWallet()
        defer { wallet.directory.remove() }
        let (verifier, caFile) = try await Self.verifier(wallet.directory)
        defer { Task { await verifier.server.stop() } }
        let created = try await verifier.service.createRequest(query: DCQLQuery(parsing: Array(Self.query.utf8)))
        let output = try await wallet.run(["present", created.walletLink, "--yes", "--json", "--allow-network",
                                           "--network-allow", "127.0.0.1:\(verifier.server.port)", "--ca-file", caFile])
        #expect(output.status == 0, "\(output.stderr)")
        let printed = try JSONValue(parsing: output.stdout)
        #expect(printed["sent"]?.boolValue == true)
        #expect(printed["verifier"]?.stringValue == verifier.service.clientId)
        #expect(printed["items"]?[0]?["claims"] == ["given_name"])
        // The plan was shown on stderr: the verifier, and what is disclosed.
        #expect(output.stderr.contains("discloses: given_name"))
        #expect(try await verifier.service.result(id: created.id)?.verified == true)
        let log = try wallet.check(["log", "list", "--json"]).stdout
        #expect(String(decoding: log, as: UTF8.self).contains(verifier.service.clientId))
    }

    /// Without `--ca-file` the x509 verifier cannot be authenticated: exit 1, nothing sent.
    @Test func untrustedVerifierIsRefused() async throws {
        let wallet = try ToolWallet()
        defer { wallet.directory.remove() }
        let (verifier, _) = try await Self.verifier(wallet.directory)
        defer { Task { await verifier.server.stop() } }
        let created = try await verifier.service.createRequest(query: DCQLQuery(parsing: Array(Self.query.utf8)))
        // The TLS CA only: the request is fetched, its x5c chain reaches no anchor.
        let tlsOnly = try LoopbackPKI.shared.get().caFile
        let output = try await wallet.run(["present", created.walletLink, "--yes", "--json", "--allow-network",
                                           "--network-allow", "127.0.0.1:\(verifier.server.port)", "--ca-file", tlsOnly])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(try JSONValue(parsing: output.stdout)["error"]?["code"]?.stringValue == "untrustedChain")
        #expect(try await verifier.service.result(id: created.id) == nil)
    }

    /// Nothing stored answers the query: exit 1 `noMatchingCredential`, and the verifier was told
    /// `access_denied` so it is not left waiting.
    @Test func noMatchTellsTheVerifier() async throws {
        let wallet = try ToolWallet()
        defer { wallet.directory.remove() }
        let (verifier, caFile) = try await Self.verifier(wallet.directory)
        defer { Task { await verifier.server.stop() } }
        let query = #"{"credentials":[{"id":"mdl","format":"dc+sd-jwt","meta":{"vct_values":["https://example.com/mdl"]}}]}"#
        let created = try await verifier.service.createRequest(query: DCQLQuery(parsing: Array(query.utf8)))
        let output = try await wallet.run(["present", created.walletLink, "--yes", "--json", "--allow-network",
                                           "--network-allow", "127.0.0.1:\(verifier.server.port)", "--ca-file", caFile])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(try JSONValue(parsing: output.stdout)["error"]?["code"]?.stringValue == "noMatchingCredential")
        #expect(try await verifier.service.result(id: created.id)?.error == "access_denied")
    }

    @Test func usage() async throws {
        let wallet = try ToolWallet()
        defer { wallet.directory.remove() }
        // Presenting always talks to the verifier: --allow-network is required, never implied.
        let offline = try await wallet.run(["present", "openid4vp://?client_id=x", "--yes", "--json"])
        #expect(offline.status == 64)
        // An unsigned request claiming a signed prefix: refused before anything is sent.
        let query = Self.query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let unsigned = "openid4vp://?client_id=decentralized_identifier%3Adid%3Aexample%3A1&response_type=vp_token&response_mode=direct_post"
            + "&response_uri=https%3A%2F%2Fverifier.example%2Fr&nonce=n1&dcql_query=\(query)"
        let refused = try await wallet.run(["present", unsigned, "--yes", "--json", "--allow-network"])
        #expect(refused.status == 1)
        #expect(try JSONValue(parsing: refused.stdout)["error"]?["code"]?.stringValue == "clientNotAuthenticated")
    }
}
