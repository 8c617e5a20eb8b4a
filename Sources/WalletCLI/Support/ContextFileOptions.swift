import WalletCLISupport
import ArgumentParser
import Foundation
import JSONLD
import StrictJSON
import VerifiableCredentials
import WalletCore

/// `--context-file URL=FILE` (repeatable), on `vc issue`, `vc verify`, `vp create` and
/// `vp verify`: JSON-LD contexts pinned for one run, read through ``BoundedInput`` (decision 0021).
struct ContextFileOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Pin a JSON-LD context for this run: the URL credentials name and a file holding its document, split at the first '=' (repeatable). Its SHA-256 is reported.",
        valueName: "url=file"))
    var contextFile: [String] = []

    func validate() throws {
        for entry in contextFile {
            guard let (url, file) = Self.split(entry), !url.isEmpty, !file.isEmpty else {
                throw ValidationError("--context-file \(entry): expected URL=FILE")
            }
        }
    }

    /// `URL=FILE` at the first `=`.
    static func split(_ entry: String) -> (url: String, file: String)? {
        guard let equals = entry.firstIndex(of: "=") else { return nil }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }

    /// The pinned contexts, each file read with the context limit (1 MiB) and checked to be a
    /// context document: `invalidUserContext` if not.
    func contexts() throws(CLIError) -> [UserPinnedContext] {
        var contexts: [UserPinnedContext] = []
        for entry in contextFile {
            guard let (url, file) = Self.split(entry) else { throw CLIError.usage("--context-file \(entry): expected URL=FILE") }
            let bytes = try BoundedInput.read(file, limit: .context)
            do { contexts.append(try UserPinnedContext(url: url, bytes: bytes)) } catch {
                throw CLIError(code: error.code.rawValue, message: "--context-file \(file): \(error.message)")
            }
        }
        return contexts
    }

    /// A loader with the library's contexts and these pins; `contextConflict` when one would
    /// replace a compiled-in context or two name one URL with different documents.
    func loader() throws(CLIError) -> PinnedContextLoader {
        try Self.loader(try contexts())
    }

    static func loader(_ contexts: [UserPinnedContext]) throws(CLIError) -> PinnedContextLoader {
        do { return try PinnedContextLoader(pinning: contexts) } catch {
            throw CLIError(code: error.code.rawValue, message: error.message)
        }
    }

    /// The pins as the JSON output of `vc issue` and `vp create` lists them.
    static func json(_ contexts: [UserPinnedContext]) -> JSONValue {
        .array(contexts.map { ["url": .string($0.url), "sha256": .string($0.sha256)] })
    }

    /// One stderr note per pin, for the text output of `vc issue` and `vp create` (stdout
    /// carries the credential or presentation).
    static func note(_ contexts: [UserPinnedContext]) {
        for context in contexts { Terminal.printNote("context \(context.url) pinned: SHA-256 \(context.sha256)") }
    }
}

/// `--wallet` and `--passphrase-file` on the commands that need no wallet but use its pinned
/// contexts when one is at hand (`vc verify`, `vp verify`).
struct WalletContextOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Also use the contexts pinned in this wallet (wallet context add); else in $WALLET_HOME's wallet when it exists. The wallet is unlocked only if a context is missing.",
        valueName: "dir"))
    var wallet: String?

    @Option(name: .long, help: ArgumentHelp("With a wallet: read its passphrase from this file (else $WALLET_PASSPHRASE, else a prompt).", valueName: "file"))
    var passphraseFile: String?

    var globalOptions: GlobalOptions {
        // Every property set: one left unset would trap when read (swift-argument-parser).
        var options = GlobalOptions()
        options.wallet = wallet
        options.passphraseFile = passphraseFile
        options.json = false
        options.quiet = false
        return options
    }

    /// Whether a wallet is at hand: `--wallet`, or `$WALLET_HOME` naming an existing wallet.
    var isAvailable: Bool {
        if wallet != nil { return true }
        guard getenv("WALLET_HOME") != nil else { return false }
        let database = WalletLocation.databaseURL(in: WalletSession.directory(globalOptions))
        return access(database.path, F_OK) == 0
    }

    /// The wallet's pinned contexts (unlocking it as every command does).
    func pinnedContexts() async throws -> [UserPinnedContext] {
        try await WalletSession.withWallet(globalOptions) { wallet in try await wallet.pinnedContexts() }
    }
}

extension VerificationReport {
    /// Whether a context not pinned is among the reasons nothing could be checked — here or in
    /// a credential of a presentation.
    var missesContext: Bool {
        errors.contains { $0.code == .contextNotAllowed } || credentials.contains(where: \.missesContext)
    }

    /// The contexts pinned by the app that this report and its credentials' reports used.
    var allUserPinnedContexts: [ContextPin] {
        var pins = userPinnedContexts
        for credential in credentials { for pin in credential.allUserPinnedContexts where !pins.contains(pin) { pins.append(pin) } }
        return pins
    }
}
