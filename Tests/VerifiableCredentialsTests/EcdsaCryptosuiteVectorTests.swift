import DIDCore
import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// The W3C vc-di-ecdsa vectors for `ecdsa-rdfc-2019` and `ecdsa-jcs-2019` (P-256 and P-384; the
/// Alumni credential and, for RDFC, the employment authorization document): every intermediate
/// byte for byte, the vector signatures against the vector keys, signatures of our own.
@Suite("vc-di-ecdsa test vectors")
struct EcdsaCryptosuiteVectorTests {
    enum Curve: String, Sendable { case p256 = "P-256", p384 = "P-384" }

    struct Vector: Sendable, CustomTestStringConvertible {
        let folder: String, name: String, unsigned: String, suite: DataIntegrityCryptosuite, curve: Curve
        var hash: DataIntegrityHash { curve == .p256 ? .sha256 : .sha384 }
        var testDescription: String { folder + name }
        func path(_ kind: String, _ ext: String = "txt") -> String { "vc-di-ecdsa/\(folder)\(kind)\(name).\(ext)" }
    }

    static let alumni = "vc-di-ecdsa/unsigned.json", employment = "vc-di-ecdsa/employmentAuth.json"
    static let vectors = [
        Vector(folder: "ecdsa-rdfc-2019-p256/", name: "ECDSAP256", unsigned: alumni, suite: .ecdsaRdfc2019, curve: .p256),
        Vector(folder: "ecdsa-rdfc-2019-p256/employ/", name: "ECDSAP256", unsigned: employment, suite: .ecdsaRdfc2019, curve: .p256),
        Vector(folder: "ecdsa-rdfc-2019-p384/", name: "ECDSAP384", unsigned: alumni, suite: .ecdsaRdfc2019, curve: .p384),
        Vector(folder: "ecdsa-rdfc-2019-p384/employ/", name: "ECDSAP384", unsigned: employment, suite: .ecdsaRdfc2019, curve: .p384),
        Vector(folder: "ecdsa-jcs-2019-p256/", name: "JCSECDSAP256", unsigned: alumni, suite: .ecdsaJcs2019, curve: .p256),
        Vector(folder: "ecdsa-jcs-2019-p384/", name: "JCSECDSAP384", unsigned: alumni, suite: .ecdsaJcs2019, curve: .p384),
    ]

    /// The vector key pair of `curve`: the Multikey public key (`p256-pub` 0x1200 / `p384-pub`
    /// 0x1201) and the secret key (`p256-priv` 0x1306 / `p384-priv` 0x1307), checked to match.
    struct KeyPair {
        let publicKey: (_ signature: [UInt8], _ message: [UInt8]) -> Bool
        let sign: (_ message: [UInt8]) -> [UInt8]
        let multibase: String
    }

    static func keyPair(_ curve: Curve) throws -> KeyPair {
        let pair = try Fixtures.json(curve == .p256 ? "vc-di-ecdsa/p256KeyPair.json" : "vc-di-ecdsa/p384KeyPair.json")
        let multibase = try #require(pair["publicKeyMultibase"]?.stringValue)
        let publicBytes = try Multibase.decode(multibase, expecting: .base58btc)
        let secretBytes = try Multibase.decode(try #require(pair["secretKeyMultibase"]?.stringValue), expecting: .base58btc)
        switch curve {
        case .p256:
            #expect(Array(publicBytes.prefix(2)) == [0x80, 0x24] && Array(secretBytes.prefix(2)) == [0x86, 0x26])
            let publicKey = try P256.PublicKey(compressedRepresentation: Array(publicBytes.dropFirst(2)))
            let privateKey = try P256.PrivateKey(scalarBytes: Array(secretBytes.dropFirst(2)))
            #expect(privateKey.publicKey == publicKey)
            return KeyPair(publicKey: { publicKey.isValidSignature($0, for: $1) }, sign: { privateKey.signature(for: $0).rawRepresentation },
                           multibase: multibase)
        case .p384:
            #expect(Array(publicBytes.prefix(2)) == [0x81, 0x24] && Array(secretBytes.prefix(2)) == [0x87, 0x26])
            let publicKey = try P384.PublicKey(compressedRepresentation: Array(publicBytes.dropFirst(2)))
            let privateKey = try P384.PrivateKey(scalarBytes: Array(secretBytes.dropFirst(2)))
            #expect(privateKey.publicKey == publicKey)
            return KeyPair(publicKey: { publicKey.isValidSignature($0, for: $1) }, sign: { privateKey.signature(for: $0).rawRepresentation },
                           multibase: multibase)
        }
    }

    static func text(_ path: String) throws -> String { try Fixtures.text(path).trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test("Proof configuration, canonical forms, hashes and combined hash data, byte for byte", arguments: vectors)
    func intermediates(_ vector: Vector) throws {
        let unsigned = try Fixtures.json(vector.unsigned).objectValue!
        let expectedConfiguration = try Fixtures.json(vector.path("proofConfig", "json")).objectValue!
        var options = expectedConfiguration
        options.removeValue(forKey: "@context")
        // Proof configuration (§3.2.5 / §3.3.5): the options with the document's @context.
        let configuration = try DataIntegrityProof.proofConfiguration(document: unsigned, options: options)
        #expect(JSONValue.object(configuration) == .object(expectedConfiguration))

        // Transformation (§3.2.3 / §3.3.3): the exact bytes, with the curve's hash for RDFC-1.0 too.
        let canonicalization = vector.suite.implementation.canonicalization
        let loader = PinnedContextLoader.bundled
        let document = try canonicalization.canonicalBytes(try canonicalization.prepare(unsigned, loader: loader), escaping: .canonical,
                                                           hash: vector.hash)
        let proof = try canonicalization.canonicalBytes(try canonicalization.prepare(configuration, loader: loader), escaping: .canonical,
                                                        hash: vector.hash)
        let expectedDocument = try Fixtures.bytes(vector.path("canonDoc")), expectedProof = try Fixtures.bytes(vector.path("proofCanon"))
        // The N-Quads files end with the last quad's newline, as RDFC-1.0 writes it; the JCS files have none.
        #expect(document == expectedDocument, "\(String(decoding: document, as: UTF8.self))")
        #expect(proof == expectedProof, "\(String(decoding: proof, as: UTF8.self))")

        // Hashing (§3.2.4 / §3.3.4): H(proof configuration) || H(document), H the curve's hash.
        let documentHash = vector.hash.digest(document), proofHash = vector.hash.digest(proof)
        #expect(documentHash.count == vector.hash.digestLength && proofHash.count == vector.hash.digestLength)
        #expect(Hex.encode(documentHash) == (try Self.text(vector.path("docHash"))))
        #expect(Hex.encode(proofHash) == (try Self.text(vector.path("proofHash"))))
        let hashData = try DataIntegrityProof.hashData(document: unsigned, proofConfiguration: configuration, suite: vector.suite, hash: vector.hash)
        #expect(Hex.encode(hashData) == (try Self.text(vector.path("combinedHash"))))
        #expect(hashData == proofHash + documentHash)
    }

    @Test("The vector signatures: proofValue is multibase base58btc of r || s, and verifies with the vector key; changes do not",
          arguments: vectors)
    func vectorSignature(_ vector: Vector) throws {
        let key = try Self.keyPair(vector.curve)
        let signed = try Fixtures.json(vector.path("signed", "json")).objectValue!
        let proof = try #require(signed["proof"]?.objectValue)
        #expect(proof["verificationMethod"]?.stringValue == "did:key:\(key.multibase)#\(key.multibase)")
        let signatureHex = try Self.text(vector.path("sigHex"))
        #expect(proof["proofValue"]?.stringValue == (try Self.text(vector.path("sigBTC58"))))
        let signature = try vector.suite.implementation.signature(in: proof)
        #expect(Hex.encode(signature) == signatureHex)
        #expect(signature.count == (vector.curve == .p256 ? 64 : 96))
        let hashData = hexBytes(try Self.text(vector.path("combinedHash")))
        #expect(key.publicKey(signature, hashData))

        // The signed document without its proof is the unsigned input, and hashes to the same data.
        var unsecured = signed
        unsecured.removeValue(forKey: "proof")
        #expect(JSONValue.object(unsecured) == (try Fixtures.json(vector.unsigned)))
        var options = proof
        options.removeValue(forKey: "proofValue")
        let configuration = try DataIntegrityProof.proofConfiguration(document: unsecured, options: options)
        #expect(try DataIntegrityProof.hashData(document: unsecured, proofConfiguration: configuration, suite: vector.suite,
                                                hash: vector.hash) == hashData)

        // Any change fails: a claim, the proof's created, one bit of the signature.
        var changed = unsecured
        changed["name"] = "Changed"
        #expect(!key.publicKey(signature, try DataIntegrityProof.hashData(document: changed, proofConfiguration: configuration,
                                                                          suite: vector.suite, hash: vector.hash)))
        var backdated = configuration
        backdated["created"] = "2020-01-01T00:00:00Z"
        #expect(!key.publicKey(signature, try DataIntegrityProof.hashData(document: unsecured, proofConfiguration: backdated,
                                                                          suite: vector.suite, hash: vector.hash)))
        var flipped = signature
        flipped[flipped.count - 1] ^= 1
        #expect(!key.publicKey(flipped, hashData))
        // The other curve's hash gives other hash data, which the signature does not cover.
        let otherHash: DataIntegrityHash = vector.hash == .sha256 ? .sha384 : .sha256
        #expect(try DataIntegrityProof.hashData(document: unsecured, proofConfiguration: configuration, suite: vector.suite,
                                                hash: otherHash) != hashData)
    }

    @Test("Our own signatures over the vector hash data verify with the vector public keys", arguments: vectors)
    func ourSignature(_ vector: Vector) throws {
        let key = try Self.keyPair(vector.curve)
        let hashData = hexBytes(try Self.text(vector.path("combinedHash")))
        let signature = key.sign(hashData)
        #expect(signature.count == (vector.curve == .p256 ? 64 : 96))
        #expect(key.publicKey(signature, hashData))
        var other = hashData
        other[0] ^= 1
        #expect(!key.publicKey(signature, other))
    }

    @Test("RDFC-1.0 labels blank nodes with SHA-384 for a P-384 key: the employment document's labels differ from SHA-256's")
    func rdfcHashFollowsTheCurve() throws {
        let unsigned = try Fixtures.json(Self.employment).objectValue!
        let prepared = try Canonicalization.rdfc.prepare(unsigned, loader: PinnedContextLoader.bundled)
        let withSHA384 = try Canonicalization.rdfc.canonicalBytes(prepared, escaping: .canonical, hash: .sha384)
        let withSHA256 = try Canonicalization.rdfc.canonicalBytes(prepared, escaping: .canonical, hash: .sha256)
        #expect(withSHA384 == (try Fixtures.bytes("vc-di-ecdsa/ecdsa-rdfc-2019-p384/employ/canonDocECDSAP384.txt")))
        #expect(withSHA256 == (try Fixtures.bytes("vc-di-ecdsa/ecdsa-rdfc-2019-p256/employ/canonDocECDSAP256.txt")))
        #expect(withSHA384 != withSHA256)
    }

    @Test("proofValue: only multibase base58btc of 64 or 96 bytes")
    func proofValueForm() throws {
        let suite = EcdsaRdfc2019()
        func proof(_ bytes: [UInt8]) -> JSONObject { ["proofValue": .string(Multibase.base58btc.encode(bytes))] }
        #expect(try suite.signature(in: proof([UInt8](repeating: 7, count: 64))).count == 64)
        #expect(try suite.signature(in: proof([UInt8](repeating: 7, count: 96))).count == 96)
        for count in [0, 63, 65, 95, 97, 132] {
            #expect(throws: VCError(.invalidProofValue, "")) { try suite.signature(in: proof([UInt8](repeating: 7, count: count))) }
        }
        #expect(throws: VCError(.invalidProofValue, "")) { try suite.signature(in: [:]) }
        let hex = "f" + String(repeating: "07", count: 64)
        #expect(throws: VCError(.invalidProofValue, "")) { try suite.signature(in: ["proofValue": .string(hex)]) }
    }

    @Test("The suites' names, formats and canonicalizations")
    func names() {
        #expect(DataIntegrityCryptosuite.named(in: ["type": "DataIntegrityProof", "cryptosuite": "ecdsa-rdfc-2019"]) == .ecdsaRdfc2019)
        #expect(DataIntegrityCryptosuite.named(in: ["type": "DataIntegrityProof", "cryptosuite": "ecdsa-jcs-2019"]) == .ecdsaJcs2019)
        // ecdsa-sd-2023 is not supported (selective disclosure; out of scope, decision 0029).
        #expect(DataIntegrityCryptosuite.named(in: ["type": "DataIntegrityProof", "cryptosuite": "ecdsa-sd-2023"]) == nil)
        #expect(DataIntegrityCryptosuite.ecdsaRdfc2019.isRDF && !DataIntegrityCryptosuite.ecdsaJcs2019.isRDF)
        #expect(CredentialFormat.dataIntegrity(.ecdsaRdfc2019).rawValue == "di-ecdsa-rdfc-2019")
        #expect(CredentialFormat(optionName: "di-ecdsa-jcs") == .dataIntegrity(.ecdsaJcs2019))
        #expect(CredentialFormat(rawValue: "di-ecdsa-jcs-2019")?.cryptosuite == .ecdsaJcs2019)
    }
}
