public import Foundation
public import StrictJSON
public import VerifiableCredentials

/// A credential in the holder's store: the credential as received, and the fields it is
/// listed and searched by.
public struct StoredCredential: Sendable, Hashable {
    /// The wallet's id for it (random).
    public let id: String
    /// `vc+jwt`, `jwt-vc-1.1`, `di-eddsa-jcs-2022`, `dc+sd-jwt`.
    public let format: String
    /// The credential exactly as received: a compact JWT / SD-JWT, or the JSON text. Listings
    /// leave it out (`nil`); ``Wallet/credential(_:)`` loads it.
    public let raw: String?
    /// The types (for SD-JWT VCs, the `vct`).
    public let types: [String]
    /// The issuer's identifier.
    public let issuer: String
    /// The subjects' identifiers (an SD-JWT VC's `sub`).
    public let subjects: [String]
    /// The validity period as the credential states it (for a JWT, its `nbf`/`iat` and `exp`).
    public let validFrom: DateTimeStamp?
    /// The end of the validity period, when stated.
    public let validUntil: DateTimeStamp?
    /// When the wallet stored it.
    public let storedAt: Date
    /// What the issuer said about how to show it, when it came through OpenID4VCI: the
    /// Credential Issuer Identifier, the configuration, and the issuer's and credential's
    /// `display` entries from its metadata (OpenID4VCI 1.0 §12.2.4), kept as given.
    public let display: JSONValue?
    /// Microseconds since 1970 when stored, to keep credentials of the same second in order.
    let sequence: Int64

    /// Whether the credential is within its validity period at `date`, bounds included, compared
    /// exactly (security requirement 37).
    public func isValid(at date: Date = Date()) -> Bool {
        (validFrom.map { !$0.isAfter(date) } ?? true) && (validUntil.map { !$0.isBefore(date) } ?? true)
    }

    /// The store's fields, from a credential and the report that verified it.
    init(id: String, raw: String, report: VerificationReport, storedAt: Date = Date(), display: JSONValue? = nil) {
        self.id = id
        self.display = display
        self.raw = raw
        format = report.format?.rawValue ?? "unknown"
        types = report.types
        issuer = report.issuer ?? ""
        let document = report.document
        let subjectValue = document?["credentialSubject"]
        var subjectIds = subjectValue.map { ($0.arrayValue ?? [$0]).compactMap { $0["id"]?.stringValue } } ?? []
        if let sub = document?["sub"]?.stringValue { subjectIds.append(sub) }
        subjects = subjectIds
        // Every start and end the verifier holds the credential to (the data model's dates, the
        // JWT's nbf and exp): the latest start and the earliest end decide, as they did there.
        func dates(_ names: [String]) -> [DateTimeStamp] {
            names.compactMap { name in
                if let text = document?[name]?.stringValue { return DateTimeStamp(parsing: text) }
                return document?[name]?.numberValue.flatMap(DateTimeStamp.init(numericDate:))
            }
        }
        validFrom = dates(["validFrom", "issuanceDate", "nbf"]).max() ?? dates(["iat"]).first
        validUntil = dates(["validUntil", "expirationDate", "exp"]).min()
        self.storedAt = storedAt
        self.sequence = Int64(storedAt.timeIntervalSince1970 * 1_000_000)
    }

    init(json: JSONValue, raw: String? = nil) throws(WalletError) {
        guard let id = json["id"]?.stringValue, let format = json["format"]?.stringValue,
              let issuer = json["issuer"]?.stringValue, let storedAt = json["storedAt"]?.stringValue.flatMap(DateTimeStamp.init(parsing:))?.date else {
            throw WalletError(.corrupted, "a stored credential record is incomplete")
        }
        self.id = id
        self.format = format
        self.raw = raw
        self.issuer = issuer
        types = json["types"]?.arrayValue?.compactMap(\.stringValue) ?? []
        subjects = json["subjects"]?.arrayValue?.compactMap(\.stringValue) ?? []
        validFrom = json["validFrom"]?.stringValue.flatMap(DateTimeStamp.init(parsing:))
        validUntil = json["validUntil"]?.stringValue.flatMap(DateTimeStamp.init(parsing:))
        self.storedAt = storedAt
        display = json["display"]
        sequence = json["sequence"]?.numberValue?.int64Value ?? Int64(storedAt.timeIntervalSince1970 * 1_000_000)
    }

    /// The summary record (everything but the credential itself), which listings read.
    var summary: JSONValue {
        var object = jsonValue.objectValue!
        object.removeValue(forKey: "raw")
        return .object(object)
    }

    /// The record (and what `wallet vc show --json` prints).
    public var jsonValue: JSONValue {
        var object: JSONObject = ["id": .string(id), "format": .string(format), "types": .array(types.map { .string($0) }),
                                  "issuer": .string(issuer), "subjects": .array(subjects.map { .string($0) })]
        if let validFrom { object["validFrom"] = .string(validFrom.text) }
        if let validUntil { object["validUntil"] = .string(validUntil.text) }
        object["storedAt"] = .string(DateTimeStamp.format(storedAt))
        object["sequence"] = .number(JSONNumber(Int(sequence)))
        if let display { object["display"] = display }
        if let raw { object["raw"] = .string(raw) }
        return .object(object)
    }
}

/// One presentation the wallet made: who received what (the holder's disclosure log).
public struct DisclosureLogEntry: Sendable, Hashable {
    /// The entry's id (a random UUID, lowercased).
    public let id: String
    /// When the presentation was made.
    public let at: Date
    /// The verifier's domain / audience.
    public let audience: String
    /// The verifier's challenge (nonce) the presentation answered.
    public let challenge: String
    /// The format of the presentation (`vp+jwt`, `dc+sd-jwt`...).
    public let format: String
    /// The stored credentials' ids (or `file:` names for credentials presented from files).
    public let credentials: [String]
    /// The claims disclosed: for SD-JWT the chosen paths; otherwise `*` (every claim).
    public let disclosedClaims: [String]
    /// Microseconds since 1970, to keep entries of the same second in order.
    let sequence: Int64

    /// A log entry with a fresh id.
    ///
    /// - Parameters:
    ///   - at: When the presentation was made; now unless stated.
    ///   - audience: The verifier's domain or audience.
    ///   - challenge: The verifier's challenge.
    ///   - format: The presentation's format.
    ///   - credentials: The presented credentials' ids.
    ///   - disclosedClaims: The disclosed claim paths, or `*`.
    public init(at: Date = Date(), audience: String, challenge: String, format: String, credentials: [String], disclosedClaims: [String]) {
        self.id = UUID().uuidString.lowercased()
        self.at = at
        self.sequence = Int64(at.timeIntervalSince1970 * 1_000_000)
        self.audience = audience
        self.challenge = challenge
        self.format = format
        self.credentials = credentials
        self.disclosedClaims = disclosedClaims
    }

    init(json: JSONValue) throws(WalletError) {
        guard let id = json["id"]?.stringValue, let at = json["at"]?.stringValue.flatMap(DateTimeStamp.init(parsing:))?.date,
              let audience = json["audience"]?.stringValue, let challenge = json["challenge"]?.stringValue, let format = json["format"]?.stringValue else {
            throw WalletError(.corrupted, "a disclosure log record is incomplete")
        }
        self.id = id
        self.at = at
        self.audience = audience
        self.challenge = challenge
        self.format = format
        sequence = json["sequence"]?.numberValue?.int64Value ?? Int64(at.timeIntervalSince1970 * 1_000_000)
        credentials = json["credentials"]?.arrayValue?.compactMap(\.stringValue) ?? []
        disclosedClaims = json["disclosedClaims"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The entry as JSON, as the `wallet log` commands print it.
    public var jsonValue: JSONValue {
        ["id": .string(id), "at": .string(DateTimeStamp.format(at)), "audience": .string(audience), "challenge": .string(challenge),
         "format": .string(format), "credentials": .array(credentials.map { .string($0) }),
         "disclosedClaims": .array(disclosedClaims.map { .string($0) }), "sequence": .number(JSONNumber(Int(sequence)))]
    }
}
