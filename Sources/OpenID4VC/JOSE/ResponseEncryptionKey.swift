import Crypto
public import DIDCore
import StrictJSON

/// A verifier's P-256 key agreement key for encrypted responses (`direct_post.jwt`, OpenID4VP
/// 1.0 §8.3): the private half stays here; ``publicJWK`` goes into `client_metadata.jwks`.
///
/// Its descriptions are redacted; the private scalar leaves only through
/// ``unsafeRawRepresentation``, for a store that keeps it sealed.
public struct ResponseEncryptionKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let privateKey: Crypto.P256.KeyAgreement.PrivateKey
    /// The key's id, `kid` of its JWK and of the JWE header (its RFC 7638 thumbprint unless given).
    public let keyId: String

    /// A fresh random key.
    public init(keyId: String? = nil) {
        privateKey = Crypto.P256.KeyAgreement.PrivateKey()
        self.keyId = keyId ?? Self.thumbprint(privateKey.publicKey)
    }

    /// A key from its 32-byte private scalar (as ``unsafeRawRepresentation`` gave it).
    ///
    /// - Throws: ``OpenID4VCError`` `invalidMessage` when the bytes are not a P-256 scalar.
    public init(unsafeRawRepresentation bytes: [UInt8], keyId: String? = nil) throws(OpenID4VCError) {
        do { privateKey = try Crypto.P256.KeyAgreement.PrivateKey(rawRepresentation: bytes) } catch {
            throw OpenID4VCError(.invalidMessage, "not a P-256 private key")
        }
        self.keyId = keyId ?? Self.thumbprint(privateKey.publicKey)
    }

    /// The private scalar, 32 bytes: a secret, for a store that seals it.
    public var unsafeRawRepresentation: [UInt8] { Array(privateKey.rawRepresentation) }

    /// The public JWK: `kty` `EC`, `crv` `P-256`, `use` `enc`, `alg` `ECDH-ES` and ``keyId`` as
    /// `kid` (§8.3 requires `alg`; §5.1 requires `kid`).
    public var publicJWK: JWK {
        let members = Self.publicMembers(privateKey.publicKey)
        var object: JSONObject = ["kty": "EC", "crv": "P-256", "x": members.x, "y": members.y]
        object["use"] = "enc"
        object["alg"] = "ECDH-ES"
        object["kid"] = .string(keyId)
        // A public EC P-256 key on the curve: JWK(json:) cannot refuse it.
        return try! JWK(json: .object(object))
    }

    /// Redacted.
    public var description: String { "ResponseEncryptionKey(kid: \(keyId), private key redacted)" }
    /// Redacted.
    public var debugDescription: String { description }
    /// Empty, so `dump()` shows no key material.
    public var customMirror: Mirror { Mirror(self, children: []) }

    static func publicMembers(_ key: Crypto.P256.KeyAgreement.PublicKey) -> (x: JSONValue, y: JSONValue) {
        let point = Array(key.x963Representation)
        return (.string(Base64URL.encode(Array(point[1...32]))), .string(Base64URL.encode(Array(point[33...64]))))
    }

    /// RFC 7638 §3: SHA-256 over `{"crv","kty","x","y"}` in that order, base64url.
    static func thumbprint(_ key: Crypto.P256.KeyAgreement.PublicKey) -> String {
        let members = publicMembers(key)
        let text = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"\(members.x.stringValue!)\",\"y\":\"\(members.y.stringValue!)\"}"
        return Base64URL.encode(Array(Crypto.SHA256.hash(data: Array(text.utf8))))
    }
}
