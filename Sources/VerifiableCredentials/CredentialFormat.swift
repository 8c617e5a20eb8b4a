/// How a credential or presentation is secured and encoded: one vocabulary for the issuer API
/// (``Issuer/issue(_:format:signer:created:contextLoader:)``), the `wallet` tool's `--format`, the
/// verification report's `format` and the policy's ``VerificationPolicy/acceptedFormats``.
///
/// ``rawValue`` is the name the verification report prints (`vc+jwt`, `di-eddsa-jcs-2022`, …);
/// ``optionName`` the shorter name `wallet vc issue --format` takes (`jwt`, `di-jcs`, …).
public struct CredentialFormat: Hashable, Sendable, CustomStringConvertible {
    /// The report's name for the format.
    public let rawValue: String

    init(_ rawValue: String) { self.rawValue = rawValue }

    /// A format from the report's name; `nil` for a name this library does not know.
    public init?(rawValue: String) {
        guard let known = Self.all.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = known
    }

    /// VC-JOSE-COSE §3.1.1: a compact JWS, `typ` `vc+jwt`, whose payload is the credential.
    public static let vcJWT = CredentialFormat("vc+jwt")
    /// VC-JOSE-COSE §3.1.2: a compact JWS, `typ` `vp+jwt`, whose payload is the presentation.
    public static let vpJWT = CredentialFormat("vp+jwt")
    /// VC Data Model 1.1 §6.3.1: a JWT whose registered claims stand for credential properties and
    /// whose `vc` claim holds the rest.
    public static let jwtVC11 = CredentialFormat("jwt-vc-1.1")
    /// VC Data Model 1.1 §6.3.1: the same for presentations (`vp` claim).
    public static let jwtVP11 = CredentialFormat("jwt-vp-1.1")
    /// SD-JWT VC (RFC 9901, `typ` `dc+sd-jwt`), with or without a key-binding JWT.
    public static let sdJWT = CredentialFormat("dc+sd-jwt")
    /// A compact JWT whose `typ` and claims fit none of the formats above (reported, never accepted).
    public static let unrecognizedJWT = CredentialFormat("jwt")
    /// A Data Integrity document whose proofs name more than one suite, or none this library knows.
    public static let dataIntegrityProofSet = CredentialFormat("di")

    /// A document secured with a proof in NDAChain's `ecdsa-rdfc-2019` dialect (decision 0028):
    /// not the W3C suite of that name.
    public static let dataIntegrityNDA = CredentialFormat("di-nda-ecdsa-rdfc-2019")

    /// A document secured with Data Integrity proofs of `suite` (`di-eddsa-jcs-2022`, …).
    public static func dataIntegrity(_ suite: DataIntegrityCryptosuite) -> CredentialFormat {
        switch suite {
        case .eddsaJcs2022: diEddsaJcs2022
        case .eddsaRdfc2022: diEddsaRdfc2022
        case .ed25519Signature2020: diEd25519Signature2020
        case .ed25519Signature2018: diEd25519Signature2018
        case .ecdsaRdfc2019: diEcdsaRdfc2019
        case .ecdsaJcs2019: diEcdsaJcs2019
        }
    }

    static let diEddsaJcs2022 = CredentialFormat("di-eddsa-jcs-2022")
    static let diEddsaRdfc2022 = CredentialFormat("di-eddsa-rdfc-2022")
    static let diEd25519Signature2020 = CredentialFormat("di-Ed25519Signature2020")
    static let diEd25519Signature2018 = CredentialFormat("di-Ed25519Signature2018")
    static let diEcdsaRdfc2019 = CredentialFormat("di-ecdsa-rdfc-2019")
    static let diEcdsaJcs2019 = CredentialFormat("di-ecdsa-jcs-2019")

    /// The Data Integrity suite of a `di-…` format.
    public var cryptosuite: DataIntegrityCryptosuite? {
        DataIntegrityCryptosuite.allCases.first { Self.dataIntegrity($0) == self }
    }

    /// Every format the report can name.
    public static let all: [CredentialFormat] = [.vcJWT, .vpJWT, .jwtVC11, .jwtVP11, .sdJWT, .unrecognizedJWT, .dataIntegrityProofSet, .dataIntegrityNDA]
        + DataIntegrityCryptosuite.allCases.map(dataIntegrity)

    /// The credential formats ``Issuer`` produces, in the order `--format` lists them.
    public static let issuable: [CredentialFormat] = [
        .vcJWT, .dataIntegrity(.eddsaJcs2022), .dataIntegrity(.eddsaRdfc2022), .dataIntegrity(.ed25519Signature2020), .jwtVC11, .sdJWT,
        .dataIntegrity(.ecdsaRdfc2019), .dataIntegrity(.ecdsaJcs2019),
    ]

    /// The name `wallet vc issue --format` takes for an issuable format.
    public var optionName: String? {
        switch self {
        case .vcJWT: "jwt"
        case .diEddsaJcs2022: "di-jcs"
        case .diEddsaRdfc2022: "di-rdfc"
        case .diEd25519Signature2020: "ed25519-2020"
        case .diEcdsaRdfc2019: "di-ecdsa-rdfc"
        case .diEcdsaJcs2019: "di-ecdsa-jcs"
        case .jwtVC11: "jwt-legacy"
        case .sdJWT: "sd-jwt"
        default: nil
        }
    }

    /// An issuable format from its `--format` name.
    public init?(optionName: String) {
        guard let format = Self.issuable.first(where: { $0.optionName == optionName }) else { return nil }
        self = format
    }

    /// The format's stable name, as reports print it (`vc+jwt`, `di-eddsa-jcs-2022`...).
    public var description: String { rawValue }
}
