import WalletCLISupport
import ArgumentParser
import StrictJSON
import DIDCore
import WalletCore
import WalletCrypto

extension DIDCommand {
    static func render(_ info: DIDInfo, keyType: KeyType?) -> TerminalText {
        "\(info.did)\t\(info.keyId)\t\(keyType.map(\.rawValue) ?? "?")\t\(info.label ?? "")"
    }

    /// `wallet did create --method key|jwk|web|nda [--key-type T] [--key ID] [--label L]`; did:web takes `--url` and writes its document (`--out`).
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a DID (did:key, did:jwk, did:web or did:nda) with a fresh key.",
            discussion: """
                did:key, did:jwk and did:web take an ed25519 (default) or p256 key; did:key and did:jwk also a \
                secp256k1 key. did:nda is did:nda:0x<address>, the Ethereum address of a secp256k1 key (the one \
                an Ethereum wallet shows for account n of the same phrase); registering it on NDAChain is not done \
                here. --key uses an existing key instead of a fresh one (did:key, did:jwk, did:nda).

                did:web (--method web --url https://host[:port][/path]) writes the DID document to publish at \
                https://host[:port]/.well-known/did.json (no path) or https://host[:port]/path/did.json: on stdout, \
                or into --out FILE (then stdout carries the DID). With --json: {"document", "did", "documentURL", "keyId"}, \
                or with --out {"file", "bytes", "did", "documentURL", "keyId"}.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "The DID method: key, jwk, web or nda.") var method: MethodOption
        @Option(name: .long, help: "The type of the fresh key (default: ed25519; secp256k1 for nda).") var keyType: KeyTypeOption?
        @Option(name: .long, help: ArgumentHelp("Use this existing key (id or label) instead of a fresh one.", valueName: "key")) var key: String?
        @Option(name: .long, help: "A label to find the DID by.") var label: String?
        @Option(name: .long, help: ArgumentHelp("With --method web: where the document is published, https://host[:port][/path].", valueName: "url"))
        var url: String?
        @OptionGroup var output: OutputFileOptions

        enum MethodOption: String, ExpressibleByArgument, CaseIterable { case key, jwk, web, nda }

        func validate() throws {
            if method == .web && url == nil { throw ValidationError("--method web needs --url https://host[:port][/path]") }
            if method != .web && (url != nil || output.out != nil) { throw ValidationError("--url and --out go with --method web") }
            if method == .web && key != nil { throw ValidationError("--key does not go with --method web: a did:web gets a fresh key") }
        }

        func run() async throws {
            try await reportingErrors(json: options.json) {
                if method == .web { try output.refuseExistingFile() }
                try await WalletSession.withWallet(options) { wallet in
                    if method == .web, let url {
                        let document = try await wallet.createWebDID(url: url, keyType: keyType?.keyType ?? .ed25519, label: label)
                        try DIDCommand.publish(document, output: output, json: options.json)
                        return
                    }
                    let info = try await wallet.createDID(method: Wallet.DIDMethod(rawValue: method.rawValue)!, keyType: keyType?.keyType,
                                                          existingKey: key, label: label)
                    if options.json { Terminal.printJSON(info.jsonValue) } else { Terminal.printLine("\(info.did)") }
                }
            }
        }
    }

    /// `wallet did list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the wallet's DIDs (DID, key id, key type, label).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let dids = try await wallet.dids()
                    let types = Dictionary(try await wallet.keys().map { ($0.id, $0.type) }, uniquingKeysWith: { first, _ in first })
                    if options.json {
                        Terminal.printJSON(["dids": .array(dids.map { info in
                            var object = info.jsonValue.objectValue ?? [:]
                            if let type = types[info.keyId] { object["keyType"] = .string(type.rawValue) }
                            return .object(object)
                        })])
                    } else {
                        dids.forEach { Terminal.printLine(DIDCommand.render($0, keyType: types[$0.keyId])) }
                    }
                }
            }
        }
    }

    /// `wallet did show DID|LABEL`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one of the wallet's DIDs with its document (and a did:web's key history).",
            discussion: """
                Prints the DID document. For a did:web, one line per key comes first: "key", the verification method, \
                the wallet key, when it was added and, once rotated away, when it was retired (or "current"). \
                With --json: the DID record, with "keyHistory" for a did:web.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The DID or its label.") var did: String

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let info = try await wallet.did(did)
                    if !options.json { info.keyHistory.forEach { Terminal.printLine(DIDCommand.render($0)) } }
                    Terminal.printJSON(options.json ? info.jsonValue : info.document.jsonValue)
                }
            }
        }
    }

    /// `wallet did delete DID|LABEL`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete one of the wallet's DIDs (its key stays).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The DID or its label.") var did: String
        @Flag(name: .long, help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            try await WalletSession.deleteConfirmed(options, yes: yes, target: did, question: "Delete \(did) from the wallet?") { wallet in try await wallet.deleteDID(did) }
        }
    }
}
