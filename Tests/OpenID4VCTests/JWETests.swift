import Crypto
import DIDCore
import Foundation
@testable import OpenID4VC
import StrictJSON
import Testing

@Suite struct JWETests {
    static func decode(_ text: String) -> [UInt8] { try! Base64URL.decode(text) }

    /// RFC 7518 Appendix C: Bob's key, Alice's ephemeral key, Z and the derived A128GCM key.
    @Test func concatKDFMatchesRFC7518AppendixC() throws {
        let bob = try Crypto.P256.KeyAgreement.PrivateKey(rawRepresentation: Self.decode("VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw"))
        #expect(Array(bob.publicKey.x963Representation) == [0x04] + Self.decode("weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ")
            + Self.decode("e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck"))
        let alice = try Crypto.P256.KeyAgreement.PublicKey(x963Representation: [0x04] + Self.decode("gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0")
            + Self.decode("SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"))
        let z = try bob.sharedSecretFromKeyAgreement(with: alice).withUnsafeBytes { Array($0) }
        #expect(z == [158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156,
                      251, 49, 110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196])
        let key = ConcatKDF.derive(sharedSecret: z, keyLength: 16, algorithmID: "A128GCM",
                                   partyUInfo: Array("Alice".utf8), partyVInfo: Array("Bob".utf8))
        #expect(Base64URL.encode(key) == "VqqN6vgjbSBcIijNcacQGg")
    }

    /// The encrypted response of OpenID4VP 1.0 §8.3 decrypts with the key the section gives.
    @Test func decryptsTheOpenID4VPExampleResponse() throws {
        let key = try ResponseEncryptionKey(unsafeRawRepresentation: Self.decode("Et-3ce0omz8_TuZ96Df9lp0GAaaDoUnDe6X-CRO7Aww"), keyId: "ac")
        #expect(key.publicJWK.x == "YO4epjifD-KWeq1sL2tNmm36BhXnkJ0He-WqMYrp9Fk")
        let compact = "eyJhbGciOiJFQ0RILUVTIiwiZW5jIjoiQTEyOEdDTSIsImtpZCI6ImFjIiwiZXBrIjp7Imt0eSI6IkVDIiwieCI6Im5ubVZwbTNWM2piaGNhZlFhUkJrU1ZOSGx3Wkh3dC05ck9wSnVmeVlJdWsiLCJ5IjoicjRmakRxd0p5czlxVU9QLV9iM21SNVNaRy0tQ3dPMm1pYzVWU05UWU45ZyIsImNydiI6IlAtMjU2In19"
            + "..uAYcHRUSSn2X0WPX.yVzlGSYG4qbg0bq18JcUiDRw56yVnbKR8E7S7YlEtzT00RqE3Pw5oTpUG3hdLN4taHZ9gC1kwak8JOnJgQ.1wR024_3-qtAlx1oFIUpQQ"
        let decrypted = try JWE.decrypt(compact, with: key)
        let payload = try JSONParser().parse(decrypted.plaintext)
        #expect(payload["vp_token"]?["example_credential_id"]?[0]?.stringValue == "eyJhb...YMetA")
        #expect(decrypted.header["enc"]?.stringValue == "A128GCM")
    }

    @Test(arguments: JWE.ContentEncryption.allCases)
    func roundTrips(_ encryption: JWE.ContentEncryption) throws {
        let key = ResponseEncryptionKey()
        let message = Array("{\"vp_token\":{\"q\":[\"x\"]},\"state\":\"s-1\"}".utf8)
        let compact = try JWE.encrypt(message, to: key.publicJWK, encryption: encryption,
                                      partyUInfo: Array("wallet".utf8), partyVInfo: Array("nonce-1".utf8))
        let decrypted = try JWE.decrypt(compact, with: key)
        #expect(decrypted.plaintext == message)
        #expect(decrypted.header["kid"]?.stringValue == key.keyId)
        #expect(decrypted.header["enc"]?.stringValue == encryption.rawValue)
        #expect(compact.split(separator: ".", omittingEmptySubsequences: false)[1].isEmpty)
        // Two encryptions of one message differ (fresh ephemeral key and IV).
        #expect(try JWE.encrypt(message, to: key.publicJWK, encryption: encryption) != compact)
    }

    /// Every byte of every part is covered: a flipped bit anywhere is refused, never decrypted.
    @Test func tamperingIsRefused() throws {
        let key = ResponseEncryptionKey()
        let compact = try JWE.encrypt(Array("secret presentation".utf8), to: key.publicJWK)
        var parts = compact.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for index in [0, 2, 3, 4] {
            var bytes = Self.decode(parts[index])
            var tampered = parts
            bytes[bytes.count / 2] ^= 0x01
            tampered[index] = Base64URL.encode(bytes)
            #expect(throws: OpenID4VCError.self) { try JWE.decrypt(tampered.joined(separator: "."), with: key) }
            if index >= 2 {
                #expect(throws: OpenID4VCError(.decryptionFailed, "")) { try JWE.decrypt(tampered.joined(separator: "."), with: key) }
            }
        }
        parts[4] = Base64URL.encode(Self.decode(parts[4]).dropLast())
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try JWE.decrypt(parts.joined(separator: "."), with: key) }
    }

    @Test func anotherKeyCannotDecrypt() throws {
        let key = ResponseEncryptionKey(keyId: "k1"), other = ResponseEncryptionKey(keyId: "k1")
        let compact = try JWE.encrypt(Array("x".utf8), to: key.publicJWK)
        #expect(throws: OpenID4VCError(.decryptionFailed, "")) { try JWE.decrypt(compact, with: other) }
        let otherKid = ResponseEncryptionKey(keyId: "k2")
        #expect(throws: OpenID4VCError(.decryptionFailed, "")) { try JWE.decrypt(compact, with: otherKid) }
    }

    static func jwe(header: JSONObject, key: ResponseEncryptionKey) throws -> String {
        let genuine = try JWE.encrypt(Array("x".utf8), to: key.publicJWK)
        var parts = genuine.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var merged = try JSONParser().parse(Self.decode(parts[0])).objectValue!
        for member in header { merged[member.key] = member.value }
        parts[0] = Base64URL.encode(JSONSerializer().serialize(.object(merged)))
        return parts.joined(separator: ".")
    }

    @Test func onlyECDHESWithGCMIsTaken() throws {
        let key = ResponseEncryptionKey()
        for header: JSONObject in [["alg": "dir"], ["alg": "ECDH-ES+A128KW"], ["enc": "A128CBC-HS256"], ["zip": "DEF"], ["crit": ["exp"]]] {
            #expect(throws: OpenID4VCError(.unsupportedEncryption, "")) { try JWE.decrypt(try Self.jwe(header: header, key: key), with: key) }
        }
        let genuine = try JWE.encrypt(Array("x".utf8), to: key.publicJWK, encryption: .a256gcm)
        #expect(throws: OpenID4VCError(.unsupportedEncryption, "")) { try JWE.decrypt(genuine, with: key, allowed: [.a128gcm]) }
        // An epk off the curve, or with a private member, is refused before any key agreement.
        let offCurve: JSONValue = ["kty": "EC", "crv": "P-256", "x": .string(Base64URL.encode([UInt8](repeating: 1, count: 32))),
                                   "y": .string(Base64URL.encode([UInt8](repeating: 2, count: 32)))]
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try JWE.decrypt(try Self.jwe(header: ["epk": offCurve], key: key), with: key) }
        // Encrypting to a key that is not EC P-256 for ECDH-ES is refused.
        let signingKey = try JWK(json: ["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode([UInt8](repeating: 3, count: 32)))])
        #expect(throws: OpenID4VCError(.unsupportedEncryption, "")) { try JWE.encrypt([1], to: signingKey) }
    }

    @Test func boundsAndShapes() throws {
        let key = ResponseEncryptionKey()
        #expect(throws: OpenID4VCError(.messageTooLarge, "")) {
            try JWE.decrypt(String(repeating: "a", count: 100), with: key, maximumLength: 99)
        }
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try JWE.decrypt("a.b.c", with: key) }
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try JWE.decrypt("!!.x.y.z.w", with: key) }
    }

    /// The private key never shows in a description or a dump.
    @Test func theKeyIsRedacted() throws {
        let key = ResponseEncryptionKey()
        let secret = Base64URL.encode(key.unsafeRawRepresentation)
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, key.debugDescription, "\(key)", dumped] { #expect(!text.contains(secret)) }
        #expect(try ResponseEncryptionKey(unsafeRawRepresentation: key.unsafeRawRepresentation).publicJWK == key.publicJWK)
    }
}
