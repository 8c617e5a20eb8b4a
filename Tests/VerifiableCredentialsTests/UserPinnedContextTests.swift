import DIDCore
import Foundation
import JSONLD
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCrypto

/// Contexts an app pins for itself (decision 0021): `Issuer` and `Verifier` take the loader, a
/// pin never replaces a compiled-in context, another document under the same URL never verifies
/// what was signed under the first, and the report names the pins it used with their SHA-256.
@Suite("User-pinned contexts")
struct UserPinnedContextTests {
    static let url = "https://vn.example/citizen/v1"
    /// A context defining the subject's terms; the "other" one maps `fullName` to another IRI.
    static let first = Array(#"{"@context":{"@protected":true,"CitizenCredential":"https://vn.example/citizen#CitizenCredential","fullName":"https://vn.example/citizen#fullName","province":"https://vn.example/citizen#province"}}"#.utf8)
    static let other = Array(#"{"@context":{"@protected":true,"CitizenCredential":"https://vn.example/citizen#CitizenCredential","fullName":"https://vn.example/citizen#givenAndFamilyName","province":"https://vn.example/citizen#province"}}"#.utf8)

    static func loader(_ bytes: [UInt8]) throws -> PinnedContextLoader {
        try PinnedContextLoader(pinning: [UserPinnedContext(url: url, bytes: bytes)])
    }

    static func credential(_ issuer: TestParty) -> JSONValue {
        .object(Issuer.credential(issuer: issuer.did.description, subject: ["id": "did:example:an", "fullName": "Nguyễn Văn An", "province": "Huế"],
                                  types: ["CitizenCredential"], contexts: [url],
                                  validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000))))
    }

    @Test("Issued and verified under the app's context: valid, and the report names the context and its SHA-256", arguments: [
        CredentialFormat.dataIntegrity(.eddsaRdfc2022), .dataIntegrity(.ed25519Signature2020),
    ])
    func issueAndVerify(_ format: CredentialFormat) async throws {
        let issuer = TestParty(seed: 21)
        let loader = try Self.loader(Self.first)
        // Without the pin, issuing cannot load the context: refused, not fetched.
        await #expect(throws: VCError(.contextNotAllowed, "")) {
            try await Issuer.issue(Self.credential(issuer), format: format, signer: issuer.signer)
        }
        let issued = try await Issuer.issue(Self.credential(issuer), format: format, signer: issuer.signer, contextLoader: loader)
        let report = await Verifier(contextLoader: loader).verify(issued)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        let sha256 = Hex.encode(SHA256.hash(Self.first))
        #expect(report.userPinnedContexts == [VerificationReport.ContextPin(url: Self.url, sha256: sha256)])
        #expect(report.jsonValue["userPinnedContexts"]?[0]?["sha256"] == .string(sha256))
        // The default verifier does not know the context: could not check, never valid.
        let unpinned = await Verifier().verify(issued)
        #expect(!unpinned.verified && unpinned.errors.map(\.code) == [.contextNotAllowed] && unpinned.outcome == .couldNotCheck)
    }

    @Test("Another document for the same URL never verifies a credential signed under the first")
    func otherDocumentFails() async throws {
        let issuer = TestParty(seed: 22)
        let issued = try await Issuer.issue(Self.credential(issuer), format: .dataIntegrity(.eddsaRdfc2022), signer: issuer.signer,
                                            contextLoader: Self.loader(Self.first))
        let report = await Verifier(contextLoader: try Self.loader(Self.other)).verify(issued)
        #expect(!report.verified && report.errors.map(\.code) == [.invalidSignature], "\(report.errors)")
        #expect(report.userPinnedContexts.map(\.sha256) == [Hex.encode(SHA256.hash(Self.other))])
    }

    @Test("A JCS credential loads no context: the report names none")
    func jcsUsesNone() async throws {
        let issuer = TestParty(seed: 23)
        let loader = try Self.loader(Self.first)
        let issued = try await Issuer.issue(Self.credential(issuer), format: .dataIntegrity(.eddsaJcs2022), signer: issuer.signer, contextLoader: loader)
        let report = await Verifier(contextLoader: loader).verify(issued)
        #expect(report.verified && report.userPinnedContexts.isEmpty, "\(report.jsonValue.prettyString)")
    }

    @Test("A pin never replaces a compiled-in context: other bytes are contextConflict, the same bytes change nothing")
    func builtInNotReplaced() throws {
        let v2 = "https://www.w3.org/ns/credentials/v2"
        let replacement = Array(#"{"@context":{"@vocab":"https://attacker.example/#"}}"#.utf8)
        #expect(throws: JSONLDError(.contextConflict, "")) { try PinnedContextLoader(pinning: [UserPinnedContext(url: v2, bytes: replacement)]) }
        #expect(throws: JSONLDError(.contextConflict, "")) { try PinnedContextLoader(extra: [v2: ["@context": ["@vocab": "https://attacker.example/#"]]]) }
        // Two different documents for one URL.
        #expect(throws: JSONLDError(.contextConflict, "")) {
            try PinnedContextLoader(pinning: [UserPinnedContext(url: Self.url, bytes: Self.first), UserPinnedContext(url: Self.url, bytes: Self.other)])
        }
        // The compiled-in bytes themselves: accepted, and not counted as the app's.
        let builtIn = try PinnedContextLoader.bundled.loadContext(v2)
        let entry = try #require(PinnedContextLoader.bundled.entries.first { $0.url == v2 })
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/JSONLD/Contexts/\(entry.file)")
        let same = try PinnedContextLoader(pinning: [UserPinnedContext(url: v2, bytes: Array(Data(contentsOf: source)))])
        #expect(same.userContexts.isEmpty && same.isBundled)
        #expect(try same.loadContext(v2) == builtIn)
    }

    @Test("What is not a context document, or not under an absolute URL, is invalidUserContext")
    func invalidDocuments() {
        for (url, bytes) in [(Self.url, Array("[]".utf8)), (Self.url, Array(#"{"a":1}"#.utf8)), (Self.url, Array("{".utf8)),
                             ("citizen/v1", Self.first), ("https://vn.example/a b", Self.first)] {
            #expect(throws: JSONLDError(.invalidUserContext, "")) { try UserPinnedContext(url: url, bytes: bytes) }
        }
    }
}
