import Foundation
import DIDCore
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

/// did:key with P-256 (`zDn…`), P-384 (`z82…`) and secp256k1 (`zQ3s…`) keys: the w3c-ccg
/// did-method-key vectors (`Fixtures/did-key/test-vectors/nist-curves.json`, `secp256k1.json`).
@Suite("did:key with ECDSA keys (P-256, P-384, secp256k1)")
struct DIDKeyECDSATests {
    static let supportedPrefixes = ["did:key:zDn", "did:key:z82", "did:key:zQ3s"]

    struct Vector: Sendable, CustomTestStringConvertible {
        let did: String
        let entry: JSONValue
        var testDescription: String { String(did.prefix(24)) }
    }

    static let vectors: [Vector] = ["nist-curves", "secp256k1"].flatMap { file in
        let document = try! Fixtures.json("did-key/test-vectors/\(file).json")
        return document.objectValue!.filter { member in supportedPrefixes.contains(where: member.key.hasPrefix) }
            .map { Vector(did: $0.key, entry: $0.value) }
    }

    /// The vector's key pair: a private JWK, or base58 public and private keys.
    static func keyPair(_ entry: JSONValue) throws -> (public: [UInt8]?, jwk: JSONValue?, privateScalar: [UInt8]) {
        let pair = entry["verificationMethod"] ?? entry["verificationKeyPair"]!
        if let privateJwk = pair["privateKeyJwk"] {
            return (nil, pair["publicKeyJwk"], try Base64URL.decode(privateJwk["d"]!.stringValue!))
        }
        return (try Base58.decode(pair["publicKeyBase58"]!.stringValue!), nil, try Base58.decode(pair["privateKeyBase58"]!.stringValue!))
    }

    @Test("Every P-256, P-384 and secp256k1 vector: the private key gives the DID; the key decodes to the vector's", arguments: vectors)
    func vector(_ vector: Vector) async throws {
        let did = try DID(parsing: vector.did)
        let decoded = try #require(try DIDKey.publicKey(of: did).signingKey)
        let (publicBytes, jwk, scalar) = try Self.keyPair(vector.entry)
        let privateKey: PrivateSigningKey
        switch decoded {
        case .p256: privateKey = .p256(try P256.PrivateKey(scalarBytes: scalar))
        case .p384: privateKey = .p384(try P384.PrivateKey(scalarBytes: scalar))
        case .secp256k1: privateKey = .secp256k1(try Secp256k1.PrivateKey(scalarBytes: scalar))
        case .ed25519:
            Issue.record("an Ed25519 key under an ECDSA prefix")
            return
        }
        #expect(privateKey.publicKey == decoded)
        #expect(DIDKey.did(for: privateKey.publicKey).description == vector.did)
        if let jwk { #expect(try JWK(json: jwk).publicSigningKey() == decoded) }
        if let publicBytes { #expect(publicBytes == decoded.compactRepresentation) }
        // The resolved document holds the key as a Multikey under the signing relationships.
        let document = try #require(await DIDKeyResolver().resolve(vector.did).didDocument)
        let method = try #require(document.verificationMethods(for: .assertionMethod).first)
        #expect(method.type == "Multikey" && method.id == "\(vector.did)#\(did.methodSpecificId)")
        #expect(try method.publicSigningKey() == decoded)
        for relationship in [VerificationRelationship.authentication, .capabilityInvocation, .capabilityDelegation, .keyAgreement] {
            #expect(document.authorizes(method.id, for: relationship))
        }
        // For signature verification the key-agreement relationship is left out, nothing else.
        let forVerification = try DIDKey.document(for: did, encryptionKeyDerivation: false)
        #expect(forVerification[.keyAgreement].isEmpty && forVerification.authorizes(method.id, for: .assertionMethod))
    }

    @Test("The JsonWebKey2020 vectors' documents are reproduced exactly", arguments: vectors.filter {
        $0.entry["didDocument"]?["verificationMethod"]?[0]?["type"] == "JsonWebKey2020"
    })
    func jsonWebKeyDocuments(_ vector: Vector) async throws {
        let result = await DIDKeyResolver().resolve(vector.did, options: .init(didKeyRepresentation: .jsonWebKey2020))
        let document = try #require(result.didDocument)
        #expect(document.jsonValue == vector.entry["didDocument"]!)
    }

    @Test("There are vectors of each curve, and JsonWebKey2020 documents among them")
    func counts() {
        for prefix in Self.supportedPrefixes {
            #expect(Self.vectors.filter { $0.did.hasPrefix(prefix) }.count >= 2, "\(prefix)")
        }
        #expect(Self.vectors.filter { $0.entry["didDocument"]?["verificationMethod"]?[0]?["type"] == "JsonWebKey2020" }.count >= 5)
    }

    @Test("Random keys of each curve round-trip through did:key, did:jwk and their documents")
    func roundTrip() async throws {
        for key in [PublicSigningKey.p256(P256.PrivateKey().publicKey), .p384(P384.PrivateKey().publicKey), .secp256k1(Secp256k1.PrivateKey().publicKey)] {
            let did = DIDKey.did(for: key)
            #expect(try DIDKey.publicKey(of: did).signingKey == key)
            let method = try #require(await DIDKeyResolver().resolve(did.description).didDocument?.verificationMethod.first)
            #expect(try method.publicSigningKey() == key)
            let jwkDID = DIDJWK.did(for: key)
            let jwkDocument = try #require(await DIDJWKResolver().resolve(jwkDID, options: .init()).didDocument)
            let jwkMethod = try #require(jwkDocument.verificationMethods(for: .assertionMethod).first)
            #expect(jwkMethod.type == "JsonWebKey2020" && jwkMethod.id == "\(jwkDID)#0")
            #expect(try jwkMethod.publicSigningKey() == key)
        }
    }

    @Test("Malformed ECDSA did:keys fail with invalidPublicKey; the Ed25519 representations with representationNotSupported")
    func malformed() async throws {
        let key = P256.PrivateKey().publicKey
        func did(_ bytes: [UInt8]) -> String { "did:key:" + Multibase.base58btc.encode(bytes) }
        let cases: [(String, DIDError.Code)] = [
            (did([0x80, 0x24] + key.uncompressedRepresentation), .invalidPublicKey),  // uncompressed
            (did([0x80, 0x24] + key.compressedRepresentation.dropLast()), .invalidPublicKey),
            (did([0x80, 0x24, 0x02] + [UInt8](repeating: 0xFF, count: 32)), .invalidPublicKey),  // x ≥ p
            (did([0x81, 0x24] + key.compressedRepresentation), .invalidPublicKey),  // a P-256 point as p384-pub
            (did([0xe7, 0x01, 0x04] + key.x), .invalidPublicKey),
        ]
        for (text, code) in cases {
            let result = await DIDKeyResolver().resolve(text)
            #expect(result.error?.code == code, "\(text): \(String(describing: result.error))")
        }
        let valid = DIDKey.did(for: .p256(key))
        for representation in [DIDKey.Representation.ed25519VerificationKey2018, .ed25519VerificationKey2020] {
            let result = await DIDKeyResolver().resolve(valid.description, options: .init(didKeyRepresentation: representation))
            #expect(result.error?.code == .representationNotSupported)
        }
    }

    @Test("The EC did:jwk spec example resolves to a P-256 signing key")
    func didJWKExample() async throws {
        let example = try Fixtures.json("did-jwk/did-jwk-spec-examples.json")["examples"]![0]!
        let method = try await DIDResolverRegistry.standard.verificationMethod(example["didUrl"]!.stringValue!)
        let key = try method.publicSigningKey()
        #expect(key.algorithm == .es256)
        #expect(key == (try JWK(json: example["decodedJwk"]!).publicSigningKey()))
    }
}
