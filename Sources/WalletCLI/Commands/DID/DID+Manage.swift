import ArgumentParser
import StrictJSON
import DIDCore
import WalletCore
import WalletCrypto

extension DIDCommand {
    static func render(_ info: DIDInfo) -> TerminalText {
        "\(info.did)\t\(info.keyId)\t\(info.label ?? "")"
    }

    /// `wallet did create --method key|jwk|web [--label L]`; did:web takes `--url` and writes its document (`--out`).
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a DID (did:key, did:jwk or did:web) with a fresh key.",
            discussion: """
                did:web (--method web --url https://host[:port][/path]) writes the DID document to publish at \
                https://host[:port]/.well-known/did.json (no path) or https://host[:port]/path/did.json: on stdout, \
                or into --out FILE (then stdout carries the DID). With --json: {"document", "did", "documentURL", "keyId"}, \
                or with --out {"file", "bytes", "did", "documentURL", "keyId"}.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "The DID method: key, jwk or web.") var method: MethodOption
        @Option(name: .long, help: "A label to find the DID by.") var label: String?
        @Option(name: .long, help: ArgumentHelp("With --method web: where the document is published, https://host[:port][/path].", valueName: "url"))
        var url: String?
        @OptionGroup var output: OutputFileOptions

        enum MethodOption: String, ExpressibleByArgument, CaseIterable { case key, jwk, web }

        func validate() throws {
            if method == .web && url == nil { throw ValidationError("--method web needs --url https://host[:port][/path]") }
            if method != .web && (url != nil || output.out != nil) { throw ValidationError("--url and --out go with --method web") }
        }

        func run() async throws {
            try await reportingErrors(json: options.json) {
                if method == .web { try output.refuseExistingFile() }
                try await WalletSession.withWallet(options) { wallet in
                    if method == .web, let url {
                        try DIDCommand.publish(try await wallet.createWebDID(url: url, label: label), output: output, json: options.json)
                        return
                    }
                    let info = try await wallet.createDID(method: method == .key ? .key : .jwk, label: label)
                    if options.json { Terminal.printJSON(info.jsonValue) } else { Terminal.printLine("\(info.did)") }
                }
            }
        }
    }

    /// `wallet did list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the wallet's DIDs (DID, key id, label).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let dids = try await wallet.dids()
                    if options.json { Terminal.printJSON(["dids": .array(dids.map(\.jsonValue))]) } else { dids.forEach { Terminal.printLine(DIDCommand.render($0)) } }
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
