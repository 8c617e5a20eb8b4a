import WalletCLISupport
import ArgumentParser
import Foundation
import WalletKeystore
import StrictJSON
import WalletCore
import WalletCrypto

/// `wallet init`: creates an encrypted wallet with a new (or recovered) recovery phrase.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a wallet, or rebuild one from its recovery phrase (--recover).",
        discussion: """
            A new wallet gets a 24-word BIP-39 recovery phrase, printed once: write it down. With \
            --recover, the phrase comes from --phrase-file FILE or standard input, and --ed25519 N, --p256 N \
            and --secp256k1 N re-derive the first N keys of each type in the same step (or later with \
            `wallet key rebuild`); creating DIDs for those keys in the same order yields the same DIDs. \
            The passphrase (asked twice on a terminal) comes from \
            --passphrase-file, then $WALLET_PASSPHRASE, then a prompt.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "The Argon2id cost of the wallet key.")
    var kdf: KDFPresetOption = .moderate

    @Flag(name: .long, help: "Rebuild the wallet from a recovery phrase.")
    var recover = false

    @Option(name: .long, help: ArgumentHelp("With --recover: read the phrase from this file ('-' or absent: standard input).", valueName: "file"))
    var phraseFile: String?

    @OptionGroup var rebuild: KeyRebuildCounts

    func validate() throws {
        if phraseFile != nil && !recover { throw ValidationError("--phrase-file goes with --recover") }
        if !rebuild.counts.isEmpty && !recover { throw ValidationError("--ed25519, --p256 and --secp256k1 go with --recover") }
    }

    func run() async throws {
        try await reportingErrors(json: options.json) {
            let directory = WalletSession.directory(options)
            if let mode = try WalletDirectory.prepare(directory) {
                Terminal.printWarning("\(directory.path) had mode \(String(mode, radix: 8)); changed it to 700 (a wallet directory is private)")
            }
            var phrase: Mnemonic? = nil
            if recover {
                let secret: SecureBytes
                if let phraseFile { secret = try Secrets.readSecretFile(phraseFile, what: "recovery phrase") }
                else if isatty(STDIN_FILENO) == 1 { secret = Secrets.readHiddenSecret(prompt: "Recovery phrase: ") ?? SecureBytes(count: 0) { _ in } }
                else { secret = try Secrets.readSecretFile("-", what: "recovery phrase") }
                do throws(CryptoError) { phrase = try Mnemonic(phrase: secret) } catch {
                    throw CLIError.invalid(error.message, code: "invalidRecoveryPhrase")
                }
            }
            let passphrase = try Secrets.passphrase(file: options.passphraseFile, variable: "WALLET_PASSPHRASE",
                                                    prompt: "New wallet passphrase", confirm: true)
            let wallet = try await WalletSession.withKDFSpinner(options, parameters: WalletSession.parameters(kdf)) {
                try await Wallet.create(at: directory, passphrase: passphrase, kdf: WalletSession.parameters(kdf), recoveryPhrase: phrase)
            }
            try await WalletSession.closing(wallet) { wallet in
                let words = recover ? nil : try await wallet.recoveryPhrase()
                let rebuilt = rebuild.counts.isEmpty ? [] : try await wallet.rebuildKeys(rebuild.counts)
                if options.json {
                    var output: JSONObject = ["wallet": .string(directory.path), "kdf": .string(kdf.rawValue), "recovered": .bool(recover)]
                    if recover { output["keys"] = .array(rebuilt.map(\.jsonValue)) }
                    if let words { try PhraseOutput.writeJSON(output, words) } else { Terminal.printJSON(.object(output)) }
                } else {
                    Terminal.printLine("Created a wallet in \(directory.path) (KDF: Argon2id, \(kdf.rawValue)).")
                    if let words {
                        Terminal.printLine("\nRecovery phrase — write these \(words.wordCount) words down and keep them offline; anyone who has them holds your keys:\n")
                        try PhraseOutput.writeNumbered(words)
                        Terminal.printLine("\nShow it again with `wallet recovery-phrase show`.")
                    } else if rebuilt.isEmpty {
                        Terminal.printLine("Recovered from the phrase: `wallet key rebuild --ed25519 N --p256 N --secp256k1 N` re-derives the keys; DIDs created for them in the same order come back the same.")
                    } else {
                        Terminal.printLine("Recovered from the phrase; re-derived \(rebuilt.count) key\(rebuilt.count == 1 ? "" : "s"):")
                        rebuilt.forEach { Terminal.printLine(KeyCommand.render($0)) }
                    }
                }
            }
        }
    }
}
