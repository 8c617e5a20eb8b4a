import Foundation
import StrictJSON
import TestSupport
import Testing

/// `wallet vc verify` / `vp verify` as scripts use them: a credential is not a presentation, the
/// trust policy reaches presentations, the clock skew is bounded (issue 12 §3–4).
@Suite("wallet vc verify and vp verify: presentations, trust, clock skew")
struct VerifyCLITests {
    @Test("vp verify of a credential prints verified: false with invalidPresentation; --trusted-issuer and --clock-skew bounds")
    func verifyRules() throws {
        let directory = TemporaryDirectory("cli-verify")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "pass phrase"]
        func run(_ arguments: [String], _ environment: [String: String] = [:], stdin: [UInt8] = []) throws -> CommandRunner.Output {
            try CommandRunner.run(arguments, stdin: stdin, environment: environment)
        }
        #expect(try run(["init", "--kdf", "interactive"], env).status == 0)
        let did = try run(["did", "create", "--method", "key", "--label", "me"], env).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let subject = directory.appending("subject.json")
        try Data(#"{"id":"\#(did)","name":"An"}"#.utf8).write(to: subject)
        let credential = try run(["vc", "issue", "--issuer", "me", "--subject", subject.path], env)
        #expect(credential.status == 0, "\(credential.stderr)")
        let file = directory.appending("credential.jwt")
        try Data(credential.stdout).write(to: file)

        // A credential where a presentation is required: verified false, in JSON and in text.
        let json = try run(["vp", "verify", file.path, "--challenge", "c", "--domain", "d", "--json"])
        let report = try JSONValue(parsing: json.stdout)
        #expect(json.status == 1 && report["verified"] == false, "\(json.stdoutText)")
        #expect(report["errors"]?.arrayValue?.contains { $0["code"] == "invalidPresentation" } == true)
        let text = try run(["vp", "verify", file.path, "--challenge", "c", "--domain", "d"])
        #expect(text.status == 1 && text.stdoutText.hasPrefix("invalid: invalidPresentation"), "\(text.stdoutText)")

        // A presentation of the credential, with vp verify --trusted-issuer.
        let presentation = try run(["vp", "create", "--holder", "me", "--credential", file.path, "--challenge", "c", "--domain", "d"], env)
        #expect(presentation.status == 0, "\(presentation.stderr)")
        let trusted = try run(["vp", "verify", "-", "--challenge", "c", "--domain", "d", "--trusted-issuer", did], stdin: presentation.stdout)
        #expect(trusted.status == 0, "\(trusted.stdoutText)")
        let untrusted = try run(["vp", "verify", "-", "--challenge", "c", "--domain", "d", "--trusted-issuer", "did:example:other", "--json"],
                                stdin: presentation.stdout)
        #expect(untrusted.status == 1 && untrusted.stdoutText.contains("untrustedIssuer"), "\(untrusted.stdoutText)")

        // --clock-skew: finite, 0 to 86400 seconds; anything else is a usage error.
        for skew in ["nan", "inf", "-1", "86401", "1e300"] {
            let refused = try run(["vc", "verify", file.path, "--clock-skew", skew])
            #expect(refused.status == 64, "--clock-skew \(skew): \(refused.stdoutText) \(refused.stderr)")
            #expect(try run(["vp", "verify", "-", "--challenge", "c", "--domain", "d", "--clock-skew", skew], stdin: presentation.stdout).status == 64)
        }
        #expect(try run(["vc", "verify", file.path, "--clock-skew", "86400"]).status == 0)

        // A number its JCS / RDF form would not keep exactly is refused at issuance: exit 1, a stable code.
        let inexact = directory.appending("inexact.json")
        try Data(#"{"id":"\#(did)","accountNumber":12345678901234567890}"#.utf8).write(to: inexact)
        for format in ["di-jcs", "di-rdfc", "ed25519-2020"] {
            let refused = try run(["vc", "issue", "--issuer", "me", "--subject", inexact.path, "--format", format,
                                   "--context", "https://www.w3.org/ns/credentials/examples/v2"], env)
            #expect(refused.status == 1 && refused.stderr.contains("numberNotIJSON"), "\(format): \(refused.stderr)")
        }
    }
}
