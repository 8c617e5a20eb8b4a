import WalletCLISupport
import ArgumentParser
import JSONLD
import StrictJSON
import WalletCore

/// `wallet context ...`: JSON-LD contexts pinned in the wallet (decision 0021), used by
/// `vc issue`, `vp create` and, with a wallet at hand, `vc verify` and `vp verify`.
struct ContextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Pin JSON-LD contexts in the wallet (for eddsa-rdfc-2022 and Ed25519Signature2020 credentials).",
        subcommands: [Add.self, List.self, Remove.self]
    )

    static func json(_ context: UserPinnedContext) -> JSONValue {
        ["url": .string(context.url), "sha256": .string(context.sha256), "bytes": .number(JSONNumber(context.bytes.count))]
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Pin a context document under its URL.",
            discussion: """
                The file must hold a JSON-LD context document (an object with @context), at most 1 MiB. Adding the same \
                document again changes nothing; another document for a pinned URL is alreadyExists (remove the pin first); \
                the URL of a context built into wallet is contextConflict unless the bytes are the built-in ones.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The context's URL, as credentials name it in @context.") var url: String
        @Argument(help: "The file holding the context document, or - for standard input.") var file: String

        func run() async throws {
            try await reportingErrors(json: options.json) {
                let bytes = try BoundedInput.read(file, limit: .context)
                try await WalletSession.withWallet(options) { wallet in
                    let context = try await wallet.pinContext(url: url, document: bytes)
                    if options.json { Terminal.printJSON(ContextCommand.json(context)) } else {
                        Terminal.printLine("Pinned \(context.url) (SHA-256 \(context.sha256))")
                    }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the pinned contexts (URL, SHA-256, size).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let contexts = try await wallet.pinnedContexts()
                    if options.json { Terminal.printJSON(["contexts": .array(contexts.map(ContextCommand.json))]) } else {
                        for context in contexts { Terminal.printLine("\(context.url)\t\(context.sha256)\t\(context.bytes.count)") }
                    }
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a pinned context.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The context's URL.") var url: String

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in try await wallet.unpinContext(url) }
                if options.json { Terminal.printJSON(["removed": .string(url)]) } else { Terminal.printLine("Removed \(url).") }
            }
        }
    }
}
