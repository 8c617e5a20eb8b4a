import ArgumentParser

/// `wallet vc ...`: verifiable credentials.
struct VCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vc",
        abstract: "Issue and verify verifiable credentials (vc+jwt, VC 1.1 JWT, eddsa-jcs-2022).",
        subcommands: [Issue.self, Verify.self, Store.self, List.self, Show.self, Delete.self]
    )
}

/// `--format` of `vc issue`.
enum CredentialFormatOption: String, ExpressibleByArgument, CaseIterable {
    case jwt
    case diJcs = "di-jcs"
    case diRdfc = "di-rdfc"
    case ed25519Signature2020 = "ed25519-2020"
    case jwtLegacy = "jwt-legacy"
    case sdJWT = "sd-jwt"
}

/// `--data-model`.
enum DataModelOption: String, ExpressibleByArgument, CaseIterable {
    case v2 = "2.0"
    case v1_1 = "1.1"
}
