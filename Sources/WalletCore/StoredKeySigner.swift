public import VerifiableCredentials
public import WalletCrypto

/// A `Signer` over a key stored in the wallet: every signature is made inside the `Wallet`
/// actor, and the private key never leaves it.
public struct StoredKeySigner: Signer {
    let wallet: Wallet
    /// The id of the wallet key that signs.
    public let keyId: String
    /// The DID URL of the verification method the key stands for.
    public let verificationMethodId: String
    /// The key's public key.
    public let publicKey: Ed25519.PublicKey

    /// Signs `message` inside the wallet actor with the stored key.
    ///
    /// - Throws: ``WalletError`` when the wallet is locked or the key is missing or damaged.
    public func sign(_ message: [UInt8]) async throws -> Ed25519.Signature {
        try await wallet.sign(message, withKey: keyId)
    }
}
