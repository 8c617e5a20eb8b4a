import ArgumentParser
import Foundation
import Keystore
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
            --recover, the phrase comes from --phrase-file FILE or standard input, and creating DIDs in \
            the same order yields the same DIDs. The passphrase (asked twice on a terminal) comes from \
            --passphrase-file, then $WALLET_PASSPHRASE, then a prompt.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "Argon2id cost: interactive, moderate (default) or sensitive.")
    var kdf: KDFPresetOption = .moderate

    @Flag(name: .long, help: "Rebuild the wallet from a recovery phrase.")
    var recover = false

    @Option(name: .long, help: ArgumentHelp("With --recover: read the phrase from this file ('-' or absent: standard input).", valueName: "file"))
    var phraseFile: String?

    func validate() throws {
        if phraseFile != nil && !recover { throw ValidationError("--phrase-file goes with --recover") }
    }

    func run() async throws {
        try await reportingErrors(json: options.json) {
            let directory = WalletSession.directory(options)
            var phrase: Mnemonic? = nil
            if recover {
                let bytes: [UInt8]
                if let phraseFile { bytes = try Secrets.readFile(phraseFile) }
                else if isatty(STDIN_FILENO) == 1 { bytes = Secrets.readHidden(prompt: "Recovery phrase: ") ?? [] }
                else { bytes = Array(FileHandle.standardInput.readDataToEndOfFile()) }
                do { phrase = try Mnemonic(phrase: String(decoding: bytes, as: UTF8.self)) } catch {
                    throw CLIError.invalid((error as? CryptoError)?.message ?? "\(error)", code: "invalidRecoveryPhrase")
                }
            }
            let passphrase = try Secrets.passphrase(file: options.passphraseFile, variable: "WALLET_PASSPHRASE",
                                                    prompt: "New wallet passphrase", confirm: true)
            let wallet = try await Wallet.create(at: directory, passphrase: passphrase, kdf: WalletSession.parameters(kdf), recoveryPhrase: phrase)
            defer { Task { await wallet.close() } }
            let words = recover ? nil : try await wallet.recoveryPhrase().withUnsafePhrase { String(decoding: $0, as: UTF8.self) }
            if options.json {
                var output: JSONObject = ["wallet": .string(directory.path), "kdf": .string(kdf.rawValue), "recovered": .bool(recover)]
                if let words { output["recoveryPhrase"] = .string(words) }
                Terminal.printJSON(.object(output))
            } else {
                Terminal.printLine("Created a wallet in \(directory.path) (KDF: Argon2id, \(kdf.rawValue)).")
                if let words {
                    Terminal.printLine("\nRecovery phrase — write these 24 words down and keep them offline; anyone who has them holds your keys:\n")
                    let list = words.split(separator: " ")
                    for row in stride(from: 0, to: list.count, by: 6) {
                        Terminal.printLine("  " + (row..<min(row + 6, list.count)).map { String(format: "%2d. %@", $0 + 1, String(list[$0]) as NSString) }.joined(separator: "  "))
                    }
                    Terminal.printLine("\nShow it again with `wallet recovery-phrase show`.")
                } else {
                    Terminal.printLine("Recovered from the phrase: create DIDs in the same order to get the same DIDs back.")
                }
            }
            await wallet.close()
        }
    }
}
