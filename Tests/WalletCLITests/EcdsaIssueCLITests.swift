import Foundation
import StrictJSON
import TestSupport
import Testing

/// `wallet vc issue --format di-ecdsa-rdfc|di-ecdsa-jcs` (decision 0029): the ECDSA suites sign with
/// P-256 or P-384 keys only, so an issuer DID with an Ed25519 key is refused with
/// `keyTypeNotSupported` (exit 1) — never a proof that no verifier accepts.
@Suite("vc issue with the ECDSA Data Integrity suites")
struct EcdsaIssueCLITests {
    @Test("An Ed25519 issuer key: keyTypeNotSupported, exit 1, one JSON error object, nothing written", arguments: ["di-ecdsa-rdfc", "di-ecdsa-jcs"])
    func ed25519IssuerRefused(_ format: String) throws {
        let setup = try JSONOutputCLITests.Setup("ecdsa-\(format)")
        defer { setup.directory.remove() }
        let out = setup.directory.appending("credential.json").path
        let output = try setup.run(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--format", format,
                                    "--context", "https://www.w3.org/ns/credentials/examples/v2", "--out", out, "--json"])
        JSONOutputCLITests.expectError(output, code: "keyTypeNotSupported", status: 1, reason: "Ed25519", format)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("A P-256 wallet DID issues with both ECDSA suites; vc verify says valid in that format; a changed claim is invalid",
          arguments: [("di-ecdsa-rdfc", "ecdsa-rdfc-2019"), ("di-ecdsa-jcs", "ecdsa-jcs-2019")])
    func p256IssuerSigns(_ format: String, _ cryptosuite: String) throws {
        let setup = try JSONOutputCLITests.Setup("ecdsa-p256-\(format)")
        defer { setup.directory.remove() }
        let made = try setup.run(["did", "create", "--method", "key", "--key-type", "p256", "--label", "p256"])
        #expect(made.status == 0, "\(made.stderr)")
        let did = made.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(did.hasPrefix("did:key:zDn"))
        let out = setup.directory.appending("credential.json").path
        let issued = try setup.run(["vc", "issue", "--issuer", "p256", "--subject", setup.subject, "--format", format,
                                    "--context", "https://www.w3.org/ns/credentials/examples/v2", "--out", out])
        #expect(issued.status == 0, "\(issued.stderr)")
        let credential = try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(credential["proof"]?["cryptosuite"]?.stringValue == cryptosuite)
        #expect(credential["proof"]?["verificationMethod"]?.stringValue?.hasPrefix(did + "#") == true)
        let report = try setup.json(["vc", "verify", out, "--json"])
        #expect(report["verified"]?.boolValue == true, "\(report)")
        #expect(report["issuer"]?.stringValue == did)
        // The subject's name changed after signing: the proof no longer verifies.
        let text = try String(contentsOfFile: out, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"Ana\"", with: "\"Anh\"").utf8).write(to: URL(fileURLWithPath: out))
        let tampered = try setup.run(["vc", "verify", out, "--json"])
        #expect(tampered.status == 1, "\(tampered.stdoutText)")
        #expect(try JSONValue(parsing: tampered.stdout)["verified"]?.boolValue == false)
    }
}
