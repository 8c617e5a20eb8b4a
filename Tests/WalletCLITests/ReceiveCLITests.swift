import ArgumentParser
import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCLI
import WalletCLISupport

/// `wallet receive`'s arguments, in process and as the built binary (the exchange itself is
/// tested against the issuer role in `OpenID4VCTests.IssuanceCLITests`).
@Suite("CLI: wallet receive arguments")
struct ReceiveCLITests {
    @Test("The options parse into the command")
    func parses() throws {
        let parsed = try WalletCommand.parseAsRoot(["receive", "openid-credential-offer://?credential_offer_uri=x", "--allow-network", "--key-type", "p256",
                                                    "--configuration", "a", "--configuration", "b", "--authorization-code", "--yes"])
        let command = try #require(parsed as? ReceiveCommand)
        #expect(command.keyType == "p256" && command.configurations == ["a", "b"] && command.authorizationCode && command.yes)
        #expect(command.deferredWait == 30 && command.network.allowNetwork && command.txCodeFile == nil)
    }

    @Test("Usage errors (exit 64, code usage) before any wallet or network", arguments: [
        ["openid-credential-offer://?credential_offer_uri=x", "--yes"],
        ["x", "--allow-network", "--key-type", "secp256k1", "--yes"],
        ["x", "--allow-network", "--deferred-wait", "4000", "--yes"],
        ["x", "--ca-file", "ca.pem", "--yes"],
        ["x", "--allow-network", "--network-allow", "https://host", "--yes"],
        ["--allow-network", "--yes"],
    ])
    func usage(_ arguments: [String]) throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("receive-usage-\(UUID().uuidString)").path
        let output = try CommandRunner.run(["receive"] + arguments + ["--json"], environment: ["WALLET_HOME": home])
        #expect(output.status == 64, "\(arguments): \(output.stderr)")
        #expect(try JSONValue(parsing: output.stdout)["error"]?["code"] == "usage")
        #expect(!FileManager.default.fileExists(atPath: home), "no wallet was created")
    }
}
