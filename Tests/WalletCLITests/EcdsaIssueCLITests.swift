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
}
