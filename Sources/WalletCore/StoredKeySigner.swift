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
    /// The key's public key (an Ed25519 key: the wallet stores Ed25519 keys).
    public let publicKey: PublicSigningKey

    /// A signer over the stored Ed25519 key `keyId`.
    init(wallet: Wallet, keyId: String, verificationMethodId: String, publicKey: Ed25519.PublicKey) {
        self.wallet = wallet
        self.keyId = keyId
        self.verificationMethodId = verificationMethodId
        self.publicKey = .ed25519(publicKey)
    }

    /// Signs `message` inside the wallet actor with the stored key (Ed25519, `R || S`).
    ///
    /// - Throws: ``WalletError`` when the wallet is locked or the key is missing or damaged.
    public func sign(_ message: [UInt8]) async throws -> [UInt8] {
        try await wallet.sign(message, withKey: keyId).rawRepresentation
    }
}
