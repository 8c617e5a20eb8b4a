public import StrictJSON
public import WalletCrypto

/// A public JSON Web Key (RFC 7517) as it appears in `publicKeyJwk` and in `did:jwk`.
///
/// Only public keys are accepted: a JWK with private members (`d`, `p`, `q`, `dp`, `dq`, `qi`,
/// `oth`, or the symmetric `k`) fails with `invalidJwk`. Members beyond the key's own are kept.
public struct JWK: Hashable, Sendable {
    /// All members, in order.
    public private(set) var members: JSONObject

    /// `kty`, the key type (`OKP`, `EC`...); empty when absent.
    public var keyType: String { members["kty"]?.stringValue ?? "" }
    /// `crv`, the curve, when present.
    public var curve: String? { members["crv"]?.stringValue }
    /// `x`, the base64url public key (or x-coordinate), when present.
    public var x: String? { members["x"]?.stringValue }
    /// `y`, the base64url y-coordinate of an `EC` key, when present.
    public var y: String? { members["y"]?.stringValue }
    /// `use`, the intended use (`sig` or `enc`), when present.
    public var use: String? { members["use"]?.stringValue }

    static let privateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]

    /// Validates a public JWK: `kty` present; for `OKP` a known `crv` and a 32-byte `x`; for
    /// `EC` a known curve with `x` and `y` of the curve's length; for `RSA` `n` and `e`.
    public init(json: JSONValue) throws(DIDError) {
        guard let object = json.objectValue else { throw DIDError(.invalidJwk, "a JWK must be a JSON object") }
        for name in Self.privateMembers where object[name] != nil {
            throw DIDError(.invalidJwk, "the JWK contains the private member \"\(name)\"")
        }
        for member in object where member.key == "kty" || member.key == "crv" || member.key == "x" || member.key == "y" || member.key == "use" {
            guard member.value.stringValue != nil else { throw DIDError(.invalidJwk, "JWK member \"\(member.key)\" must be a string") }
        }
        self.members = object
        switch keyType {
        case "OKP":
            guard let curve, curve == "Ed25519" || curve == "X25519" else {
                throw DIDError(.invalidJwk, "unsupported OKP curve \(curve ?? "(none)")")
            }
            _ = try coordinate("x", length: 32)
        case "EC":
            let lengths = ["P-256": 32, "secp256k1": 32, "P-384": 48, "P-521": 66]
            guard let curve, let length = lengths[curve] else {
                throw DIDError(.invalidJwk, "unsupported EC curve \(curve ?? "(none)")")
            }
            let x = try coordinate("x", length: length), y = try coordinate("y", length: length)
            // RFC 7518 §6.2.1: the point must be on the curve (P-521 is kept by length only: it
            // cannot sign here).
            if curve != "P-521" { _ = try Self.ecKey(curve: curve, x: x, y: y) }
        case "RSA":
            guard let n = object["n"]?.stringValue, let e = object["e"]?.stringValue,
                  (try? Base64URL.decode(n)) != nil, (try? Base64URL.decode(e)) != nil else {
                throw DIDError(.invalidJwk, "an RSA JWK needs base64url members n and e")
            }
        case "":
            throw DIDError(.invalidJwk, "the JWK has no \"kty\"")
        default:
            throw DIDError(.invalidJwk, "unsupported key type \"\(keyType)\"")
        }
    }

    /// The OKP JWK of an Ed25519 public key (RFC 8037 §2).
    public init(ed25519 publicKey: Ed25519.PublicKey) {
        members = ["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(publicKey.rawRepresentation))]
    }

    /// The public JWK of a signing key: OKP Ed25519 (RFC 8037 §2) or EC with `crv` `P-256`,
    /// `P-384` or `secp256k1` and the affine coordinates `x`, `y` (RFC 7518 §6.2.1, RFC 8812 §3.1).
    public init(publicSigningKey key: PublicSigningKey) {
        switch key {
        case .ed25519(let edKey):
            self.init(ed25519: edKey)
        case .p256(let ecKey):
            self.init(uncheckedMembers: Self.ecMembers(curve: key.curveName, x: ecKey.x, y: ecKey.y))
        case .p384(let ecKey):
            self.init(uncheckedMembers: Self.ecMembers(curve: key.curveName, x: ecKey.x, y: ecKey.y))
        case .secp256k1(let ecKey):
            self.init(uncheckedMembers: Self.ecMembers(curve: key.curveName, x: ecKey.x, y: ecKey.y))
        }
    }

    private init(uncheckedMembers: JSONObject) { members = uncheckedMembers }

    private static func ecMembers(curve: String, x: [UInt8], y: [UInt8]) -> JSONObject {
        ["kty": "EC", "crv": .string(curve), "x": .string(Base64URL.encode(x)), "y": .string(Base64URL.encode(y))]
    }

    /// The OKP JWK of an X25519 public key (RFC 8037 §2), marked for encryption (`use: enc`).
    public init(x25519 publicKey: X25519.PublicKey, use: String? = "enc") {
        var object: JSONObject = ["kty": "OKP", "crv": "X25519"]
        if let use { object["use"] = .string(use) }
        object["x"] = .string(Base64URL.encode(publicKey.rawRepresentation))
        members = object
    }

    /// The JWK as a JSON object, its members in order.
    public var jsonValue: JSONValue { .object(members) }

    /// The Ed25519 public key, when this is an OKP key on Ed25519.
    public func ed25519PublicKey() throws(DIDError) -> Ed25519.PublicKey {
        guard keyType == "OKP", curve == "Ed25519" else {
            throw DIDError(.invalidVerificationMethod, "the JWK is not an Ed25519 key (kty \(keyType), crv \(curve ?? "-"))")
        }
        do { return try Ed25519.PublicKey(rawRepresentation: try coordinate("x", length: 32)) } catch {
            throw DIDError(.invalidJwk, "\(error)")
        }
    }

    /// The signing key: OKP `Ed25519`, or EC `P-256`, `P-384`, `secp256k1` (the point was checked
    /// to be on its curve when the JWK was made).
    ///
    /// - Throws: ``DIDError`` `invalidVerificationMethod` for a key that cannot sign here (X25519,
    ///   P-521, RSA); `invalidJwk` for malformed members.
    public func publicSigningKey() throws(DIDError) -> PublicSigningKey {
        switch (keyType, curve) {
        case ("OKP", "Ed25519"):
            return .ed25519(try ed25519PublicKey())
        case ("EC", "P-256"), ("EC", "P-384"), ("EC", "secp256k1"):
            let length = curve == "P-384" ? P384.privateKeyLength : P256.privateKeyLength
            return try Self.ecKey(curve: curve!, x: coordinate("x", length: length), y: coordinate("y", length: length))
        default:
            throw DIDError(.invalidVerificationMethod, "the JWK is not a signing key this library verifies (kty \(keyType), crv \(curve ?? "-"))")
        }
    }

    /// Parses EC coordinates on `curve` (`P-256`, `P-384` or `secp256k1`); a point off the curve is `invalidJwk`.
    private static func ecKey(curve: String, x: [UInt8], y: [UInt8]) throws(DIDError) -> PublicSigningKey {
        do throws(CryptoError) {
            switch curve {
            case "P-256": return .p256(try P256.PublicKey(x: x, y: y))
            case "P-384": return .p384(try P384.PublicKey(x: x, y: y))
            default: return .secp256k1(try Secp256k1.PublicKey(x: x, y: y))
            }
        } catch {
            throw DIDError(.invalidJwk, "the JWK's x and y are not a point on \(curve): \(error.message)")
        }
    }

    /// The X25519 public key, when this is an OKP key on X25519.
    public func x25519PublicKey() throws(DIDError) -> X25519.PublicKey {
        guard keyType == "OKP", curve == "X25519" else {
            throw DIDError(.invalidVerificationMethod, "the JWK is not an X25519 key")
        }
        do { return try X25519.PublicKey(rawRepresentation: try coordinate("x", length: 32)) } catch {
            throw DIDError(.invalidJwk, "\(error)")
        }
    }

    /// The RFC 7638 thumbprint: SHA-256 over the JCS form of the required members, base64url.
    public func thumbprint() -> String {
        let required: [String] = switch keyType {
        case "OKP": ["crv", "kty", "x"]
        case "EC": ["crv", "kty", "x", "y"]
        default: ["e", "kty", "n"]
        }
        var object = JSONObject()
        for name in required { object[name] = members[name] }
        // Required members are strings (checked at init), so canonicalisation cannot fail.
        let canonical = (try? JCS.canonicalize(.object(object))) ?? []
        return Base64URL.encode(SHA256.hash(canonical))
    }

    private func coordinate(_ name: String, length: Int) throws(DIDError) -> [UInt8] {
        guard let text = members[name]?.stringValue else { throw DIDError(.invalidJwk, "the JWK has no \"\(name)\"") }
        let bytes: [UInt8]
        do { bytes = try Base64URL.decode(text) } catch { throw DIDError(.invalidJwk, "JWK member \"\(name)\": \(error.message)") }
        guard bytes.count == length else {
            throw DIDError(.invalidJwk, "JWK member \"\(name)\" has \(bytes.count) bytes, expected \(length)")
        }
        return bytes
    }
}
