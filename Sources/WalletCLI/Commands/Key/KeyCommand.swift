import ArgumentParser
import StrictJSON
import DIDCore
import WalletCore
import WalletCrypto

/// `wallet key ...`: Ed25519 keys derived from the recovery phrase.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage Ed25519 keys (derived from the recovery phrase).",
        subcommands: [Create.self, List.self, Show.self, Delete.self]
    )

    static func render(_ key: KeyInfo) -> TerminalText {
        "\(key.id)\t\(key.publicKeyMultibase)\t\(key.derivationPath)\t\(key.label ?? "")"
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create the next key.")
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "A label for the key.") var label: String?

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let key = try await wallet.createKey(label: label)
                    if options.json { Terminal.printJSON(key.jsonValue) } else { Terminal.printLine(KeyCommand.render(key)) }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys (id, public key, derivation path, label).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let keys = try await wallet.keys()
                    if options.json { Terminal.printJSON(["keys": .array(keys.map(\.jsonValue))]) } else { keys.forEach { Terminal.printLine(KeyCommand.render($0)) } }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one key (public part only).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key id (key-N) or label.") var key: String

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let info = try await wallet.key(key)
                    Terminal.printJSON(info.jsonValue)
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a key that no DID uses.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key id (key-N) or label.") var key: String
        @Flag(name: .long, help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            try await WalletSession.deleteConfirmed(options, yes: yes, target: key, question: "Delete key \(key)? It can be re-derived only from the recovery phrase") { wallet in try await wallet.deleteKey(key) }
        }
    }
}
