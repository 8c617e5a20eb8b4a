import DIDCore
import Foundation
import OpenID4VC
import StrictJSON
import Testing
import WalletCore

/// Security requirement 47: the pre-authorized code, the `tx_code`, authorization codes, access
/// tokens and nonces of a whole issuance reach no log line of either side, at the trace level.
@Suite("OpenID4VCI: no secret in the logs")
struct IssuanceSecretsTests {
    @Test("Both grants, logged at trace level on both sides: no code, tx_code, token or nonce appears")
    func nothingSecretLogged() async throws {
        let store = RecordingLogHandler.Store()
        let logger = RecordingLogHandler.logger(store)
        let harness = try await IssuanceHarness.make(logger: logger)
        defer { Task { await harness.stop() } }
        let preAuthorized = try await harness.service.createOffer(configurationIds: ["identity_sd_jwt"], claims: IssuanceHarness.claims,
                                                                  grant: .preAuthorizedCode(transactionCode: "830217"))
        _ = try await harness.holderWallet.receive(offer: preAuthorized.uri, client: harness.client, transactionCode: { _ in "830217" }, logger: logger)
        let authorization = try await harness.service.createOffer(configurationIds: ["degree_jwt"], claims: IssuanceHarness.claims, grant: .authorizationCode)
        _ = try await harness.holderWallet.receive(offer: authorization.uri, client: harness.client, authorize: { url in
            await IssuanceBrowser.follow(url, service: harness.service)
        }, logger: logger)
        var secrets = ["830217", try #require(preAuthorized.offer.preAuthorizedCode?.code), try #require(authorization.offer.authorizationCode?.issuerState)]
        for request in harness.server.requests {
            if let bearer = request.header("Authorization") { secrets.append(String(bearer.dropFirst("Bearer ".count))) }
            if let code = request.formFields["code"] { secrets.append(code) }
            if let verifier = request.formFields["code_verifier"] { secrets.append(verifier) }
            if let proof = (try? JSONValue(parsing: request.body))?["proofs"]?["jwt"]?[0]?.stringValue,
               let payload = try? JSONValue(parsing: Base64URL.decode(String(proof.split(separator: ".")[1]))), let nonce = payload["nonce"]?.stringValue {
                secrets.append(nonce)
            }
        }
        #expect(secrets.count >= 9, "\(secrets.count) secrets collected")
        let lines = store.lines
        #expect(lines.count >= 8, "the loggers were used: \(lines)")
        for secret in secrets {
            #expect(!lines.contains { $0.contains(secret) }, "a log line carries a secret")
        }
    }
}
