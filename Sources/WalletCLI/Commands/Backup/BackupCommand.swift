import WalletCLISupport
import ArgumentParser
import Foundation
import WalletKeystore
import StrictJSON
import DIDCore
import WalletCore
import WalletCrypto

/// `wallet backup export|import`.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Export the wallet to one encrypted file, or restore one into a new wallet.",
        subcommands: [Export.self, Import.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write every record to one authenticated, passphrase-encrypted file.",
            discussion: "The backup passphrase comes from --backup-passphrase-file, then $WALLET_BACKUP_PASSPHRASE, then a prompt (asked twice)."
        )
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: ArgumentHelp("The backup file to write (mode 0600).", valueName: "file")) var out: String
        @Option(name: .long, help: ArgumentHelp("Read the backup passphrase from this file.", valueName: "file")) var backupPassphraseFile: String?
        @Option(name: .long, help: "The Argon2id cost of the backup file.") var kdf: KDFPresetOption = .moderate
        @Flag(name: .long, help: "Write an UNENCRYPTED JSON file instead (anyone who reads it holds every key).") var unsafePlaintext = false
        @Flag(name: .long, help: "Overwrite an existing file.") var force = false
        @Flag(name: .long, help: ArgumentHelp("Accept a backup passphrase below the strength floor (docs/security.md, item 41).")) var weakPassphraseOk = false

        func run() async throws {
            try await reportingErrors(json: options.json) {
                if !force { try PrivateFile.refuseExisting(out) }
                try await WalletSession.withWallet(options) { wallet in
                    let bytes: [UInt8]
                    if unsafePlaintext {
                        Terminal.printWarning("writing an UNENCRYPTED backup: anyone who reads \(out) holds every key")
                        bytes = try await wallet.exportUnsafePlaintextBackup()
                    } else {
                        let passphrase = try Secrets.passphrase(file: backupPassphraseFile, variable: "WALLET_BACKUP_PASSPHRASE",
                                                                prompt: "Backup passphrase", confirm: true)
                        bytes = try await WalletSession.withKDFSpinner(options, parameters: WalletSession.parameters(kdf)) {
                            try await wallet.exportBackup(passphrase: passphrase, kdf: WalletSession.parameters(kdf), allowingWeakPassphrase: weakPassphraseOk)
                        }
                    }
                    let records = try await wallet.dids().count
                    try PrivateFile.write(bytes, to: out, replacing: force)
                    if options.json {
                        Terminal.printJSON(["file": .string(out), "bytes": .number(JSONNumber(bytes.count)), "encrypted": .bool(!unsafePlaintext),
                                            "dids": .number(JSONNumber(records))])
                    } else {
                        Terminal.printLine("Wrote \(unsafePlaintext ? "an unencrypted" : "an encrypted") backup to \(out) (\(bytes.count) bytes).")
                    }
                }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Restore a backup into a new wallet (never over an existing one without --force).",
            discussion: """
                The backup passphrase comes from --backup-passphrase-file, then $WALLET_BACKUP_PASSPHRASE, then a prompt; \
                the new wallet's passphrase from --passphrase-file, then $WALLET_PASSPHRASE, then a prompt.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The backup file.") var file: String
        @Option(name: .long, help: ArgumentHelp("Read the backup passphrase from this file.", valueName: "file")) var backupPassphraseFile: String?
        @Option(name: .long, help: "Argon2id cost of the new wallet.") var kdf: KDFPresetOption = .moderate
        @Flag(name: .long, help: "Replace an existing wallet.") var force = false

        func run() async throws {
            try await reportingErrors(json: options.json) {
                let bytes = try BoundedInput.read(file, limit: .backup)
                let directory = WalletSession.directory(options)
                let backupPassphrase = KeystoreBackup.isSealedBackup(bytes)
                    ? try Secrets.passphrase(file: backupPassphraseFile, variable: "WALLET_BACKUP_PASSPHRASE", prompt: "Backup passphrase")
                    : nil
                if FileManager.default.fileExists(atPath: WalletLocation.databaseURL(in: directory).path) && !force {
                    throw CLIError.invalid("a wallet already exists at \(directory.path); use --force to replace it", code: "alreadyExists")
                }
                let passphrase = try Secrets.passphrase(file: options.passphraseFile, variable: "WALLET_PASSPHRASE",
                                                        prompt: "New wallet passphrase", confirm: true)
                let wallet = try await WalletSession.withKDFSpinner(options, parameters: WalletSession.parameters(kdf)) {
                    try await Wallet.importBackup(bytes, backupPassphrase: backupPassphrase, into: directory, passphrase: passphrase,
                                                  kdf: WalletSession.parameters(kdf), replacingExisting: force)
                }
                let (dids, keys) = try await WalletSession.closing(wallet) { wallet in (try await wallet.dids(), try await wallet.keys()) }
                if options.json {
                    Terminal.printJSON(["wallet": .string(directory.path), "dids": .array(dids.map { .string($0.did.description) }),
                                        "keys": .number(JSONNumber(keys.count))])
                } else {
                    Terminal.printLine("Restored \(dids.count) DIDs and \(keys.count) keys into \(directory.path).")
                }
            }
        }
    }
}
