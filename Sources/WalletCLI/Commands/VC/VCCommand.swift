public import ArgumentParser
public import VerifiableCredentials

/// `wallet vc ...`: verifiable credentials.
struct VCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vc",
        abstract: "Issue and verify verifiable credentials (vc+jwt, VC 1.1 JWT, eddsa-jcs-2022).",
        subcommands: [Issue.self, Verify.self, Store.self, List.self, Show.self, Delete.self]
    )
}

/// `--format` of `vc issue` and `vp create`: the library's one format type, by its short names
/// (`jwt`, `di-jcs`, `di-rdfc`, `ed25519-2020`, `jwt-legacy`, `sd-jwt`).
extension CredentialFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(optionName: argument) }
    public static var allValueStrings: [String] { issuable.compactMap(\.optionName) }
    public var defaultValueDescription: String { optionName ?? rawValue }
}

/// `--data-model`.
enum DataModelOption: String, ExpressibleByArgument, CaseIterable {
    case v2 = "2.0"
    case v1_1 = "1.1"
}
