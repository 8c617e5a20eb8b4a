import Foundation
public import StrictJSON

/// What a credential or presentation states that a verification decision may rest on, each value
/// taken only from data its signature covers: the JWT payload for JOSE, the signed JSON for
/// `eddsa-jcs-2022`, the rebuilt claims for SD-JWT, and for the RDF suites the JSON after it was
/// checked against the signed dataset (see ``Verifier`` and decision 0010).
///
/// The ``VerifierPolicy`` checks (validity, status, trust, holder binding, an app's own) read
/// only these. The values are read from the checked model when asked for (one reference is kept,
/// however often the statements are passed on: they are on every verification's path).
public struct VerifiedStatements: Sendable {
    /// Whether the statements are a credential's or a presentation's.
    public let kind: VerificationReport.Kind
    /// The format the statements were verified in.
    public let format: CredentialFormat
    private let source: Source

    /// Where the values come from: a checked credential or presentation, or values given one by one.
    final class Source: Sendable {
        let credential: VerifiableCredential?
        let presentation: VerifiablePresentation?
        let holder: String?
        let given: Given?

        init(credential: VerifiableCredential? = nil, presentation: VerifiablePresentation? = nil, holder: String? = nil, given: Given? = nil) {
            self.credential = credential
            self.presentation = presentation
            self.holder = holder
            self.given = given
        }
    }

    struct Given: Sendable {
        var id: String?, issuer: String?, types: [String], validFrom: DateTimeStamp?, validUntil: DateTimeStamp?
        var statusEntries: [JSONObject], subjectIds: [String], credentialCount: Int
    }

    /// The credential's (presentation's) `id`.
    public var id: String? { source.credential?.id ?? source.presentation?.id ?? source.given?.id }
    /// The issuer's identifier (credentials).
    public var issuer: String? { source.credential?.issuer ?? source.given?.issuer }
    /// The holder's identifier (presentations; for an SD-JWT, none).
    public var holder: String? { source.holder }
    /// The `type` values.
    public var types: [String] { source.credential?.types ?? source.presentation?.types ?? source.given?.types ?? [] }
    /// `validFrom` (VC 2.0) or `issuanceDate` (VC 1.1).
    public var validFrom: DateTimeStamp? { source.credential?.validFrom ?? source.given?.validFrom }
    /// `validUntil` (VC 2.0) or `expirationDate` (VC 1.1).
    public var validUntil: DateTimeStamp? { source.credential?.validUntil ?? source.given?.validUntil }
    /// Whether there is any status entry (without building the list).
    public var hasStatusEntries: Bool { source.credential?.hasCredentialStatus ?? (source.given?.statusEntries.isEmpty == false) }
    /// The status entries (`credentialStatus`; an SD-JWT VC's `status` claim).
    public var statusEntries: [JSONObject] { source.credential?.credentialStatus ?? source.given?.statusEntries ?? [] }
    /// The `id`s of the credential's subjects (an SD-JWT VC's `sub`).
    public var subjectIds: [String] { source.credential?.subjectIds ?? source.given?.subjectIds ?? [] }
    /// How many credentials a presentation carries.
    public var credentialCount: Int { source.presentation?.credentials.count ?? source.given?.credentialCount ?? 0 }

    /// Statements given one by one, for a ``VerifierPolicy`` test; in a verification only the ``Verifier`` builds them, from signed data.
    public init(kind: VerificationReport.Kind, format: CredentialFormat, id: String? = nil, issuer: String? = nil, holder: String? = nil,
                types: [String] = [], validFrom: DateTimeStamp? = nil, validUntil: DateTimeStamp? = nil, statusEntries: [JSONObject] = [],
                subjectIds: [String] = [], credentialCount: Int = 0) {
        self.kind = kind
        self.format = format
        source = Source(holder: holder, given: Given(id: id, issuer: issuer, types: types, validFrom: validFrom, validUntil: validUntil,
                                                    statusEntries: statusEntries, subjectIds: subjectIds, credentialCount: credentialCount))
    }

    /// The statements of a credential in the VC data model.
    init(_ credential: VerifiableCredential, format: CredentialFormat) {
        kind = .credential
        self.format = format
        source = Source(credential: credential)
    }

    /// The statements of a presentation in the VC data model.
    init(_ presentation: VerifiablePresentation, format: CredentialFormat, holder: String?) {
        kind = .presentation
        self.format = format
        source = Source(presentation: presentation, holder: holder)
    }
}
