import ArgumentParser

/// `wallet offer ...`: the issuer's credential offers, served by `wallet serve --issuer`.
struct OfferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offer",
        abstract: "Credential offers (OpenID4VCI) of the issuer that 'wallet serve --issuer' runs.",
        subcommands: [Create.self]
    )
}
