import DIDCore
import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// The vc-di-eddsa `Ed25519Signature2020` vector (§4), reproduced byte for byte.
@Suite("Ed25519Signature2020 test vector")
struct Ed25519Signature2020Tests {
    static let folder = "vc-di-eddsa/TestVectors/Ed25519Signature2020/"
    static func text(_ name: String) throws -> String { try Fixtures.text(folder + name).trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test("Canonical forms, hashes, signature and the signed credential; it verifies and a change does not")
    func vector() async throws {
        let key = try EddsaJcs2022Tests.keyPair()
        let signed = try Fixtures.json(Self.folder + "signedEdSig.json").objectValue!
        var unsigned = signed
        unsigned.removeValue(forKey: "proof")
        let options = try Fixtures.json(Self.folder + "proofConfigEdSig.json").objectValue!
        let processor = JSONLDProcessor(safeMode: true)
        #expect(try processor.canonicalize(.object(unsigned)).canonicalNQuads == Fixtures.text(Self.folder + "canonDocEdSig.txt"))
        #expect(try processor.canonicalize(.object(options)).canonicalNQuads == Fixtures.text(Self.folder + "proofCanonEdSig.txt"))
        var optionsWithoutContext = options
        optionsWithoutContext.removeValue(forKey: "@context")
        let configuration = try DataIntegrityProof.proofConfiguration(document: unsigned, options: optionsWithoutContext)
        let hashData = try DataIntegrityProof.hashData(document: unsigned, proofConfiguration: configuration, suite: .ed25519Signature2020)
        #expect(Hex.encode(hashData) == (try Self.text("combinedHashEdSig.txt")))
        #expect(Hex.encode(key.signature(for: hashData).rawRepresentation) == (try Self.text("sigHexEdSig.txt")))
        let signer = InMemorySigner(privateKey: key, verificationMethodId: options["verificationMethod"]!.stringValue!)
        let proof = try await DataIntegrityProof.createProof(
            document: unsigned, options: .init(verificationMethod: signer.verificationMethodId, created: options["created"]!.stringValue!,
                                               cryptosuite: .ed25519Signature2020),
            signer: signer)
        #expect(JSONValue.object(proof) == signed["proof"]!)
        try DataIntegrityProof.verifyProof(signed["proof"]!.objectValue!, unsecuredDocument: unsigned, publicKey: key.publicKey)
        var changed = unsigned
        changed["validFrom"] = "2023-01-02T00:00:00Z"
        #expect(throws: VCError(.invalidSignature, "")) {
            try DataIntegrityProof.verifyProof(signed["proof"]!.objectValue!, unsecuredDocument: changed, publicKey: key.publicKey)
        }
    }
}
