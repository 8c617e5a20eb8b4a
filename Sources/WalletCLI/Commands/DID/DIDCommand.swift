import WalletCLISupport
import ArgumentParser

/// `wallet did ...`: decentralized identifiers.
struct DIDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "did",
        abstract: "Create, list and resolve decentralized identifiers (did:key, did:jwk, did:web).",
        subcommands: [Create.self, List.self, Show.self, Rotate.self, Delete.self, Resolve.self]
    )
}
