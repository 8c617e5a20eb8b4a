import WalletCLISupport
import ArgumentParser
import StrictJSON
import DIDCore
import WalletCore
import WalletCrypto

/// `wallet passphrase change`.
struct PassphraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passphrase",
        abstract: "Change the wallet passphrase.",
        subcommands: [Change.self]
    )

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Change the passphrase: re-wraps the 32-byte data key; records stay as they are.",
            discussion: "The new passphrase comes from --new-passphrase-file, then $WALLET_NEW_PASSPHRASE, then a prompt (asked twice)."
        )

        @OptionGroup var options: GlobalOptions

        @Option(name: .long, help: ArgumentHelp("Read the new passphrase from this file.", valueName: "file"))
        var newPassphraseFile: String?

        @Option(name: .long, help: "Also change the Argon2id cost: interactive, moderate or sensitive.")
        var kdf: KDFPresetOption?

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.closing(try Wallet.open(at: WalletSession.directory(options))) { wallet in
                    let old = try Secrets.passphrase(file: options.passphraseFile, variable: "WALLET_PASSPHRASE", prompt: "Current passphrase")
                    let new = try Secrets.passphrase(file: newPassphraseFile, variable: "WALLET_NEW_PASSPHRASE", prompt: "New passphrase", confirm: true)
                    // The old and the new cost are both paid: a spinner when either is sensitive.
                    let current = await wallet.kdfParameters
                    let next = kdf.map(WalletSession.parameters) ?? current
                    let costlier = next.memLimit >= current.memLimit ? next : current
                    try await WalletSession.withKDFSpinner(options, parameters: costlier) {
                        try await wallet.changePassphrase(from: old, to: new, kdf: kdf.map(WalletSession.parameters))
                    }
                }
                if options.json { Terminal.printJSON(["changed": true]) } else { Terminal.printLine("Passphrase changed.") }
            }
        }
    }
}
