public import VerifiableCredentials
public import WalletCrypto

/// A `Signer` over a key stored in the wallet, of any type (Ed25519, P-256, secp256k1): every
/// signature is made inside the `Wallet` actor, and the private key never leaves it.
public struct StoredKeySigner: Signer {
    let wallet: Wallet
    /// The id of the wallet key that signs.
    public let keyId: String
    /// The DID URL of the verification method the key stands for.
    public let verificationMethodId: String
    /// The key's public key; its type fixes the algorithm (`EdDSA`, `ES256`, `ES256K`).
    public let publicKey: PublicSigningKey

    /// Signs `message` inside the wallet actor with the stored key, in the key's algorithm
    /// (Ed25519 `R || S`; ECDSA `r || s` over SHA-256, low S, RFC 6979 nonces for secp256k1).
    ///
    /// - Throws: ``WalletError`` when the wallet is locked or the key is missing or damaged.
    public func sign(_ message: [UInt8]) async throws -> [UInt8] {
        try await wallet.signature(for: message, withKey: keyId)
    }
}
