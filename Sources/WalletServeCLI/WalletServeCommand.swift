import ArgumentParser
import WalletCLISupport
import WalletCrypto

/// `wallet-serve`: the server commands of `wallet` — `serve`, `offer`, `request` — in an executable of
/// their own (decision 0038). `wallet serve …` execs this program, installed beside `wallet`, with
/// the same arguments, so the help, usage lines and errors read `wallet`; run directly, it takes
/// the same command lines (`wallet-serve serve --port 0`).
@main
struct WalletServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "The server commands of wallet (serve, offer, request), which 'wallet' runs from wallet-serve.",
        discussion: """
            Exit codes: 0 success, 1 refused (an unknown or expired identifier), 2 could not run, 64 usage error.
            """,
        version: WalletVersion.current,
        subcommands: [ServeCommand.self, OfferCommand.self, RequestCommand.self]
    )

    static func main() async {
        ProcessHardening.disableCoreDumps()
        await CommandLineEntry.run(Self.self, arguments: Array(CommandLine.arguments.dropFirst()))
    }
}
