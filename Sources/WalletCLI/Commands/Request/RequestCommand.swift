import ArgumentParser

/// `wallet request ...`: the verifier's presentation requests, served by `wallet serve`.
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Presentation requests of the verifier that 'wallet serve' runs.",
        subcommands: [Create.self, Result.self]
    )
}
