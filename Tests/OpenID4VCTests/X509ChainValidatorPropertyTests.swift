import DIDCore
import Foundation
import OpenID4VC
import Testing
import TestSupport

/// Bad input never crashes the chain validator and never validates: every prefix of a leaf's DER
/// and seeded random byte changes to it (or to its intermediate) are refused with a stable code,
/// while the unchanged chain validates.
@Suite struct X509ChainValidatorPropertyTests {
    let root = X509TestPKI.root()

    func validate(_ x5c: [String]) async -> Result<ValidatedLeaf, OpenID4VCError> {
        do { return .success(try await X509ChainValidator(anchors: X509TrustAnchors(certificates: [root.certificate])).validate(x5c: x5c, at: X509TestPKI.now)) } catch {
            return .failure(error)
        }
    }

    static func encode(_ der: [UInt8]) -> String { String(Multibase.base64pad.encode(der).dropFirst()) }

    @Test func everyPrefixOfTheLeafIsAnInvalidCertificate() async throws {
        let intermediate = X509TestPKI.intermediate(under: root)
        let leaf = X509TestPKI.leaf(under: intermediate)
        guard case .success = await validate([leaf.x5c, intermediate.x5c]) else { Issue.record("the unchanged chain must validate"); return }
        let der = leaf.der
        var refused = 0
        for length in 0..<der.count {
            switch await validate([Self.encode(Array(der[..<length])), intermediate.x5c]) {
            case .success: Issue.record("a \(length)-byte prefix validated")
            case .failure(let error):
                #expect(error.code == .invalidCertificate, "prefix \(length): \(error)")
                refused += 1
            }
        }
        #expect(refused == der.count && refused > 300)
    }

    @Test func changedBytesNeverValidate() async throws {
        let intermediate = X509TestPKI.intermediate(under: root)
        let leaf = X509TestPKI.leaf(under: intermediate)
        var generator = SeededGenerator(seed: 0x5C)
        var codes: [OpenID4VCError.Code: Int] = [:]
        for round in 0..<400 {
            // Half the rounds change the leaf, half the intermediate; one to three bytes each.
            var chain = [leaf.der, intermediate.der]
            let target = round % 2
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<chain[target].count, using: &generator)
                chain[target][index] ^= UInt8.random(in: 1...255, using: &generator)
            }
            switch await validate(chain.map(Self.encode)) {
            case .success: Issue.record("round \(round): a changed chain validated")
            case .failure(let error): codes[error.code, default: 0] += 1
            }
        }
        // Both ways to refuse occur: undecodable DER, and decodable certificates that do not chain.
        #expect(codes.values.reduce(0, +) == 400)
        #expect(Set(codes.keys).isSubset(of: [.invalidCertificate, .untrustedChain]) && codes.count == 2, "\(codes)")
    }
}
