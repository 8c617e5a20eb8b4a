import Foundation
import TestSupport
import Testing

/// The README's five-minute tour, run as written (`.ci/readme-tour`) against a `wallet` binary
/// copied alone into a fresh folder: what a newcomer types works with the tool they took home.
/// `make install-check` runs the same script against a `make install`ed binary.
@Suite("The README tour")
struct ReadmeTourCLITests {
    @Test("Every command of the README's tour succeeds with a copied binary, and the bad-input line exits 1")
    func tourWithCopiedBinary() throws {
        let directory = TemporaryDirectory("readme-tour")
        defer { directory.remove() }
        let copy = directory.appending("wallet")
        try FileManager.default.copyItem(at: CommandRunner.walletBinary, to: copy)
        let script = Fixtures.packageRoot.appendingPathComponent(".ci/readme-tour")
        let output = try CommandRunner.run([script.path, copy.path], removing: ["WALLET_HOME", "WALLET_PASSPHRASE"],
                                           executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(output.status == 0, "\(output.stderr)")
        let text = output.stdoutText
        #expect(text.contains("readme-tour: passed"))
        // The verifications the tour's comments promise, and the bad-input line's status.
        #expect(text.contains("valid: vc+jwt credential issued by did:key:z6Mk"), "\(text.suffix(2000))")
        #expect(text.contains("valid: vp+jwt presentation presented by did:key:z6Mk"), "\(text.suffix(2000))")
        #expect(text.contains("valid: di-eddsa-rdfc-2022 credential issued by did:key:z6Mk"), "\(text.suffix(2000))")
        #expect(text.contains("exit 1"))
    }
}
