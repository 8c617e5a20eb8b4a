package import Foundation
package import StrictJSON
package import WalletCore
package import WalletCrypto

/// Opening and unlocking the wallet a command works on.
package enum WalletSession {
    package static func directory(_ options: GlobalOptions) -> URL {
        // Only the variables the location needs: `ProcessInfo.environment` would copy every
        // variable — `WALLET_PASSPHRASE` too — into `String`s that nothing wipes.
        let names = ["WALLET_HOME", "XDG_DATA_HOME", "HOME"]
        let environment = Dictionary(uniqueKeysWithValues: names.compactMap { name in getenv(name).map { (name, String(cString: $0)) } })
        return WalletLocation.directory(explicit: options.wallet, environment: environment)
    }

    /// Opens the wallet and unlocks it with the passphrase from the usual sources; warns on
    /// stderr when its files are readable by others. If unlocking fails the wallet is closed
    /// before the error propagates. Prefer ``withWallet(_:_:)``, which also closes it afterwards.
    package static func unlocked(_ options: GlobalOptions) async throws -> Wallet {
        let directory = directory(options)
        for warning in WalletLocation.permissionWarnings(for: directory) { Terminal.printWarning(warning) }
        let wallet = try Wallet.open(at: directory)
        do {
            let passphrase = try Secrets.passphrase(file: options.passphraseFile, variable: "WALLET_PASSPHRASE", prompt: "Wallet passphrase")
            try await withKDFSpinner(options, parameters: await wallet.kdfParameters) { try await wallet.unlock(passphrase) }
        } catch {
            await wallet.close()
            throw error
        }
        return wallet
    }

    /// Runs `body` with the unlocked wallet and closes it on every path — after `body` returns
    /// and when it (or unlocking) throws — before the error propagates.
    package static func withWallet<T>(_ options: GlobalOptions, _ body: (Wallet) async throws -> T) async throws -> T {
        try await closing(try await unlocked(options), body)
    }

    /// Runs `body` with `wallet` (already open) and closes it on every path.
    package static func closing<T>(_ wallet: Wallet, _ body: (Wallet) async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body(wallet)
        } catch {
            await wallet.close()
            throw error
        }
        await wallet.close()
        return result
    }

    /// Runs `body` — work that derives a key with `parameters` — under a spinner on the terminal
    /// when they are at least the `sensitive` preset's (seconds of Argon2id), unless `--quiet`.
    package static func withKDFSpinner<T>(_ options: GlobalOptions, parameters: Argon2id.Parameters, _ body: () async throws -> T) async throws -> T {
        TerminalProgress.silence(options.quiet)
        guard parameters.memLimit >= KDFPreset.sensitive.parameters.memLimit else { return try await body() }
        return try await TerminalProgress.spinning("Deriving the wallet key (Argon2id, sensitive)…", body)
    }

    package static func parameters(_ preset: KDFPresetOption) -> Argon2id.Parameters {
        KDFPreset(rawValue: preset.rawValue)!.parameters
    }

    /// Deletes something after a confirmation (`--yes`, or "yes" typed on a terminal), then
    /// reports it: the delete commands of `did`, `key` and `vc`.
    package static func deleteConfirmed(_ options: GlobalOptions, yes: Bool, target: String, question: String,
                                _ delete: (Wallet) async throws -> Void) async throws {
        try await reportingErrors(json: options.json) {
            guard yes || Secrets.confirm(question) else {
                throw CLIError.usage("deleting needs confirmation: pass --yes")
            }
            try await withWallet(options) { wallet in try await delete(wallet) }
            if options.json { Terminal.printJSON(["deleted": .string(target)]) } else { Terminal.printLine("Deleted \(target).") }
        }
    }
}
