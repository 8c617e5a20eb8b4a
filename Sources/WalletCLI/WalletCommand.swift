import ArgumentParser
import WalletCrypto

/// The `wallet` command: DIDs and verifiable credentials from the terminal and from scripts.
///
/// Exit codes (docs/cli.md): 0 success or valid, 1 checked and invalid or not resolvable,
/// 2 could not run (I/O, unreadable input), 64 usage error.
@main
struct WalletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "A decentralized identity wallet: DIDs, keys and verifiable credentials.",
        discussion: """
            Exit codes: 0 success, 1 checked and invalid (or not resolvable), 2 could not run, 64 usage error.
            Shell completion: wallet --generate-completion-script bash|zsh|fish
            """,
        version: WalletVersion.current,
        subcommands: [InitCommand.self, DIDCommand.self, KeyCommand.self, VCCommand.self, VPCommand.self, StatusCommand.self, LogCommand.self, PassphraseCommand.self, BackupCommand.self, RecoveryPhraseCommand.self]
    )

    /// Turns core dumps off before anything else runs (security requirement 41), then parses
    /// and runs the command as swift-argument-parser would.
    static func main() async {
        ProcessHardening.disableCoreDumps()
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// The release version, printed by `wallet --version`.
enum WalletVersion {
    static let current = "0.1.0"
}
