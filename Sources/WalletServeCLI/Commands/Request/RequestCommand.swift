import WalletCLISupport
import ArgumentParser

/// `wallet request ...`: the verifier's presentation requests, served by `wallet serve`.
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: ServerCommandAbstracts.request,
        subcommands: [Create.self, Result.self]
    )
}
