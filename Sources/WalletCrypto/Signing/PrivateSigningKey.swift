/// A private key that signs: one of the four key types of ``PublicSigningKey``.
///
/// The secret stays inside the wrapped key type (in ``SecureBytes``); this enum only chooses the
/// algorithm. Signatures come in the form ``PublicSigningKey/isValidSignature(_:for:)`` takes.
public enum PrivateSigningKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// An Ed25519 key (`EdDSA`).
    case ed25519(Ed25519.PrivateKey)
    /// A P-256 key (`ES256`).
    case p256(P256.PrivateKey)
    /// A P-384 key (`ES384`).
    case p384(P384.PrivateKey)
    /// A secp256k1 key (`ES256K`).
    case secp256k1(Secp256k1.PrivateKey)

    /// The matching public key.
    public var publicKey: PublicSigningKey {
        switch self {
        case .ed25519(let key): .ed25519(key.publicKey)
        case .p256(let key): .p256(key.publicKey)
        case .p384(let key): .p384(key.publicKey)
        case .secp256k1(let key): .secp256k1(key.publicKey)
        }
    }

    /// The algorithm of the signatures this key makes.
    public var algorithm: SignatureAlgorithm { publicKey.algorithm }

    /// Signs `message`: Ed25519 (RFC 8032, deterministic); ECDSA over SHA-256 / SHA-384 as
    /// `r || s` with the low S (RFC 6979 nonces for secp256k1).
    ///
    /// - Throws: ``CryptoError`` — none of today's key types fails once constructed; the
    ///   signature is `throws` so that a hardware-backed key can report a failure.
    public func signature(for message: [UInt8]) throws(CryptoError) -> [UInt8] {
        switch self {
        case .ed25519(let key): key.signature(for: message).rawRepresentation
        case .p256(let key): key.signature(for: message).rawRepresentation
        case .p384(let key): key.signature(for: message).rawRepresentation
        case .secp256k1(let key): key.signature(for: message).rawRepresentation
        }
    }

    /// The public key only; the secret is redacted.
    public var description: String { "PrivateSigningKey(\(publicKey), secret: redacted)" }
    /// The same redacted text as ``description``.
    public var debugDescription: String { description }
    /// An empty mirror, so `dump()` shows no secret.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}
