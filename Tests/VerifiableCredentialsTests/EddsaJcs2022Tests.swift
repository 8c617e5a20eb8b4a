import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// The W3C vc-di-eddsa eddsa-jcs-2022 test vectors, reproduced byte for byte.
@Suite("eddsa-jcs-2022 test vectors")
struct EddsaJcs2022Tests {
    static let folder = "vc-di-eddsa/TestVectors/eddsa-jcs-2022/"

    static func keyPair() throws -> Ed25519.PrivateKey {
        let pair = try Fixtures.json("vc-di-eddsa/TestVectors/keyPair.json")
        let secret = try Multibase.decode(pair["privateKeyMultibase"]!.stringValue!, expecting: .base58btc)
        #expect(Array(secret.prefix(2)) == [0x80, 0x26])  // ed25519-priv multicodec
        let key = try Ed25519.PrivateKey(seedBytes: Array(secret.dropFirst(2)))
        #expect(DIDKey.multibase(key.publicKey) == pair["publicKeyMultibase"]!.stringValue!)
        return key
    }

    static func text(_ name: String) throws -> String {
        try Fixtures.text(folder + name).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("Canonical document and proof configuration, their hashes, the signature and the signed credential")
    func vectors() async throws {
        let key = try Self.keyPair()
        let unsigned = try Fixtures.json("vc-di-eddsa/TestVectors/unsigned.json").objectValue!
        let options = try Fixtures.json(Self.folder + "proofConfigJCS.json").objectValue!
        let configuration = try DataIntegrityProof.proofConfiguration(document: unsigned, options: options)

        let canonicalDocument = try JCS.canonicalString(.object(unsigned))
        let canonicalConfiguration = try JCS.canonicalString(.object(configuration))
        #expect(canonicalDocument == (try Self.text("canonDocJCS.txt")))
        #expect(canonicalConfiguration == (try Self.text("proofCanonJCS.txt")))
        #expect(Hex.encode(SHA256.hash(Array(canonicalDocument.utf8))) == (try Self.text("docHashJCS.txt")))
        #expect(Hex.encode(SHA256.hash(Array(canonicalConfiguration.utf8))) == (try Self.text("proofHashJCS.txt")))
        let hashData = try DataIntegrityProof.hashData(document: unsigned, proofConfiguration: configuration)
        #expect(Hex.encode(hashData) == (try Self.text("combinedHashJCS.txt")))
        #expect(Hex.encode(key.signature(for: hashData).rawRepresentation) == (try Self.text("sigHexJCS.txt")))

        // The whole proof, made through the Signer protocol.
        let signer = InMemorySigner(privateKey: key, verificationMethodId: options["verificationMethod"]!.stringValue!)
        let proof = try await DataIntegrityProof.createProof(
            document: unsigned,
            options: .init(verificationMethod: signer.verificationMethodId, created: options["created"]!.stringValue!),
            signer: signer)
        #expect(proof["proofValue"]?.stringValue == (try Self.text("sigBTC58JCS.txt")))
        var signed = unsigned
        signed["proof"] = .object(proof)
        #expect(JSONValue.object(signed) == (try Fixtures.json(Self.folder + "signedJCS.json")))

        // And it verifies; a changed document does not.
        let expected = try Fixtures.json(Self.folder + "signedJCS.json").objectValue!
        try DataIntegrityProof.verifyProof(expected["proof"]!.objectValue!, unsecuredDocument: unsigned, publicKey: key.publicKey)
        var changed = unsigned
        changed["name"] = "Alumni Credential!"
        #expect(throws: VCError(.invalidSignature, "")) {
            try DataIntegrityProof.verifyProof(expected["proof"]!.objectValue!, unsecuredDocument: changed, publicKey: key.publicKey)
        }
    }
}
