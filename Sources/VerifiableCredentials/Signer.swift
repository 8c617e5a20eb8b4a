public import WalletCrypto

/// Something that signs with the key of one verification method: a key in the wallet's
/// keystore, a key in memory, later a hardware module. Securing mechanisms need only this.
///
/// The key's type fixes the algorithm (`PublicSigningKey/algorithm`): a JOSE header gets the
/// `alg` of ``publicKey``, a cryptosuite checks that the key is of a type it signs with. The
/// private key never crosses this interface.
public protocol Signer: Sendable {
    /// The DID URL of the verification method whose key signs (a JOSE `kid`, a Data Integrity
    /// `verificationMethod`).
    var verificationMethodId: String { get }
    /// The public key that verifies the signatures; its type fixes the algorithm.
    var publicKey: PublicSigningKey { get }
    /// Signs `message` with the algorithm of ``publicKey``: Ed25519 `R || S` (RFC 8032), or ECDSA
    /// `r || s` over SHA-256 (P-256, secp256k1) or SHA-384 (P-384), low S (RFC 7518 §3.4).
    func sign(_ message: [UInt8]) async throws -> [UInt8]
}

extension Signer {
    /// The algorithm of the signatures: that of ``publicKey``.
    public var algorithm: SignatureAlgorithm { publicKey.algorithm }
}

/// A signer over a private key held in memory (in `sodium_malloc`'d memory).
public struct InMemorySigner: Signer {
    private let privateKey: PrivateSigningKey
    /// The DID URL of the verification method this key stands for.
    public let verificationMethodId: String

    /// A signer over `privateKey` for the method `verificationMethodId`; the caller keeps them consistent.
    public init(privateKey: PrivateSigningKey, verificationMethodId: String) {
        self.privateKey = privateKey
        self.verificationMethodId = verificationMethodId
    }

    /// A signer over an Ed25519 `privateKey` for the method `verificationMethodId`.
    public init(privateKey: Ed25519.PrivateKey, verificationMethodId: String) {
        self.init(privateKey: .ed25519(privateKey), verificationMethodId: verificationMethodId)
    }

    /// The public key of the held private key.
    public var publicKey: PublicSigningKey { privateKey.publicKey }

    /// Signs `message` with the key's algorithm; never fails for the key types of today.
    public func sign(_ message: [UInt8]) async throws -> [UInt8] {
        try privateKey.signature(for: message)
    }
}
