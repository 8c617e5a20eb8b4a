public import Foundation

/// A public key that verifies signatures: one of the four key types the wallet knows.
///
/// The key's type fixes its ``algorithm``; verification takes the signature in the form JOSE uses
/// (Ed25519 `R || S`, RFC 8032 §5.1.6; ECDSA the fixed-width `r || s`, RFC 7518 §3.4). Keys are
/// validated when they are parsed (ECDSA points on their curve; Ed25519 keys by length, with
/// small-order keys refused by every verification).
public enum PublicSigningKey: Hashable, Sendable, CustomStringConvertible {
    /// An Ed25519 key (`EdDSA`).
    case ed25519(Ed25519.PublicKey)
    /// A P-256 key (`ES256`).
    case p256(P256.PublicKey)
    /// A P-384 key (`ES384`).
    case p384(P384.PublicKey)
    /// A secp256k1 key (`ES256K`).
    case secp256k1(Secp256k1.PublicKey)

    /// The one algorithm this key verifies.
    public var algorithm: SignatureAlgorithm {
        switch self {
        case .ed25519: .eddsa
        case .p256: .es256
        case .p384: .es384
        case .secp256k1: .es256k
        }
    }

    /// The key type's name, for messages: `Ed25519`, `P-256`, `P-384`, `secp256k1` (the JWK `crv` names).
    public var curveName: String {
        switch self {
        case .ed25519: "Ed25519"
        case .p256: "P-256"
        case .p384: "P-384"
        case .secp256k1: "secp256k1"
        }
    }

    /// The Ed25519 key, when this is one.
    public var ed25519: Ed25519.PublicKey? {
        if case .ed25519(let key) = self { return key }
        return nil
    }

    /// The key's compact encoding: the 32 raw bytes of an Ed25519 key, the SEC 1 compressed point
    /// of an ECDSA key (what a Multikey holds after its multicodec prefix).
    public var compactRepresentation: [UInt8] {
        switch self {
        case .ed25519(let key): key.rawRepresentation
        case .p256(let key): key.compressedRepresentation
        case .p384(let key): key.compressedRepresentation
        case .secp256k1(let key): key.compressedRepresentation
        }
    }

    /// Whether `signature` is valid over `message` (any contiguous bytes, read in place): Ed25519 per RFC 8032 (libsodium's strict
    /// checks); ECDSA `r || s` over SHA-256 (P-256, secp256k1) or SHA-384 (P-384). secp256k1
    /// requires low S; P-256 and P-384 accept either S (decision 0025).
    public func isValidSignature(_ signature: [UInt8], for message: some ContiguousBytes) -> Bool {
        switch self {
        case .ed25519(let key): key.isValidSignature(signature, for: message)
        case .p256(let key): key.isValidSignature(signature, for: message)
        case .p384(let key): key.isValidSignature(signature, for: message)
        case .secp256k1(let key): key.isValidSignature(signature, for: message, lowS: .required)
        }
    }

    /// Verifies as ``isValidSignature(_:for:)`` does, naming the failure: `invalidSignatureLength`,
    /// `signatureNotLowS` (a secp256k1 signature that would verify with n − s), or `invalidSignature`.
    public func verify(_ signature: [UInt8], for message: some ContiguousBytes) throws(CryptoError) {
        guard signature.count == algorithm.signatureLength else {
            throw CryptoError(.invalidSignatureLength, "an \(algorithm) signature has \(algorithm.signatureLength) bytes, got \(signature.count)")
        }
        switch self {
        case .secp256k1(let key):
            try key.verify(Secp256k1.Signature(uncheckedBytes: signature), for: message, lowS: .required)
        default:
            guard isValidSignature(signature, for: message) else {
                throw CryptoError(.invalidSignature, "the \(algorithm) signature does not verify")
            }
        }
    }

    /// The key type and its compact encoding in hex, for logs.
    public var description: String { "\(curveName) \(Hex.encode(compactRepresentation))" }
}
