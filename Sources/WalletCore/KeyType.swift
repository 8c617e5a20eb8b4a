import WalletCrypto

/// The type of a wallet key: its curve, and so its signature algorithm and derivation scheme
/// (decision 0024). Every type derives from the same recovery phrase, with its own counter.
public enum KeyType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Ed25519 (`EdDSA`), SLIP-0010 at `m/7337'/0'/n'`: the default for everything the wallet creates.
    case ed25519
    /// P-256 (`ES256`), SLIP-0010 `nist256p1` at `m/7337'/0'/n'`.
    case p256
    /// secp256k1 (`ES256K`), BIP-32 on the Ethereum path `m/44'/60'/0'/0/n` (the address an
    /// Ethereum wallet shows for account n of the same phrase; did:nda).
    case secp256k1

    /// The name used on the command line and in key records (`ed25519`, `p256`, `secp256k1`).
    public var description: String { rawValue }

    /// The derivation path of the `index`-th key of this type.
    public func derivationPath(index: UInt32) -> String {
        switch self {
        case .ed25519, .p256: "m/7337'/0'/\(index)'"
        case .secp256k1: "m/44'/60'/0'/0/\(index)"
        }
    }

    /// The wallet key id of the `index`-th key: `key-<n>` for Ed25519 (as before key types
    /// existed), `key-p256-<n>` and `key-secp256k1-<n>` for the others.
    func keyId(index: UInt32) -> String {
        self == .ed25519 ? "key-\(index)" : "key-\(rawValue)-\(index)"
    }

    /// The metadata field holding this type's next index. Ed25519 keeps the field wallets have
    /// always had; the others are absent (0) until their first key.
    var counterField: String {
        switch self {
        case .ed25519: "nextKeyIndex"
        case .p256: "nextP256KeyIndex"
        case .secp256k1: "nextSecp256k1KeyIndex"
        }
    }

    /// Sort order between types (Ed25519 first).
    var order: Int { Self.allCases.firstIndex(of: self)! }
}
