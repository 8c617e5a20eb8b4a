import ArgumentParser
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCore

/// `wallet status ...`: an issuer's Bitstring Status Lists.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Issuer side of Bitstring Status Lists: create, revoke, suspend, resume, publish.",
        subcommands: [Create.self, List.self, Revoke.self, Suspend.self, Resume.self, Publish.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a status list (131,072 entries) for one of the wallet's DIDs.")
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "revocation or suspension.") var purpose: String
        @Option(name: .long, help: "The issuer DID (or label) that signs the list.") var issuer: String
        @Option(name: .long, help: "The URL where the list credential will be published (its id).") var url: String

        func run() async throws {
            try await reportingErrors(json: options.json) {
                let wallet = try await WalletSession.unlocked(options)
                let info = try await wallet.createStatusList(url: url, purpose: purpose, issuer: issuer)
                await wallet.close()
                if options.json { Terminal.printJSON(info.summary) } else { Terminal.printLine("Created \(info.purpose) list \(info.url) (\(info.list.count) entries)") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the wallet's status lists.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                let wallet = try await WalletSession.unlocked(options)
                let lists = try await wallet.statusLists()
                await wallet.close()
                if options.json { Terminal.printJSON(["statusLists": .array(lists.map(\.summary))]); return }
                for list in lists { Terminal.printLine("\(list.url)\t\(list.purpose)\t\(list.issuer)\t\(list.allocated)/\(list.list.count)") }
            }
        }
    }

    /// Shared by revoke, suspend and resume.
    static func setStatus(_ options: GlobalOptions, credential: String, value: Int, verb: String) async throws {
        try await reportingErrors(json: options.json) {
            let wallet = try await WalletSession.unlocked(options)
            let info = try await wallet.setStatus(credentialId: credential, value: value)
            await wallet.close()
            if options.json {
                Terminal.printJSON(["credential": .string(credential), "statusList": .string(info.url), "status": .number(JSONNumber(value))])
            } else {
                Terminal.printLine("\(verb) \(credential) in \(info.url); run `wallet status publish --url \(info.url) --out FILE` to publish it.")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a credential issued with --status (on a revocation list).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The credential's id.") var credential: String
        func run() async throws { try await StatusCommand.setStatus(options, credential: credential, value: 1, verb: "Revoked") }
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a credential issued with --status (on a suspension list).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The credential's id.") var credential: String
        func run() async throws { try await StatusCommand.setStatus(options, credential: credential, value: 1, verb: "Suspended") }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clear a credential's status (lift a suspension).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The credential's id.") var credential: String
        func run() async throws { try await StatusCommand.setStatus(options, credential: credential, value: 0, verb: "Cleared") }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the signed status list credential (vc+jwt) for publishing.")
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, help: "The list's URL.") var url: String
        @Option(name: .long, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file")) var out: String?

        func run() async throws {
            try await reportingErrors(json: options.json) {
                let wallet = try await WalletSession.unlocked(options)
                let jwt = try await wallet.publishStatusList(url)
                await wallet.close()
                try Output.write(Array(jwt.utf8) + [0x0A], to: out)
            }
        }
    }
}
