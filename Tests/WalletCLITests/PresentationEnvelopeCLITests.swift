import Foundation
import StrictJSON
import TestSupport
import Testing

/// `vp create` envelops compact credentials as `application/vc+jwt` (VC-JOSE-COSE §3.2): a VC 1.1
/// JWT cannot be one, so it is refused before anything is signed, instead of a presentation that
/// every verifier (`vp verify` too) refuses as `invalidEmbeddedCredential`.
@Suite("vp create: only vc+jwt credentials are enveloped")
struct PresentationEnvelopeCLITests {
    @Test("A VC 1.1 JWT: invalidMediaType, exit 1, nothing written; the same claims as vc+jwt present and verify")
    func legacyJWTRefused() throws {
        let setup = try JSONOutputCLITests.Setup("envelope")
        defer { setup.directory.remove() }
        func issue(_ arguments: [String], to name: String) throws -> String {
            let path = setup.directory.appending(name).path
            let output = try setup.run(["vc", "issue", "--issuer", "me", "--subject", setup.subject, "--out", path] + arguments)
            #expect(output.status == 0, "\(output.stderr)")
            return path
        }
        let legacy = try issue(["--format", "jwt-legacy", "--data-model", "1.1"], to: "legacy.jwt")
        let modern = try issue(["--format", "jwt"], to: "modern.jwt")
        let out = setup.directory.appending("presentation.jwt").path
        let refused = try setup.run(["vp", "create", "--holder", "me", "--credential", legacy, "--challenge", "c", "--domain", "d",
                                     "--out", out, "--json"])
        JSONOutputCLITests.expectError(refused, code: "invalidMediaType", status: 1, reason: "vc+jwt", "legacy")
        #expect(!FileManager.default.fileExists(atPath: out))

        let made = try setup.run(["vp", "create", "--holder", "me", "--credential", modern, "--challenge", "c", "--domain", "d", "--out", out])
        #expect(made.status == 0, "\(made.stderr)")
        let report = try setup.json(["vp", "verify", out, "--challenge", "c", "--domain", "d", "--json"])
        #expect(report["verified"]?.boolValue == true, "\(report)")
    }
}
