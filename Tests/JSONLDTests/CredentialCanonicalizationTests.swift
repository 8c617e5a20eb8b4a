import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

/// JSON-LD → RDF → RDFC-1.0 on the vc-di-eddsa `eddsa-rdfc-2022` vectors: the canonical
/// document and proof configuration byte for byte, and their hashes.
@Suite("JSON-LD to canonical N-Quads: vc-di-eddsa vectors")
struct CredentialCanonicalizationTests {
    static func text(_ path: String) throws -> String { String(decoding: try Fixtures.bytes("vc-di-eddsa/\(path)"), as: UTF8.self) }

    @Test("The unsigned Alumni credential and its proof configuration canonicalize as the vectors show", arguments: ["", "employ/"])
    func vectors(_ folder: String) throws {
        let signed = try Fixtures.json("vc-di-eddsa/TestVectors/eddsa-rdfc-2022/\(folder)signedDataInt.json").objectValue!
        var unsigned = signed
        unsigned.removeValue(forKey: "proof")
        let processor = JSONLDProcessor(safeMode: true)
        let document = try processor.canonicalize(.object(unsigned))
        #expect(document.canonicalNQuads == (try Self.text("TestVectors/eddsa-rdfc-2022/\(folder)canonDocDataInt.txt")), "\(document.canonicalNQuads)")
        let configuration = try Fixtures.json("vc-di-eddsa/TestVectors/eddsa-rdfc-2022/\(folder)proofConfigDataInt.json")
        let proof = try processor.canonicalize(configuration)
        #expect(proof.canonicalNQuads == (try Self.text("TestVectors/eddsa-rdfc-2022/\(folder)proofCanonDataInt.txt")), "\(proof.canonicalNQuads)")
        #expect(Hex.encode(SHA256.hash(Array(document.canonicalNQuads.utf8))) == (try Self.text("TestVectors/eddsa-rdfc-2022/\(folder)docHashDataInt.txt")).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
