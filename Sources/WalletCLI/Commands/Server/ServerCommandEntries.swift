import ArgumentParser
import WalletCLISupport

// The server commands as `wallet` lists them (`wallet --help`, completion scripts): `main` hands
// their command lines to `wallet-serve` before parsing (``ServerExecutable``), which prints their
// help and runs them. Their abstracts are the real commands' (``ServerCommandAbstracts``).

/// `wallet serve`, run by `wallet-serve`.
struct ServeEntry: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: ServerCommandAbstracts.serve)
    func run() throws { ServerExecutable.run(Array(CommandLine.arguments.dropFirst())) }
}

/// `wallet offer`, run by `wallet-serve`.
struct OfferEntry: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "offer", abstract: ServerCommandAbstracts.offer, subcommands: [Create.self])

    /// `wallet offer create`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: ServerCommandAbstracts.offerCreate)
        func run() throws { ServerExecutable.run(Array(CommandLine.arguments.dropFirst())) }
    }
}

/// `wallet request`, run by `wallet-serve`.
struct RequestEntry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request", abstract: ServerCommandAbstracts.request, subcommands: [Create.self, Result.self])

    /// `wallet request create`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: ServerCommandAbstracts.requestCreate)
        func run() throws { ServerExecutable.run(Array(CommandLine.arguments.dropFirst())) }
    }

    /// `wallet request result`.
    struct Result: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "result", abstract: ServerCommandAbstracts.requestResult)
        func run() throws { ServerExecutable.run(Array(CommandLine.arguments.dropFirst())) }
    }
}
