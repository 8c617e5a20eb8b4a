import WalletCLISupport
import ArgumentParser
import StrictJSON
import DIDCore
import WalletCore
import WalletCrypto

/// `wallet recovery-phrase show`.
struct RecoveryPhraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery-phrase",
        abstract: "Show the wallet's recovery phrase (needs the passphrase and a confirmation).",
        subcommands: [Show.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the 24-word recovery phrase.")
        @OptionGroup var options: GlobalOptions
        @Flag(name: .long, help: "Skip the confirmation (for scripts).") var yes = false

        func run() async throws {
            try await reportingErrors(json: options.json) {
                guard yes || Secrets.confirm("The recovery phrase gives full control of every key. Show it?") else {
                    throw CLIError.usage("showing the recovery phrase needs confirmation: pass --yes")
                }
                try await WalletSession.withWallet(options) { wallet in
                    let words = try await wallet.recoveryPhrase()
                    if options.json { try PhraseOutput.writeJSON([:], words) } else { try PhraseOutput.writeLine(words) }
                }
            }
        }
    }
}
