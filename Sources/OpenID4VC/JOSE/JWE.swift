import Crypto
public import DIDCore
import Foundation
public import StrictJSON

/// Compact JWE (RFC 7516 §7.1) with direct key agreement `ECDH-ES` on P-256 (RFC 7518 §4.6) and
/// `A128GCM` or `A256GCM` (§5.3): what OpenID4VP 1.0 §8.3 and HAIP use for encrypted responses.
///
/// Nothing else is taken: no key wrapping, no compression (`zip`), no `crit`, no other curve.
/// A header that is not strict JSON, an `epk` off the curve, a wrong IV or tag length, or a tag
/// that does not verify is refused before any plaintext is returned.
public enum JWE {
    /// The content encryption algorithms taken (RFC 7518 §5.3).
    public enum ContentEncryption: String, Sendable, CaseIterable {
        /// AES-128 in GCM.
        case a128gcm = "A128GCM"
        /// AES-256 in GCM.
        case a256gcm = "A256GCM"

        /// The key length in bytes.
        var keyLength: Int { self == .a128gcm ? 16 : 32 }
    }

    /// The key agreement algorithm, `ECDH-ES` (direct: no encrypted key).
    public static let keyAgreement = "ECDH-ES"
    /// The most bytes of a compact JWE taken by ``decrypt(_:with:allowed:maximumLength:)``.
    public static let defaultMaximumLength = 4 << 20

    /// A decrypted JWE: its protected header and the plaintext.
    public struct Decrypted: Sendable {
        /// The protected header.
        public let header: JSONObject
        /// The plaintext.
        public let plaintext: [UInt8]
    }

    /// Encrypts `plaintext` to `recipient`, an EC P-256 public JWK, with a fresh ephemeral key.
    ///
    /// The header is `alg` `ECDH-ES`, `enc`, the recipient's `kid` when it has one, `epk`, and
    /// `apu`/`apv` when given (base64url of the bytes).
    ///
    /// - Throws: ``OpenID4VCError`` `unsupportedEncryption` when the key is not an EC P-256 key,
    ///   or names an `alg` other than `ECDH-ES`.
    public static func encrypt(_ plaintext: [UInt8], to recipient: JWK, encryption: ContentEncryption = .a128gcm,
                               partyUInfo: [UInt8] = [], partyVInfo: [UInt8] = []) throws(OpenID4VCError) -> String {
        let recipientKey = try agreementKey(recipient, name: "the recipient's key")
        if let alg = recipient.members["alg"], alg.stringValue != keyAgreement {
            throw OpenID4VCError(.unsupportedEncryption, "the recipient's key is for \(alg), not \(keyAgreement)")
        }
        let ephemeral = Crypto.P256.KeyAgreement.PrivateKey()
        let point = ResponseEncryptionKey.publicMembers(ephemeral.publicKey)
        var header: JSONObject = ["alg": .string(keyAgreement), "enc": .string(encryption.rawValue)]
        if let kid = recipient.members["kid"]?.stringValue { header["kid"] = .string(kid) }
        header["epk"] = ["kty": "EC", "crv": "P-256", "x": point.x, "y": point.y]
        if !partyUInfo.isEmpty { header["apu"] = .string(Base64URL.encode(partyUInfo)) }
        if !partyVInfo.isEmpty { header["apv"] = .string(Base64URL.encode(partyVInfo)) }
        let key = try contentKey(ephemeral, recipientKey, encryption: encryption, partyUInfo: partyUInfo, partyVInfo: partyVInfo)
        let encodedHeader = Base64URL.encode(JSONSerializer().serialize(.object(header)))
        let sealed: AES.GCM.SealedBox
        do {
            sealed = try AES.GCM.seal(plaintext, using: key, nonce: AES.GCM.Nonce(), authenticating: Array(encodedHeader.utf8))
        } catch {
            throw OpenID4VCError(.unsupportedEncryption, "AES-GCM failed: \(error)")
        }
        return [encodedHeader, "", Base64URL.encode(Array(sealed.nonce)), Base64URL.encode(Array(sealed.ciphertext)),
                Base64URL.encode(Array(sealed.tag))].joined(separator: ".")
    }

    /// Decrypts a compact JWE made for `key`.
    ///
    /// - Parameters:
    ///   - compact: The five-part compact serialization.
    ///   - key: The recipient's key agreement key.
    ///   - allowed: The content encryption algorithms accepted.
    ///   - maximumLength: The most bytes taken.
    /// - Throws: ``OpenID4VCError`` `messageTooLarge` over `maximumLength`; `invalidMessage` for a
    ///   malformed serialization or header; `unsupportedEncryption` for another `alg`, `enc`,
    ///   curve, a `zip` or `crit`; `decryptionFailed` when the tag does not verify.
    public static func decrypt(_ compact: String, with key: ResponseEncryptionKey,
                               allowed: Set<ContentEncryption> = Set(ContentEncryption.allCases),
                               maximumLength: Int = defaultMaximumLength) throws(OpenID4VCError) -> Decrypted {
        guard compact.utf8.count <= maximumLength else {
            throw OpenID4VCError(.messageTooLarge, "a JWE has at most \(maximumLength) bytes here")
        }
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else { throw OpenID4VCError(.invalidMessage, "a compact JWE has five parts, found \(parts.count)") }
        func decode(_ text: String, _ name: String) throws(OpenID4VCError) -> [UInt8] {
            do { return try Base64URL.decode(text) } catch {
                throw OpenID4VCError(.invalidMessage, "the JWE \(name) is not base64url")
            }
        }
        let headerValue: JSONValue
        do { headerValue = try JSONParser(options: .init(maxDepth: 8, maxBytes: 16 << 10)).parse(try decode(parts[0], "header")) } catch {
            throw OpenID4VCError(.invalidMessage, "the JWE header is not strict JSON")
        }
        guard let header = headerValue.objectValue else { throw OpenID4VCError(.invalidMessage, "the JWE header is not a JSON object") }
        guard header["alg"]?.stringValue == keyAgreement else {
            throw OpenID4VCError(.unsupportedEncryption, "JWE alg \(header["alg"].map { "\($0)" } ?? "(none)") is not \(keyAgreement)")
        }
        guard let encName = header["enc"]?.stringValue, let encryption = ContentEncryption(rawValue: encName), allowed.contains(encryption) else {
            throw OpenID4VCError(.unsupportedEncryption, "JWE enc \(header["enc"].map { "\($0)" } ?? "(none)") is not accepted")
        }
        for name in ["zip", "crit", "jku", "x5u"] where header[name] != nil {
            throw OpenID4VCError(.unsupportedEncryption, "the JWE header parameter \(name) is not accepted")
        }
        if let kid = header["kid"], kid.stringValue != key.keyId {
            throw OpenID4VCError(.decryptionFailed, "the JWE is for another key (kid)")
        }
        guard let epkValue = header["epk"] else { throw OpenID4VCError(.invalidMessage, "the JWE header has no epk") }
        let epk: JWK
        do { epk = try JWK(json: epkValue) } catch { throw OpenID4VCError(.invalidMessage, "the JWE epk is not a public JWK: \(error.code)") }
        let ephemeral = try agreementKey(epk, name: "epk")
        guard parts[1].isEmpty else { throw OpenID4VCError(.invalidMessage, "ECDH-ES has no encrypted key") }
        let iv = try decode(parts[2], "IV"), ciphertext = try decode(parts[3], "ciphertext"), tag = try decode(parts[4], "tag")
        guard iv.count == 12, tag.count == 16 else { throw OpenID4VCError(.invalidMessage, "an AES-GCM JWE has a 96-bit IV and a 128-bit tag") }
        func party(_ name: String) throws(OpenID4VCError) -> [UInt8] {
            guard let value = header[name] else { return [] }
            guard let text = value.stringValue else { throw OpenID4VCError(.invalidMessage, "JWE \(name) is a string") }
            return try decode(text, name)
        }
        let contentKey = try contentKey(key.privateKey, ephemeral, encryption: encryption, partyUInfo: try party("apu"), partyVInfo: try party("apv"))
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: iv), ciphertext: ciphertext, tag: tag)
            let plaintext = try AES.GCM.open(box, using: contentKey, authenticating: Array(parts[0].utf8))
            return Decrypted(header: header, plaintext: Array(plaintext))
        } catch {
            throw OpenID4VCError(.decryptionFailed, "the JWE does not decrypt (tampered, or for another key)")
        }
    }

    /// The P-256 key agreement key of an EC JWK.
    static func agreementKey(_ jwk: JWK, name: String) throws(OpenID4VCError) -> Crypto.P256.KeyAgreement.PublicKey {
        guard jwk.keyType == "EC", jwk.curve == "P-256", let x = jwk.x, let y = jwk.y,
              let xBytes = try? Base64URL.decode(x), let yBytes = try? Base64URL.decode(y), xBytes.count == 32, yBytes.count == 32 else {
            throw OpenID4VCError(.unsupportedEncryption, "\(name) is not an EC P-256 key")
        }
        do { return try Crypto.P256.KeyAgreement.PublicKey(x963Representation: [0x04] + xBytes + yBytes) } catch {
            throw OpenID4VCError(.invalidMessage, "\(name) is not a point on P-256")
        }
    }

    /// ECDH then the Concat KDF with `enc` as the algorithm id (RFC 7518 §4.6.2, direct mode).
    static func contentKey(_ privateKey: Crypto.P256.KeyAgreement.PrivateKey, _ publicKey: Crypto.P256.KeyAgreement.PublicKey,
                           encryption: ContentEncryption, partyUInfo: [UInt8], partyVInfo: [UInt8]) throws(OpenID4VCError) -> SymmetricKey {
        let shared: SharedSecret
        do { shared = try privateKey.sharedSecretFromKeyAgreement(with: publicKey) } catch {
            throw OpenID4VCError(.decryptionFailed, "the key agreement failed")
        }
        let z = shared.withUnsafeBytes { Array($0) }
        return SymmetricKey(data: ConcatKDF.derive(sharedSecret: z, keyLength: encryption.keyLength, algorithmID: encryption.rawValue,
                                                   partyUInfo: partyUInfo, partyVInfo: partyVInfo))
    }
}
