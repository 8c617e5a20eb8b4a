import WalletCLISupport
import ArgumentParser

/// `wallet offer ...`: the issuer's credential offers, served by `wallet serve --issuer`.
struct OfferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offer",
        abstract: ServerCommandAbstracts.offer,
        subcommands: [Create.self]
    )
}
