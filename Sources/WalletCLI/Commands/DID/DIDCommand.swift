import ArgumentParser

/// `wallet did ...`: decentralized identifiers.
struct DIDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "did",
        abstract: "Resolve decentralized identifiers (did:key, did:jwk).",
        subcommands: [Resolve.self]
    )
}
