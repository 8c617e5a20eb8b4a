public import WalletCrypto

/// Something that signs with the key of one verification method: a key in the wallet's
/// keystore, a key in memory, later a hardware module. Securing mechanisms need only this.
///
/// The private key never crosses this interface.
public protocol Signer: Sendable {
    /// The DID URL of the verification method whose key signs (a JOSE `kid`, a Data Integrity
    /// `verificationMethod`).
    var verificationMethodId: String { get }
    /// The public key that verifies the signatures.
    var publicKey: Ed25519.PublicKey { get }
    /// Signs `message` with Ed25519 (JOSE `alg` `EdDSA`).
    func sign(_ message: [UInt8]) async throws -> Ed25519.Signature
}

/// A signer over a private key held in memory (in `sodium_malloc`'d memory).
public struct InMemorySigner: Signer {
    private let privateKey: Ed25519.PrivateKey
    /// The DID URL of the verification method this key stands for.
    public let verificationMethodId: String

    /// A signer over `privateKey` for the method `verificationMethodId`; the caller keeps them consistent.
    public init(privateKey: Ed25519.PrivateKey, verificationMethodId: String) {
        self.privateKey = privateKey
        self.verificationMethodId = verificationMethodId
    }

    /// The public key of the held private key.
    public var publicKey: Ed25519.PublicKey { privateKey.publicKey }

    /// Signs `message` with Ed25519 (RFC 8032); never fails.
    public func sign(_ message: [UInt8]) async throws -> Ed25519.Signature {
        privateKey.signature(for: message)
    }
}
