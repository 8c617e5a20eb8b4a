public import ArgumentParser
public import VerifiableCredentials

/// `wallet vc ...`: verifiable credentials.
struct VCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vc",
        abstract: "Issue, verify and store verifiable credentials (vc+jwt, VC 1.1 JWT, SD-JWT VC, Data Integrity).",
        subcommands: [Issue.self, Verify.self, Store.self, List.self, Show.self, Delete.self]
    )
}

/// `--format` of `vc issue` and `vp create`: the library's one format type, by its short names
/// (`jwt`, `di-jcs`, `di-rdfc`, `ed25519-2020`, `jwt-legacy`, `sd-jwt`, `di-ecdsa-rdfc`, `di-ecdsa-jcs`).
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

/// `--format` of `vp create`: the credential formats a presentation is made in (no `jwt-legacy`,
/// which is for credentials), so that its help lists only those.
struct PresentationFormatOption: ExpressibleByArgument {
    let format: CredentialFormat

    init(_ format: CredentialFormat) { self.format = format }

    init?(argument: String) {
        guard let format = CredentialFormat(argument: argument) else { return nil }
        self.format = format
    }

    static var allValueStrings: [String] { CredentialFormat.allValueStrings.filter { $0 != CredentialFormat.jwtVC11.optionName } }
    var defaultValueDescription: String { format.defaultValueDescription }
}
