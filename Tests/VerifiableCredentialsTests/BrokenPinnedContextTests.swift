import DIDCore
import Foundation
@testable import JSONLD
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// A compiled-in pinned context that is not as pinned (decision 0016) is the build's fault, not
/// the credential's: the verifier says "could not check" (`contextNotAllowed`), never "invalid",
/// and nothing crashes.
@Suite("A broken compiled-in context")
struct BrokenPinnedContextTests {
    /// The compiled-in contexts with the credentials v2 document altered (its pinned hash kept).
    static func brokenLoader() -> PinnedContextLoader {
        PinnedContextLoader(embedded: PinnedContextLoader.embedded.map { context in
            guard context.url == "https://www.w3.org/ns/credentials/v2" else { return context }
            return .init(url: context.url, file: context.file, sha256: context.sha256, text: context.text + " ")
        })
    }

    @Test("An eddsa-rdfc-2022 credential checked with a broken v2 context: could not check, contextNotAllowed; the intact loader verifies it")
    func verifierReportsCouldNotCheck() async throws {
        let issuer = TestParty(seed: 5)
        var credential = issuer.credential().objectValue!
        credential["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        let signed = try await Issuer.issueDataIntegrity(.object(credential), signer: issuer.signer, cryptosuite: .eddsaRdfc2022)
        let bytes = JSONSerializer().serialize(signed)

        let intact = await Verifier().verify(bytes)
        #expect(intact.verified, "\(intact.jsonValue.prettyString)")
        let broken = await Verifier(contextLoader: Self.brokenLoader()).verify(bytes)
        #expect(!broken.verified)
        #expect(broken.outcome == .couldNotCheck, "\(broken.jsonValue.prettyString)")
        #expect(broken.errors.contains { $0.code == .contextNotAllowed })
    }
}
