import Foundation
import DIDCore
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

@Suite("did:key")
struct DIDKeyTests {
    struct Entry: Sendable, CustomTestStringConvertible {
        let did: String, value: JSONValue
        var testDescription: String { did }
    }

    static let ed25519Entries: [Entry] = {
        let document = try! Fixtures.json("did-key/test-vectors/ed25519-x25519.json")
        return document.objectValue!.members.map { Entry(did: $0.key, value: $0.value) }
    }()

    @Test("Every Ed25519 test vector: seed → key → DID → the expected document", arguments: ed25519Entries)
    func ed25519Vector(_ entry: Entry) async throws {
        let seed = hexBytes(entry.value["seed"]!.stringValue!)
        let key = try Ed25519.PrivateKey(seedBytes: seed)
        #expect(DIDKey.did(for: key.publicKey).description == entry.did)

        let expected = try #require(entry.value["didDocument"])
        let verificationType = entry.value["verificationKeyPair"]!["type"]!.stringValue!
        let representation: DIDKey.Representation = verificationType == "JsonWebKey2020" ? .jsonWebKey2020 : .ed25519VerificationKey2018
        let result = await DIDKeyResolver().resolve(entry.did, options: .init(didKeyRepresentation: representation))
        #expect(result.error == nil)
        let document = try #require(result.didDocument)
        #expect(document.jsonValue == expected, "\(document.jsonValue.prettyString)")

        // The X25519 key agreement key derives from the same seed.
        let keyAgreement = entry.value["keyAgreementKeyPair"]!
        let xPrivate = key.x25519PrivateKey()
        if let base58 = keyAgreement["publicKeyBase58"]?.stringValue {
            #expect(try Base58.decode(base58) == xPrivate.publicKey.rawRepresentation)
            #expect(try Base58.decode(keyAgreement["privateKeyBase58"]!.stringValue!).count == 32)
        } else {
            #expect(keyAgreement["publicKeyJwk"]!["x"]!.stringValue! == Base64URL.encode(xPrivate.publicKey.rawRepresentation))
        }
        // Every form gives the same keys back.
        for form in DIDKey.Representation.allCases {
            let document = try DIDKey.document(for: DID(parsing: entry.did), representation: form)
            let methods = document.verificationMethods(for: .assertionMethod)
            #expect(try methods.first?.ed25519PublicKey() == key.publicKey, "\(form)")
            #expect(try document.verificationMethods(for: .keyAgreement).first?.x25519PublicKey() == xPrivate.publicKey, "\(form)")
        }
    }

    @Test("Five Ed25519 vectors were read") func count() { #expect(Self.ed25519Entries.count == 5) }

    @Test("The did:key spec's Multikey example is the default resolution")
    func multikeyExample() async throws {
        let example = try Fixtures.json("did-key/did-key-spec-multikey-example.json")
        let did = example["did"]!.stringValue!
        let result = await DIDResolverRegistry.standard.resolve(did)
        let document = try #require(result.didDocument)
        #expect(document.jsonValue == example["didDocument"]!)
        #expect(result.contentType == "application/did+ld+json")
        let key = try Ed25519.PublicKey(rawRepresentation: hexBytes(example["ed25519PublicKeyHex"]!.stringValue!))
        #expect(DIDKey.did(for: key).description == did)
    }

    @Test("X25519 did:key vectors resolve to their documents")
    func x25519Vectors() async throws {
        let documents = try Fixtures.json("did-key/test-vectors/x25519.json")["didDocument"]!.objectValue!
        #expect(documents.count >= 2)
        for member in documents {
            let type = member.value["verificationMethod"]?[0]?["type"]?.stringValue
            let form: DIDKey.Representation = type == "JsonWebKey2020" ? .jsonWebKey2020 : .ed25519VerificationKey2018
            let result = await DIDKeyResolver().resolve(member.key, options: .init(didKeyRepresentation: form))
            #expect(result.didDocument?.jsonValue == member.value, "\(member.key)")
        }
    }

    static let unsupportedDIDs: [String] = {
        var dids: [String] = []
        for file in ["secp256k1", "nist-curves", "bls12381", "rsa"] {
            let document = try! Fixtures.json("did-key/test-vectors/\(file).json")
            let container = document["didDocument"]?.objectValue ?? document.objectValue!
            dids += container.keys.filter { $0.hasPrefix("did:key:") }
        }
        // P-256, P-384 and secp256k1 resolve (DIDKeyECDSATests); P-521, BLS12-381 and RSA do not.
        return dids.filter { !DIDKeyECDSATests.supportedPrefixes.contains(where: $0.hasPrefix) }
    }()

    @Test("Other key types fail with methodNotSupported, never a crash", arguments: unsupportedDIDs)
    func unsupported(_ did: String) async {
        let result = await DIDResolverRegistry.standard.resolve(did)
        #expect(result.didDocument == nil)
        #expect(result.error?.code == .methodNotSupported, "\(String(describing: result.error))")
    }

    @Test("There are unsupported vectors of every other type") func unsupportedCount() {
        #expect(Self.unsupportedDIDs.count >= 8)
        #expect(Self.unsupportedDIDs.contains { $0.hasPrefix("did:key:z2J9") })  // P-521
        #expect(!Self.unsupportedDIDs.contains { $0.hasPrefix("did:key:zDn") })  // P-256 is supported
    }

    @Test("Malformed keys fail with invalidPublicKey; malformed identifiers with invalidDid")
    func malformed() async throws {
        let key = Ed25519.PrivateKey().publicKey
        func did(_ bytes: [UInt8]) -> String { "did:key:" + Multibase.base58btc.encode(bytes) }
        let cases: [(String, DIDError.Code)] = [
            (did([0xed, 0x01] + key.rawRepresentation.dropLast()), .invalidPublicKey),  // 31 bytes
            (did([0xed, 0x01] + key.rawRepresentation + [0]), .invalidPublicKey),  // 33 bytes
            (did([0xec, 0x01] + [1, 2, 3]), .invalidPublicKey),
            (did([0x80, 0x26] + key.rawRepresentation), .invalidPublicKey),  // a private key codec
            (did([0xed]), .invalidPublicKey),  // truncated varint
            (did([0xed, 0x81, 0x00] + key.rawRepresentation), .invalidPublicKey),  // non-minimal varint
            (did([0x99, 0x01] + key.rawRepresentation), .invalidPublicKey),  // unknown codec
            (did([0xed, 0x01, 1] + [UInt8](repeating: 0, count: 31)), .invalidPublicKey),  // small-order point
            ("did:key:z6Mk0OIl", .invalidPublicKey),  // not base58
            ("did:key:u7QE", .invalidDid),  // not base58btc multibase
            ("did:key:", .invalidDid),
        ]
        for (text, code) in cases {
            let result = await DIDKeyResolver().resolve(text)
            #expect(result.error?.code == code, "\(text): \(String(describing: result.error))")
            #expect(result.didDocument == nil)
        }
    }

    @Test("Property: random keys round-trip through did:key in every form")
    func roundTrip() async throws {
        var generator = SeededGenerator(seed: 0xD1D)
        for _ in 0..<32 {
            let key = try Ed25519.PrivateKey(seedBytes: generator.bytes(32))
            let did = DIDKey.did(for: key.publicKey)
            #expect(did.description.hasPrefix("did:key:z6Mk"))
            #expect(try DIDKey.publicKey(of: DID(parsing: did.description)) == .ed25519(key.publicKey))
            let method = try await DIDResolverRegistry.standard.verificationMethod("\(did)#\(did.methodSpecificId)")
            #expect(try method.ed25519PublicKey() == key.publicKey)
            let xDid = DIDKey.did(for: key.x25519PrivateKey().publicKey)
            #expect(xDid.description.hasPrefix("did:key:z6LS"))
        }
    }
}
