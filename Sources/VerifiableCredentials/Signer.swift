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
    public let verificationMethodId: String

    public init(privateKey: Ed25519.PrivateKey, verificationMethodId: String) {
        self.privateKey = privateKey
        self.verificationMethodId = verificationMethodId
    }

    public var publicKey: Ed25519.PublicKey { privateKey.publicKey }

    public func sign(_ message: [UInt8]) async throws -> Ed25519.Signature {
        privateKey.signature(for: message)
    }
}
