import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore
import WalletCrypto

/// did:web in the wallet: the document it writes, rotation (the old method kept, authorised for
/// nothing, its key kept), the key history in the DID record, and credentials signed before and
/// after a rotation checked against each published document (no network: a resolver that
/// answers with the document the wallet wrote).
@Suite("Wallet: did:web create and rotate")
struct WalletDIDWebTests {
    /// Answers a did:web with the document set last, as its web server would.
    final class Published: DIDResolver, @unchecked Sendable {
        private let lock = NSLock()
        private var document: DIDDocument?
        var supportedMethods: Set<String> { ["web"] }
        func publish(_ document: DIDDocument) { lock.withLock { self.document = document } }
        func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult {
            guard let document = lock.withLock({ document }), document.id == did else { return .failure(DIDError(.notFound, "")) }
            return .success(document, contentType: DIDResolutionOptions.didLDJSON)
        }
    }

    @Test("create writes a Multikey document under authentication and assertionMethod; rotate keeps the old method unauthorised and the old key in the wallet")
    func createAndRotate() async throws {
        let directory = TemporaryDirectory("wallet-didweb")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let created = try await wallet.createWebDID(url: "https://example.com:8443/users/alice", label: "alice")
        let did = "did:web:example.com%3A8443:users:alice"
        #expect(created.did.description == did && created.method == "web")
        #expect(created.document.verificationMethod.map(\.id) == ["\(did)#key-1"])
        #expect(created.document.verificationMethod[0].type == "Multikey")
        #expect(created.document.authorizes("\(did)#key-1", for: .assertionMethod) && created.document.authorizes("\(did)#key-1", for: .authentication))
        #expect(created.keyHistory.count == 1 && created.keyHistory[0].retired == nil && created.keyHistory[0].keyId == created.keyId)
        await #expect(throws: WalletError(.alreadyExists, "")) { try await wallet.createWebDID(url: "https://example.com:8443/users/alice") }
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.createWebDID(url: "https://10.0.0.1/x") }

        let rotated = try await wallet.rotateKey(of: "alice")
        #expect(rotated.recordId == created.recordId && rotated.did == created.did && rotated.keyId != created.keyId)
        #expect(rotated.document.verificationMethod.map(\.id) == ["\(did)#key-1", "\(did)#key-2"])
        #expect(rotated.document[.assertionMethod].map(\.id) == ["\(did)#key-2"] && rotated.document[.authentication].map(\.id) == ["\(did)#key-2"])
        #expect(!rotated.document.authorizes("\(did)#key-1", for: .assertionMethod))
        #expect(rotated.keyHistory.map(\.verificationMethodId) == ["\(did)#key-1", "\(did)#key-2"])
        #expect(rotated.keyHistory[0].retired != nil && rotated.keyHistory[1].retired == nil)
        // The old key stays in the wallet; the record read back is the rotated one.
        #expect(try await wallet.keys().map(\.id).contains(created.keyId))
        let reread = try await wallet.did(did)
        #expect(reread.keyHistory == rotated.keyHistory && reread.document == rotated.document && reread.keyId == rotated.keyId)
        // Rotating again: key-3, two retired.
        let again = try await wallet.rotateKey(of: did)
        #expect(again.keyHistory.filter { $0.retired != nil }.count == 2 && again.document[.assertionMethod].map(\.id) == ["\(did)#key-3"])
        // Only did:web rotates.
        _ = try await wallet.createDID(method: .key, label: "plain")
        await #expect(throws: WalletError(.invalidArgument, "")) { try await wallet.rotateKey(of: "plain") }
    }

    @Test("A credential signed before a rotation fails with verificationMethodNotAuthorized against the new document; one signed after verifies")
    func credentialsAcrossRotation() async throws {
        let directory = TemporaryDirectory("wallet-didweb-vc")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let published = Published()
        let verifier = Verifier(resolver: DIDResolverRegistry.standard.registering(published))
        let info = try await wallet.createWebDID(url: "https://issuer.example", label: "issuer")
        published.publish(info.document)
        func issue() async throws -> String {
            let credential = Issuer.credential(issuer: info.did.description, subject: ["id": "did:example:holder", "name": "An"])
            return try await Issuer.issueJOSE(.object(credential), signer: try await wallet.signer(for: "issuer"))
        }
        let before = try await issue()
        #expect(await verifier.verify(before).verified)
        published.publish(try await wallet.rotateKey(of: "issuer").document)
        let report = await verifier.verify(before)
        #expect(report.errors.map(\.code) == [.verificationMethodNotAuthorized], "\(report.jsonValue.prettyString)")
        let after = try await issue()
        #expect(after != before)
        #expect(await verifier.verify(after).verified)
        // After a leak: the retired methods taken out of the document; the old credential is then not found.
        let cleaned = try await wallet.rotateKey(of: "issuer", removingRetiredMethods: true)
        #expect(cleaned.document.verificationMethod.map(\.id) == ["\(info.did)#key-3"] && cleaned.keyHistory.count == 3)
        #expect(try await wallet.keys().count == 3)
        published.publish(cleaned.document)
        #expect(await verifier.verify(before).errors.map(\.code) == [.verificationMethodNotFound])
        #expect(await verifier.verify(try await issue()).verified)
    }

    @Test("--key-type p256: a P-256 did:web signs ES256, its rotation keeps P-256, and the old ES256 credential is then not authorised")
    func p256Key() async throws {
        let directory = TemporaryDirectory("wallet-didweb-p256")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let published = Published()
        let verifier = Verifier(resolver: DIDResolverRegistry.standard.registering(published))
        let info = try await wallet.createWebDID(url: "https://hospital.example", keyType: .p256, label: "hospital")
        #expect(try Multikey.decode(try #require(info.document.verificationMethod.first?.publicKeyMultibase)).algorithm == .es256)
        #expect(try await wallet.key(info.keyId).type == .p256)
        published.publish(info.document)
        func issue() async throws -> String {
            let credential = Issuer.credential(issuer: info.did.description, subject: ["id": "did:example:patient"])
            return try await Issuer.issueJOSE(.object(credential), signer: try await wallet.signer(for: "hospital"))
        }
        let before = try await issue()
        #expect(try CompactJWS(parsing: before).algorithm == "ES256")
        #expect(await verifier.verify(before).verified)
        let rotated = try await wallet.rotateKey(of: "hospital")
        #expect(try await wallet.key(rotated.keyId).type == .p256 && rotated.keyId != info.keyId)
        published.publish(rotated.document)
        #expect(await verifier.verify(before).errors.map(\.code) == [.verificationMethodNotAuthorized])
        #expect(await verifier.verify(try await issue()).verified)
    }

    @Test("A DID record written before key histories existed (no keyHistory member) still reads, with an empty history")
    func oldRecordsRead() async throws {
        let directory = TemporaryDirectory("wallet-didweb-old")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        let plain = try await wallet.createDID(method: .key, label: "old")
        #expect(plain.keyHistory.isEmpty && plain.jsonValue["keyHistory"] == nil)
        let reread = try await wallet.did("old")
        #expect(reread.did == plain.did && reread.keyHistory.isEmpty && reread.document == plain.document && reread.keyId == plain.keyId)
    }
}
