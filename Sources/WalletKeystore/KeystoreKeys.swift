import WalletCrypto

/// The keys of an unlocked keystore, all in secure memory: the data key and the subkeys derived
/// from it by HMAC-SHA-256 with distinct labels (docs/keystore-format.md §3).
struct KeystoreKeys: Sendable {
    /// Seals records (XChaCha20-Poly1305).
    let sealKey: SecureBytes
    /// Computes blind indexes of searchable fields.
    let indexKey: SecureBytes
    /// Computes per-record tags for the per-kind manifests.
    let manifestKey: SecureBytes
    /// Authenticates the commitment over all manifests.
    let commitmentKey: SecureBytes

    init(dataKey: SecureBytes) {
        func derive(_ label: String) -> SecureBytes {
            dataKey.withUnsafeBytes { HMACSHA256.secureAuthenticationCode(for: Array(label.utf8), key: $0) }
        }
        sealKey = derive("swift-did-wallet/v1/record-seal")
        indexKey = derive("swift-did-wallet/v1/blind-index")
        manifestKey = derive("swift-did-wallet/v1/manifest")
        commitmentKey = derive("swift-did-wallet/v1/commitment")
    }
}
