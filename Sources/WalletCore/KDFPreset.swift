public import WalletCrypto

/// The named presets of `wallet init --kdf`, mapped to libsodium's limits.
public enum KDFPreset: String, Sendable, CaseIterable, Hashable {
    case interactive
    case moderate
    case sensitive

    public var parameters: Argon2id.Parameters {
        switch self {
        case .interactive: .interactive
        case .moderate: .moderate
        case .sensitive: .sensitive
        }
    }

    /// The default: `moderate`.
    public static let `default` = KDFPreset.moderate
}
