public import WalletCrypto

/// The named presets of `wallet init --kdf`, mapped to libsodium's limits.
public enum KDFPreset: String, Sendable, CaseIterable, Hashable {
    /// libsodium's `INTERACTIVE` limits: 2 passes, 64 MiB.
    case interactive
    /// libsodium's `MODERATE` limits: 3 passes, 256 MiB (the default).
    case moderate
    /// libsodium's `SENSITIVE` limits: 4 passes, 1 GiB.
    case sensitive

    /// The Argon2id parameters of the preset.
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
