import ArgumentParser
import StrictJSON
import DIDCore
import WalletCore
import WalletCrypto

extension DIDCommand {
    static func render(_ info: DIDInfo) -> TerminalText {
        "\(info.did)\t\(info.keyId)\t\(info.label ?? "")"
    }

    /// `wallet did create --method key|jwk [--label L]`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a DID (did:key or did:jwk) with a fresh key.")
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "The DID method: key or jwk.") var method: MethodOption
        @Option(name: .long, help: "A label to find the DID by.") var label: String?

        enum MethodOption: String, ExpressibleByArgument, CaseIterable { case key, jwk }

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
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
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one of the wallet's DIDs with its document.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The DID or its label.") var did: String

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let info = try await wallet.did(did)
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
