import ArgumentParser
import Foundation
import WalletCLISupport
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
        subcommands: [InitCommand.self, DIDCommand.self, KeyCommand.self, VCCommand.self, VPCommand.self, ReceiveCommand.self, PresentCommand.self, ContextCommand.self, StatusCommand.self, LogCommand.self, PassphraseCommand.self, BackupCommand.self, RecoveryPhraseCommand.self, ServeEntry.self, OfferEntry.self, RequestEntry.self]
    )

    /// Turns core dumps off before anything else runs (security requirement 41), hands the
    /// server commands to `wallet-serve` (decision 0038), then parses and runs the command, every
    /// failure reported one way (``CommandLineEntry``, docs/cli.md "Errors").
    static func main() async {
        ProcessHardening.disableCoreDumps()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if ServerExecutable.handles(arguments) { ServerExecutable.run(arguments) }
        await CommandLineEntry.run(Self.self, arguments: arguments)
    }
}

