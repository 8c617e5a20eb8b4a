import Foundation
import DIDCore
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

@Suite("Signing keys in Multikey, JWK and verification methods")
struct SigningKeyFormatsTests {
    static let keys: [PublicSigningKey] = [
        .ed25519(Ed25519.PrivateKey().publicKey), .p256(P256.PrivateKey().publicKey),
        .p384(P384.PrivateKey().publicKey), .secp256k1(Secp256k1.PrivateKey().publicKey),
    ]

    /// The first x (counting up from 1) that is not the x-coordinate of a point, as a compressed key.
    static func offCurveCompressed(length: Int, isPoint: ([UInt8]) -> Bool) -> [UInt8] {
        for candidate in UInt8(1)...UInt8(255) {
            let bytes = [0x02] + [UInt8](repeating: 0, count: length - 2) + [candidate]
            if !isPoint(bytes) { return bytes }
        }
        fatalError("no x without a point below 256")
    }

    @Test("Multikey round-trips every key type with its well-known prefix")
    func multikeyRoundTrip() throws {
        let prefixes = ["z6Mk", "zDn", "z82", "zQ3s"]
        for (key, prefix) in zip(Self.keys, prefixes) {
            let text = Multikey.encode(key)
            #expect(text.hasPrefix(prefix), "\(text)")
            #expect(try Multikey.decode(text) == key)
        }
    }

    @Test("Multikey refusals: wrong length, uncompressed or off-curve points, unknown or non-signing codecs")
    func multikeyRefusals() throws {
        let p256 = P256.PrivateKey().publicKey
        func encoded(_ codec: Multicodec, _ bytes: [UInt8]) -> String { Multibase.base58btc.encode(codec.prefixing(bytes)) }
        let offCurveP256 = Self.offCurveCompressed(length: 33) { (try? P256.PublicKey(compressedRepresentation: $0)) != nil }
        let offCurveK1 = Self.offCurveCompressed(length: 33) { (try? Secp256k1.PublicKey(compressedRepresentation: $0)) != nil }
        let offCurveP384 = Self.offCurveCompressed(length: 49) { (try? P384.PublicKey(compressedRepresentation: $0)) != nil }
        let cases: [(String, DIDError.Code)] = [
            (encoded(.p256Public, Array(p256.compressedRepresentation.dropLast())), .invalidPublicKey),
            (encoded(.p256Public, p256.uncompressedRepresentation), .invalidPublicKey),  // Multikey holds the compressed form
            (encoded(.p256Public, [0x05] + p256.x), .invalidPublicKey),  // not a SEC 1 prefix
            (encoded(.p256Public, offCurveP256), .invalidPublicKey),
            (encoded(.p384Public, offCurveP384), .invalidPublicKey),
            (encoded(.secp256k1Public, offCurveK1), .invalidPublicKey),
            (encoded(.p384Public, p256.compressedRepresentation), .invalidPublicKey),  // a P-256 key under p384-pub
            (encoded(.ed25519Public, [UInt8](repeating: 1, count: 33)), .invalidPublicKey),
            (encoded(.x25519Public, [UInt8](repeating: 9, count: 32)), .methodNotSupported),
            (encoded(.p521Public, [UInt8](repeating: 2, count: 67)), .methodNotSupported),
            (encoded(Multicodec(code: 0x99, name: "?"), [1, 2, 3]), .invalidPublicKey),
            (encoded(.ed25519Private, [UInt8](repeating: 1, count: 32)), .invalidPublicKey),
            ("u" + Base64URL.encode(Multicodec.p256Public.prefixing(p256.compressedRepresentation)), .invalidMultibase),
        ]
        for (text, code) in cases {
            #expect(throws: DIDError(code, "")) { try Multikey.decode(text) }
        }
        // The P-256 off-curve x and the wrong codec are refused only because the point is checked:
        // the same bytes with a valid point decode.
        #expect(try Multikey.decode(encoded(.p256Public, p256.compressedRepresentation)) == .p256(p256))
    }

    @Test("EC JWKs round-trip for P-256, P-384 and secp256k1; OKP Ed25519 stays")
    func jwkRoundTrip() throws {
        for key in Self.keys {
            let jwk = JWK(publicSigningKey: key)
            #expect(try jwk.publicSigningKey() == key)
            let reparsed = try JWK(json: JSONValue(parsing: jwk.jsonValue.compactString))
            #expect(try reparsed.publicSigningKey() == key)
            #expect(jwk.keyType == (key.algorithm == .eddsa ? "OKP" : "EC"))
            #expect(jwk.curve == key.curveName)
        }
        let ed = Ed25519.PrivateKey().publicKey
        #expect(JWK(publicSigningKey: .ed25519(ed)) == JWK(ed25519: ed))
    }

    @Test("RFC 7515 A.3's public JWK is the P-256 key of its d")
    func rfc7515Key() throws {
        let vector = try Fixtures.json("ecdsa/jose/rfc7515-a3-es256.json")
        let key = try JWK(json: vector["publicJwk"]!).publicSigningKey()
        let privateKey = try P256.PrivateKey(scalarBytes: Base64URL.decode(vector["jwk"]!["d"]!.stringValue!))
        #expect(key == .p256(privateKey.publicKey))
        #expect(key.algorithm == .es256)
    }

    @Test("JWK refusals: private d, wrong lengths, off-curve points, unknown crv, kty/crv mismatch")
    func jwkRefusals() throws {
        let p256 = P256.PrivateKey().publicKey, k1 = Secp256k1.PrivateKey().publicKey
        let x = Base64URL.encode(p256.x), y = Base64URL.encode(p256.y)
        var badY = p256.y
        badY[31] ^= 1
        let cases: [String] = [
            #"{"kty":"EC","crv":"P-256","x":"\#(x)","y":"\#(y)","d":"\#(x)"}"#,  // a private key
            #"{"kty":"EC","crv":"P-256","x":"\#(x)","y":"\#(Base64URL.encode(badY))"}"#,  // not on the curve
            #"{"kty":"EC","crv":"secp256k1","x":"\#(x)","y":"\#(y)"}"#,  // a P-256 point named secp256k1
            #"{"kty":"EC","crv":"P-384","x":"\#(x)","y":"\#(y)"}"#,  // 32-byte coordinates on P-384
            #"{"kty":"EC","crv":"P-256","x":"\#(Base64URL.encode(p256.x.dropFirst()))","y":"\#(y)"}"#,  // 31 bytes
            #"{"kty":"EC","crv":"P-256","x":"\#(x)"}"#,  // no y
            #"{"kty":"EC","crv":"brainpoolP256r1","x":"\#(x)","y":"\#(y)"}"#,  // unknown crv
            #"{"kty":"EC","crv":"Ed25519","x":"\#(x)","y":"\#(y)"}"#,  // kty/crv mismatch
            #"{"kty":"OKP","crv":"P-256","x":"\#(x)"}"#,  // kty/crv mismatch
            #"{"kty":"OKP","crv":"secp256k1","x":"\#(Base64URL.encode(k1.x))"}"#,
        ]
        for text in cases {
            #expect(throws: DIDError(.invalidJwk, ""), "\(text)") { try JWK(json: JSONValue(parsing: text)) }
        }
        // The same members with the right y parse: the refusal above is the curve check.
        #expect(try JWK(json: JSONValue(parsing: #"{"kty":"EC","crv":"P-256","x":"\#(x)","y":"\#(y)"}"#)).publicSigningKey() == .p256(p256))
        // Keys that are well formed but do not sign here.
        let xKey = Ed25519.PrivateKey().x25519PrivateKey().publicKey
        #expect(throws: DIDError(.invalidVerificationMethod, "")) { try JWK(x25519: xKey).publicSigningKey() }
    }

    @Test("Verification methods of every supported type give their signing key")
    func verificationMethods() throws {
        let ed = Ed25519.PrivateKey().publicKey, k1 = Secp256k1.PrivateKey().publicKey, p256 = P256.PrivateKey().publicKey
        let controller = "did:example:1"
        let methods: [(VerificationMethod, PublicSigningKey)] = [
            (VerificationMethod(id: "#a", type: "Multikey", controller: controller, publicKeyMultibase: Multikey.encode(.p256(p256))), .p256(p256)),
            (VerificationMethod(id: "#b", type: "Multikey", controller: controller, publicKeyMultibase: Multikey.encode(.ed25519(ed))), .ed25519(ed)),
            (VerificationMethod(id: "#c", type: "Ed25519VerificationKey2020", controller: controller, publicKeyMultibase: Multikey.encode(.ed25519(ed))), .ed25519(ed)),
            (VerificationMethod(id: "#d", type: "Ed25519VerificationKey2018", controller: controller, publicKeyBase58: Base58.encode(ed.rawRepresentation)), .ed25519(ed)),
            (VerificationMethod(id: "#e", type: "JsonWebKey2020", controller: controller, publicKeyJwk: JWK(publicSigningKey: .secp256k1(k1))), .secp256k1(k1)),
            (VerificationMethod(id: "#f", type: "JsonWebKey", controller: controller, publicKeyJwk: JWK(publicSigningKey: .p256(p256))), .p256(p256)),
            (VerificationMethod(id: "#g", type: "EcdsaSecp256k1VerificationKey2019", controller: controller,
                                additionalMembers: ["publicKeyHex": .string("0x" + Hex.encode(k1.compressedRepresentation))]), .secp256k1(k1)),
            (VerificationMethod(id: "#h", type: "EcdsaSecp256k1VerificationKey2019", controller: controller,
                                additionalMembers: ["publicKeyHex": .string(Hex.encode(k1.uncompressedRepresentation))]), .secp256k1(k1)),
            (VerificationMethod(id: "#i", type: "EcdsaSecp256k1VerificationKey2019", controller: controller, publicKeyJwk: JWK(publicSigningKey: .secp256k1(k1))), .secp256k1(k1)),
            (VerificationMethod(id: "#j", type: "EcdsaSecp256k1VerificationKey2019", controller: controller, publicKeyMultibase: Multikey.encode(.secp256k1(k1))), .secp256k1(k1)),
        ]
        for (method, key) in methods {
            #expect(try method.publicSigningKey() == key, "\(method.id)")
        }
        // The old Ed25519 accessor still reads Ed25519 keys, and only them.
        #expect(try methods[1].0.ed25519PublicKey() == ed)
        #expect(throws: DIDError.self) { try methods[0].0.ed25519PublicKey() }
    }

    @Test("Verification methods that hold no signing key, or a key of another type than they name, are refused")
    func verificationMethodRefusals() throws {
        let ed = Ed25519.PrivateKey().publicKey, p256 = P256.PrivateKey().publicKey, k1 = Secp256k1.PrivateKey().publicKey
        let controller = "did:example:1"
        let cases: [(VerificationMethod, DIDError.Code)] = [
            (VerificationMethod(id: "#1", type: "Ed25519VerificationKey2020", controller: controller, publicKeyMultibase: Multikey.encode(.p256(p256))), .invalidPublicKey),
            (VerificationMethod(id: "#2", type: "EcdsaSecp256k1VerificationKey2019", controller: controller, publicKeyJwk: JWK(publicSigningKey: .p256(p256))), .invalidVerificationMethod),
            (VerificationMethod(id: "#3", type: "EcdsaSecp256k1VerificationKey2019", controller: controller, publicKeyMultibase: Multikey.encode(.ed25519(ed))), .invalidVerificationMethod),
            (VerificationMethod(id: "#4", type: "EcdsaSecp256k1VerificationKey2019", controller: controller,
                                additionalMembers: ["publicKeyHex": .string("0x" + Hex.encode(p256.x))]), .invalidPublicKey),  // 32 bytes
            (VerificationMethod(id: "#5", type: "EcdsaSecp256k1VerificationKey2019", controller: controller,
                                additionalMembers: ["publicKeyHex": .string("zz" + Hex.encode(k1.compressedRepresentation))]), .invalidPublicKey),
            (VerificationMethod(id: "#6", type: "EcdsaSecp256k1VerificationKey2019", controller: controller), .invalidVerificationMethod),
            (VerificationMethod(id: "#7", type: "Multikey", controller: controller), .invalidVerificationMethod),
            (VerificationMethod(id: "#8", type: "X25519KeyAgreementKey2020", controller: controller, publicKeyMultibase: Multikey.encode(.ed25519(ed))), .invalidVerificationMethod),
            (VerificationMethod(id: "#9", type: "JsonWebKey2020", controller: controller), .invalidVerificationMethod),
        ]
        for (method, code) in cases {
            #expect(throws: DIDError(code, ""), "\(method.id)") { try method.publicSigningKey() }
        }
    }
}
