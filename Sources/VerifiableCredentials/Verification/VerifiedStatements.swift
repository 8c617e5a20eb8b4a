public import Foundation
public import StrictJSON

/// What a credential or presentation states that a verification decision may rest on, each value
/// taken only from data its signature covers: the JWT payload for JOSE, the signed JSON for
/// `eddsa-jcs-2022`, the rebuilt claims for SD-JWT, and for the RDF suites the JSON after it was
/// checked against the signed dataset (see ``Verifier`` and decision 0010).
///
/// The ``VerifierPolicy`` checks (validity, status, trust, holder binding, an app's own) read
/// only these.
public struct VerifiedStatements: Sendable {
    public let kind: VerificationReport.Kind
    public let format: CredentialFormat
    /// The credential's (presentation's) `id`.
    public let id: String?
    /// The issuer's identifier (credentials).
    public let issuer: String?
    /// The holder's identifier (presentations; for an SD-JWT, none).
    public let holder: String?
    public let types: [String]
    /// `validFrom` (VC 2.0) or `issuanceDate` (VC 1.1).
    public let validFrom: DateTimeStamp?
    /// `validUntil` (VC 2.0) or `expirationDate` (VC 1.1).
    public let validUntil: DateTimeStamp?
    /// The status entries (`credentialStatus`; an SD-JWT VC's `status` claim).
    public let statusEntries: [JSONObject]
    /// The `id`s of the credential's subjects (an SD-JWT VC's `sub`).
    public let subjectIds: [String]
    /// How many credentials a presentation carries.
    public let credentialCount: Int

    public init(kind: VerificationReport.Kind, format: CredentialFormat, id: String? = nil, issuer: String? = nil, holder: String? = nil,
                types: [String] = [], validFrom: DateTimeStamp? = nil, validUntil: DateTimeStamp? = nil, statusEntries: [JSONObject] = [],
                subjectIds: [String] = [], credentialCount: Int = 0) {
        self.kind = kind
        self.format = format
        self.id = id
        self.issuer = issuer
        self.holder = holder
        self.types = types
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.statusEntries = statusEntries
        self.subjectIds = subjectIds
        self.credentialCount = credentialCount
    }

    /// The statements of a credential in the VC data model.
    init(_ credential: VerifiableCredential, format: CredentialFormat) {
        self.init(kind: .credential, format: format, id: credential.id, issuer: credential.issuer, types: credential.types,
                  validFrom: credential.validFrom, validUntil: credential.validUntil, statusEntries: credential.credentialStatus,
                  subjectIds: credential.subjectIds)
    }

    /// The statements of a presentation in the VC data model.
    init(_ presentation: VerifiablePresentation, format: CredentialFormat, holder: String?) {
        self.init(kind: .presentation, format: format, id: presentation.id, holder: holder, types: presentation.types,
                  credentialCount: presentation.credentials.count)
    }
}
