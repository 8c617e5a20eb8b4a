import WalletCLISupport
import ArgumentParser
import StrictJSON
import DIDCore
import WalletCore
import WalletCrypto

/// `wallet key ...`: Ed25519, P-256 and secp256k1 keys derived from the recovery phrase.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage keys (Ed25519, P-256, secp256k1; derived from the recovery phrase).",
        subcommands: [Create.self, List.self, Show.self, Delete.self, Rebuild.self]
    )

    static func render(_ key: KeyInfo) -> TerminalText {
        "\(key.id)\t\(key.type)\t\(key.publicKeyMultibase)\t\(key.derivationPath)\t\(key.label ?? "")"
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create the next key of a type.",
            discussion: """
                Each type has its own counter and path: ed25519 m/7337'/0'/n', p256 m/7337'/0'/n' \
                (SLIP-0010 nist256p1), secp256k1 m/44'/60'/0'/0/n (the Ethereum account n of the same phrase).
                """)
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "The key type.") var type: KeyTypeOption = .ed25519
        @Option(name: .long, help: "A label for the key.") var label: String?

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let key = try await wallet.createKey(type: type.keyType, label: label)
                    if options.json { Terminal.printJSON(key.jsonValue) } else { Terminal.printLine(KeyCommand.render(key)) }
                }
            }
        }
    }

    /// `wallet key rebuild --ed25519 N --p256 N --secp256k1 N`: walks each type's counter after a recovery.
    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild", abstract: "Re-derive the first N keys of each type (after init --recover).",
            discussion: """
                Creates the keys of each type up to the count given (keys already there are kept), in one \
                transaction, and prints those created. Then `did create --key KEY` makes their DIDs again.
                """)
        @OptionGroup var options: GlobalOptions
        @OptionGroup var rebuild: KeyRebuildCounts

        func validate() throws {
            if rebuild.counts.isEmpty { throw ValidationError("give --ed25519, --p256 or --secp256k1") }
        }

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let keys = try await wallet.rebuildKeys(rebuild.counts)
                    if options.json { Terminal.printJSON(["keys": .array(keys.map(\.jsonValue))]) } else { keys.forEach { Terminal.printLine(KeyCommand.render($0)) } }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys (id, type, public key, derivation path, label).")
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

/// A key type on the command line: `ed25519`, `p256`, `secp256k1`.
enum KeyTypeOption: String, ExpressibleByArgument, CaseIterable {
    case ed25519, p256, secp256k1

    /// The wallet's key type.
    var keyType: KeyType { KeyType(rawValue: rawValue)! }
}
