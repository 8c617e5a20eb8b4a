public import VerifiableCredentials
public import WalletCrypto

/// A `Signer` over a key stored in the wallet: every signature is made inside the `Wallet`
/// actor, and the private key never leaves it.
public struct StoredKeySigner: Signer {
    let wallet: Wallet
    public let keyId: String
    public let verificationMethodId: String
    public let publicKey: Ed25519.PublicKey

    public func sign(_ message: [UInt8]) async throws -> Ed25519.Signature {
        try await wallet.sign(message, withKey: keyId)
    }
}
