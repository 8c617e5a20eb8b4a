import WalletCLISupport
import ArgumentParser
import WalletCore

/// `--ed25519 N --p256 N --secp256k1 N`: how many keys of each type a recovery re-derives
/// (security requirement 46), for `wallet init --recover` and `wallet key rebuild`.
struct KeyRebuildCounts: ParsableArguments {
    @Option(name: .customLong("ed25519"), help: ArgumentHelp("Ed25519 keys wanted in all.", valueName: "n")) var ed25519: UInt32?
    @Option(name: .customLong("p256"), help: ArgumentHelp("P-256 keys wanted in all.", valueName: "n")) var p256: UInt32?
    @Option(name: .customLong("secp256k1"), help: ArgumentHelp("secp256k1 keys wanted in all.", valueName: "n")) var secp256k1: UInt32?

    /// The counts given, by key type (absent types are not in the dictionary).
    var counts: [KeyType: UInt32] {
        var counts: [KeyType: UInt32] = [:]
        counts[.ed25519] = ed25519
        counts[.p256] = p256
        counts[.secp256k1] = secp256k1
        return counts
    }

    func validate() throws {
        for count in counts.values where count > Wallet.maximumRebuildCount {
            throw ValidationError("at most \(Wallet.maximumRebuildCount) keys of a type are rebuilt at once")
        }
    }
}
