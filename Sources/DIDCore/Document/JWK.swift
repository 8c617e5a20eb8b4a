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
            _ = try coordinate("x", length: length)
            _ = try coordinate("y", length: length)
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
