import WalletCLISupport
import ArgumentParser
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCore

/// `wallet status ...`: an issuer's Bitstring Status Lists.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Issuer side of Bitstring Status Lists: create, revoke, suspend, resume, set a message, publish.",
        subcommands: [Create.self, List.self, Revoke.self, Suspend.self, Resume.self, Set.self, Publish.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a status list (131,072 entries) for one of the wallet's DIDs.")
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "revocation, suspension or message.") var purpose: String
        @Option(name: .long, help: "The issuer DID (or label) that signs the list.") var issuer: String
        @Option(name: .long, help: "The URL where the list credential will be published (its id).") var url: String
        @Option(name: .long, help: "Bits per entry on a message list (1-8).") var statusSize: Int = 1
        @Option(name: .customLong("message"), help: ArgumentHelp("A status value and its meaning on a message list, e.g. 0x1=accepted (repeat; 0x0 is required).",
                                                                 valueName: "value=text")) var messages: [String] = []

        func run() async throws {
            try await reportingErrors(json: options.json) {
                let parsed = try messages.map { argument throws(CLIError) -> StatusMessage in
                    guard let message = StatusMessage(argument: argument) else {
                        throw CLIError.usage("--message \(argument): expected VALUE=TEXT with VALUE 0x0-0xff (or 0-255)")
                    }
                    return message
                }
                try await WalletSession.withWallet(options) { wallet in
                    let info = try await wallet.createStatusList(url: url, purpose: purpose, issuer: issuer, statusSize: statusSize, messages: parsed)
                    if options.json { Terminal.printJSON(info.summary) } else { Terminal.printLine("Created \(info.purpose) list \(info.url) (\(info.list.count) entries)") }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the wallet's status lists.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let lists = try await wallet.statusLists()
                    if options.json { Terminal.printJSON(["statusLists": .array(lists.map(\.summary))]); return }
                    for list in lists { Terminal.printLine("\(list.url)\t\(list.purpose)\t\(list.issuer)\t\(list.allocated)/\(list.list.count)") }
                }
            }
        }
    }

    /// Shared by revoke, suspend, resume and set.
    static func change(_ options: GlobalOptions, credential: String, _ change: Wallet.StatusChange, verb: String) async throws {
        try await reportingErrors(json: options.json) {
            try await WalletSession.withWallet(options) { wallet in
                let info = try await wallet.changeStatus(credentialId: credential, change)
                let value = switch change { case .revoke, .suspend: 1; case .resume: 0; case .set(let value): value }
                if options.json {
                    Terminal.printJSON(["credential": .string(credential), "statusList": .string(info.url), "status": .number(JSONNumber(value))])
                } else {
                    Terminal.printLine("\(verb) \(credential) in \(info.url); run `wallet status publish --url \(info.url) --out FILE` to publish it.")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a credential issued with --status (on a revocation list).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The credential's id.") var credential: String
        func run() async throws { try await StatusCommand.change(options, credential: credential, .revoke, verb: "Revoked") }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "suspend", abstract: "Suspend a credential issued with --status (on a suspension list).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The credential's id.") var credential: String
        func run() async throws { try await StatusCommand.change(options, credential: credential, .suspend, verb: "Suspended") }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resume", abstract: "Lift a suspension (revocation is final).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The credential's id.") var credential: String
        func run() async throws { try await StatusCommand.change(options, credential: credential, .resume, verb: "Resumed") }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a credential's entry on a message list to one of the list's values.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The credential's id.") var credential: String
        @Argument(help: "The status value: 0x1 or 1.") var value: String
        func run() async throws {
            guard let number = StatusMessage.parseStatus(value) ?? Int(value), (0...255).contains(number) else {
                try await reportingErrors(json: options.json) { throw CLIError.usage("status value \(value): expected 0x0-0xff or 0-255") }
                return
            }
            try await StatusCommand.change(options, credential: credential, .set(number), verb: "Set to 0x\(String(number, radix: 16))")
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Write the signed status list credential (vc+jwt) for publishing.",
            discussion: "With --json, stdout carries one JSON object: {\"statusListCredential\": JWT, \"url\"}, or with --out FILE {\"file\", \"bytes\", \"url\"}."
        )
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "The list's URL.") var url: String
        @OptionGroup var output: OutputFileOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try output.refuseExistingFile()
                try await WalletSession.withWallet(options) { wallet in
                    let jwt = try await wallet.publishStatusList(url)
                    try output.write(Array(jwt.utf8) + [0x0A], json: options.json, as: "statusListCredential", value: .string(jwt),
                                     summary: ["url": .string(url)])
                }
            }
        }
    }
}
