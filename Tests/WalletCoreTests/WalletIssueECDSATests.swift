import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore

/// `Wallet.issue` with the ECDSA Data Integrity formats (decision 0029): they
/// are issuable formats, and a wallet DID whose key is Ed25519 is refused with the suite's
/// `keyTypeNotSupported` (the code kept through `WalletError`) rather than signing a proof no
/// verifier accepts.
@Suite("Wallet.issue with ecdsa-rdfc-2019 / ecdsa-jcs-2019")
struct WalletIssueECDSATests {
    @Test("An Ed25519 issuer or holder DID: keyTypeNotSupported", arguments: [DataIntegrityCryptosuite.ecdsaRdfc2019, .ecdsaJcs2019])
    func ed25519Refused(_ suite: DataIntegrityCryptosuite) async throws {
        let directory = TemporaryDirectory("issue-ecdsa")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let issuer = try await wallet.createDID(method: .key, label: "university")
        #expect(CredentialFormat.issuable.contains(.dataIntegrity(suite)))
        await #expect(throws: WalletError(.init("keyTypeNotSupported"), "")) {
            try await wallet.issue(subject: ["id": "did:example:alice", "name": "Alice"], issuer: "university", format: .dataIntegrity(suite),
                                   contexts: ["https://www.w3.org/ns/credentials/examples/v2"])
        }
        // The same DID signs the eddsa suites, so the refusal is the key type's, not the wallet's.
        let issued = try await wallet.issue(subject: ["id": issuer.did.description, "name": "Alice"], issuer: "university",
                                            format: .dataIntegrity(.eddsaRdfc2022), contexts: ["https://www.w3.org/ns/credentials/examples/v2"])
        #expect(await Verifier().verify(issued).verified)
    }
}
