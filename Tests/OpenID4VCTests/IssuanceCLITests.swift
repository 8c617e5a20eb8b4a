import Foundation
import OpenID4VC
import StrictJSON
import TestSupport
import Testing

/// `wallet receive` as the built binary, against the issuer role on a loopback TLS server (the
/// test CA given with `--ca-file`, the server's port with `--network-allow`).
@Suite("CLI: wallet receive")
struct IssuanceCLITests {
    /// A CLI wallet (`wallet init` with the environment's passphrase).
    struct CLIWallet {
        let directory: TemporaryDirectory
        let env: [String: String]

        init() async throws {
            directory = TemporaryDirectory("receive-cli")
            env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "receive cli passphrase"]
            let created = try await run(["init", "--kdf", "interactive"])
            #expect(created.status == 0, "\(created.stderr)")
        }

        /// Runs the binary off Swift's cooperative threads (the issuer answers on them meanwhile).
        func run(_ arguments: [String], stdin: [UInt8] = []) async throws -> CommandRunner.Output {
            let env = self.env
            return try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try CommandRunner.run(arguments, stdin: stdin, environment: env) })
                }
            }
        }
    }

    static func network(_ harness: IssuanceHarness) throws -> [String] {
        ["--allow-network", "--network-allow", "127.0.0.1:\(harness.server.port)", "--ca-file", try LoopbackPKI.shared.get().caFile]
    }

    static func error(_ output: CommandRunner.Output) -> String? {
        (try? JSONValue(parsing: output.stdout))?["error"]?["code"]?.stringValue
    }

    @Test("receive OFFER --tx-code-file --yes --json stores the credential; vc list and vc show see it with its display; the code is never printed")
    func receives() async throws {
        let harness = try await IssuanceHarness.make(host: "127.0.0.1")
        let wallet = try await CLIWallet()
        defer { wallet.directory.remove() }
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims,
                                                          grant: .preAuthorizedCode(transactionCode: "274911"), byReference: true)
        let codeFile = wallet.directory.appending("code.txt")
        try Data("274911\n".utf8).write(to: codeFile)
        let output = try await wallet.run(["receive", offer.uri, "--tx-code-file", codeFile.path, "--yes", "--json"] + (try Self.network(harness)))
        await harness.stop()
        #expect(output.status == 0, "\(output.stderr)")
        let result = try JSONValue(parsing: output.stdout)
        let id = try #require(result["stored"]?[0]?["id"]?.stringValue)
        #expect(result["stored"]?[0]?["format"] == "dc+sd-jwt" && result["credentialIssuer"] == .string(harness.server.origin()))
        #expect(!output.stdoutText.contains("274911") && !output.stderr.contains("274911"))
        let list = try await wallet.run(["vc", "list", "--json"])
        #expect(try JSONValue(parsing: list.stdout)["credentials"]?.arrayValue?.count == 1)
        let show = try JSONValue(parsing: try await wallet.run(["vc", "show", id, "--json"]).stdout)
        #expect(show["display"]?["configuration"] == "identity_sd_jwt" && show["display"]?["credentialDisplay"]?[0]?["name"] == "Identity")
    }

    @Test("The offer from standard input; text output names what was stored")
    func fromStandardInput() async throws {
        let harness = try await IssuanceHarness.make(host: "127.0.0.1")
        let wallet = try await CLIWallet()
        defer { wallet.directory.remove() }
        let offer = try await harness.service.createOffer(configurationIds: ["degree_jwt"], claims: IssuanceHarness.claims)
        let output = try await wallet.run(["receive", "-", "--yes"] + (try Self.network(harness)), stdin: Array((offer.uri + "\n").utf8))
        await harness.stop()
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdoutText.hasPrefix("Stored ") && output.stdoutText.contains("jwt-vc-1.1") && output.stdoutText.contains("UniversityDegreeCredential"))
    }

    @Test("Refusals: no --allow-network and no --yes without a terminal are usage (64); a missing tx_code is 2; a metadata issuer mismatch is 1; nothing stored")
    func refusals() async throws {
        let harness = try await IssuanceHarness.make(host: "127.0.0.1")
        let wallet = try await CLIWallet()
        defer { wallet.directory.remove() }
        let network = try Self.network(harness)
        let offer = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims,
                                                          grant: .preAuthorizedCode(transactionCode: "1"))
        let offline = try await wallet.run(["receive", offer.uri, "--yes", "--json"])
        #expect(offline.status == 64 && Self.error(offline) == "usage")
        let unconfirmed = try await wallet.run(["receive", offer.uri, "--json"] + network)
        #expect(unconfirmed.status == 64 && Self.error(unconfirmed) == "usage", "\(unconfirmed.stderr)")
        let noCode = try await wallet.run(["receive", offer.uri, "--yes", "--json"] + network)
        #expect(noCode.status == 2 && Self.error(noCode) == "transactionCodeRequired", "\(noCode.stderr)")
        #expect(!harness.paths.contains("/token"))
        // Metadata that names another issuer than the offer does.
        let evil = try await IssuanceHarness.make(host: "127.0.0.1", intercept: { request, response in
            guard request.path == "/.well-known/openid-credential-issuer", var object = try? JSONValue(parsing: response.body).objectValue else { return response }
            object["credential_issuer"] = "https://evil.example"
            return .json(JSONValue.object(object).compactString)
        })
        let evilOffer = try await evil.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims)
        let mismatch = try await wallet.run(["receive", evilOffer.uri, "--yes", "--json"] + (try Self.network(evil)))
        #expect(mismatch.status == 1 && Self.error(mismatch) == "issuerMismatch", "\(mismatch.stderr)")
        #expect(!evil.paths.contains("/token"))
        await evil.stop()
        await harness.stop()
        let list = try await wallet.run(["vc", "list", "--json"])
        #expect(try JSONValue(parsing: list.stdout)["credentials"]?.arrayValue?.isEmpty == true)
    }
}
