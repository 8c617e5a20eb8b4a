import WalletCLISupport
import ArgumentParser
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCore

/// `wallet log list|show|export`: the disclosure log — who the holder shared what with.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The disclosure log: every presentation the wallet made (when, to whom, what).",
        subcommands: [List.self, Show.self, Export.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List presentations: time, audience, format, credentials, claims.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let entries = try await TerminalProgress.spinning("Reading the disclosure log") { try await wallet.disclosureLog() }
                    if options.json { Terminal.printJSON(["entries": .array(entries.map(\.jsonValue))]); return }
                    for entry in entries {
                        Terminal.printLine("\(entry.id)\t\(DateTimeStamp.format(entry.at))\t\(entry.audience)\t\(entry.format)\t\(entry.credentials.count) credential(s)\t\(entry.disclosedClaims.joined(separator: ","))")
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one presentation of the log.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The log entry's id.") var id: String

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let entry = try await wallet.logEntry(id)
                    Terminal.printJSON(entry.jsonValue)
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Export the whole log as JSON Lines (one presentation per line); --json: one document, {\"entries\": [...]}.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try await WalletSession.withWallet(options) { wallet in
                    let entries = try await TerminalProgress.spinning("Reading the disclosure log") { try await wallet.disclosureLog() }
                    if options.json { Terminal.printJSON(["entries": .array(entries.map(\.jsonValue))]); return }
                    for entry in entries { Terminal.printJSONLine(entry.jsonValue) }
                }
            }
        }
    }
}
