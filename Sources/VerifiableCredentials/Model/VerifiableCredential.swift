import Foundation
public import StrictJSON

/// The versions of the VC Data Model, told apart by the first `@context` entry.
public enum DataModelVersion: String, Sendable, Hashable, CaseIterable {
    /// VC Data Model 2.0 (`https://www.w3.org/ns/credentials/v2`).
    case v2 = "2.0"
    /// VC Data Model 1.1 (`https://www.w3.org/2018/credentials/v1`).
    case v1_1 = "1.1"

    /// The `@context` URL that must come first.
    public var baseContext: String {
        switch self {
        case .v2: "https://www.w3.org/ns/credentials/v2"
        case .v1_1: "https://www.w3.org/2018/credentials/v1"
        }
    }

    init?(firstContext: JSONValue?) {
        switch firstContext?.stringValue {
        case DataModelVersion.v2.baseContext: self = .v2
        case DataModelVersion.v1_1.baseContext: self = .v1_1
        default: return nil
        }
    }
}

/// A verifiable credential (VC Data Model 2.0 §4, and 1.1) as JSON, with typed access to the
/// properties the data model defines; every member is kept exactly as given.
///
/// `init(json:)` checks the data model's MUSTs and fails with `invalidCredential` or
/// `invalidDate`, naming what is wrong.
public struct VerifiableCredential: Sendable, Hashable {
    /// The credential's members, exactly as given.
    public let json: JSONObject
    /// The data model version, from the first `@context` entry.
    public let dataModel: DataModelVersion
    /// `validFrom` (2.0) or `issuanceDate` (1.1; or its `validFrom`, when that is later), parsed when the credential was checked: the
    /// exact instant, and the text as written.
    public let validFrom: DateTimeStamp?
    /// `validUntil` (2.0) or `expirationDate` (1.1; or its `validUntil`, when that is earlier).
    public let validUntil: DateTimeStamp?
    /// The issuer's id (the URL itself, or the object's `id`).
    public let issuer: String

    /// Checks the data model's MUSTs (contexts, types, URLs, dates, issuer, subject) and wraps the JSON.
    ///
    /// - Throws: ``VCError`` `invalidCredential` or `invalidDate`, naming what is wrong.
    public init(json value: JSONValue) throws(VCError) {
        guard let object = value.objectValue else { throw VCError(.invalidCredential, "a credential is a JSON object") }
        self.dataModel = try DataModelChecks.contexts(object, kind: "credential")
        try DataModelChecks.types(object, required: "VerifiableCredential", code: .invalidCredential)
        try DataModelChecks.optionalURL(object["id"], name: "id", code: .invalidCredential)
        // issuer: a URL, or an object whose id is a URL (§4.7).
        guard let issuer = object["issuer"] else { throw VCError(.invalidCredential, "a credential needs an issuer") }
        let issuerId = issuer.stringValue ?? issuer["id"]?.stringValue
        guard let issuerId, DataModelChecks.isURL(issuerId) else {
            throw VCError(.invalidCredential, "issuer must be a URL or an object with an id that is a URL")
        }
        self.issuer = issuerId
        // credentialSubject: one non-empty object or a non-empty array of them (§4.8).
        guard let subject = object["credentialSubject"] else { throw VCError(.invalidCredential, "a credential needs a credentialSubject") }
        guard subject.arrayValue?.isEmpty != true else {
            throw VCError(.invalidCredential, "credentialSubject must be a non-empty object or an array of them")
        }
        try DataModelChecks.forEachEntry(of: subject) { entry throws(VCError) in
            guard let members = entry.objectValue, !members.isEmpty else {
                throw VCError(.invalidCredential, "credentialSubject must be a non-empty object or an array of them")
            }
        }
        try DataModelChecks.forEachEntry(of: subject) { entry throws(VCError) in
            try DataModelChecks.optionalURL(entry["id"], name: "credentialSubject.id", code: .invalidCredential)
        }
        // Validity (§4.9): 2.0 validFrom/validUntil, 1.1 issuanceDate (required)/expirationDate.
        let (fromName, untilName) = dataModel == .v2 ? ("validFrom", "validUntil") : ("issuanceDate", "expirationDate")
        if dataModel == .v1_1, object["issuanceDate"] == nil { throw VCError(.invalidCredential, "a VC 1.1 credential needs issuanceDate") }
        var validFrom = try DataModelChecks.optionalDate(object[fromName], name: fromName)
        var validUntil = try DataModelChecks.optionalDate(object[untilName], name: untilName)
        if dataModel == .v1_1 {
            // The 1.1 context also defines validFrom/validUntil (as the credentials vocabulary's
            // terms 2.0 uses): a 1.1 credential that states them is held to them as well, the
            // later start and the earlier end deciding.
            if let from = try DataModelChecks.optionalDate(object["validFrom"], name: "validFrom"), validFrom.map({ from > $0 }) ?? true {
                validFrom = from
            }
            if let until = try DataModelChecks.optionalDate(object["validUntil"], name: "validUntil"), validUntil.map({ until < $0 }) ?? true {
                validUntil = until
            }
        }
        self.validFrom = validFrom
        self.validUntil = validUntil
        // Typed objects: credentialStatus, credentialSchema, evidence, termsOfUse, refreshService.
        for name in ["credentialStatus", "credentialSchema", "evidence", "termsOfUse", "refreshService"] {
            guard let value = object[name] else { continue }
            try DataModelChecks.forEachEntry(of: value) { entry throws(VCError) in
                guard let member = entry.objectValue, member["type"] != nil else {
                    throw VCError(.invalidCredential, "each \(name) must be an object with a type")
                }
                let id = member["id"]
                try DataModelChecks.optionalURL(id, name: "\(name).id", code: .invalidCredential)
                if id == nil, name == "credentialSchema" { throw VCError(.invalidCredential, "each credentialSchema needs an id") }
            }
        }
        for name in ["name", "description"] {
            if let value = object[name], value.stringValue == nil, value.objectValue == nil, value.arrayValue == nil {
                throw VCError(.invalidCredential, "\(name) must be a string or language value objects")
            }
        }
        self.json = object
    }

    /// The `@context` entries.
    public var contexts: [JSONValue] { json["@context"]?.arrayValue ?? [] }
    /// `id`, when present.
    public var id: String? { json["id"]?.stringValue }
    /// The `type` values.
    public var types: [String] { DataModelChecks.strings(json["type"]) }
    /// The `credentialSubject` objects (one or many).
    public var subjects: [JSONObject] {
        guard let subject = json["credentialSubject"] else { return [] }
        return (subject.arrayValue ?? [subject]).compactMap(\.objectValue)
    }
    /// The subjects' `id`s, for the subjects that have one.
    public var subjectIds: [String] { subjects.compactMap { $0["id"]?.stringValue } }
    /// The `credentialStatus` entries (§4.10).
    public var credentialStatus: [JSONObject] { objects("credentialStatus") }
    /// Whether the credential lists a status (without building the list).
    public var hasCredentialStatus: Bool { json["credentialStatus"].map { $0.arrayValue?.isEmpty != true } ?? false }
    /// The `credentialSchema` entries (§4.11).
    public var credentialSchema: [JSONObject] { objects("credentialSchema") }
    /// The `evidence` entries (§5.6).
    public var evidence: [JSONObject] { objects("evidence") }
    /// The `termsOfUse` entries (§5.5).
    public var termsOfUse: [JSONObject] { objects("termsOfUse") }
    /// The `refreshService` entries (§5.4).
    public var refreshService: [JSONObject] { objects("refreshService") }
    /// `name`: a string, or language value objects (`{"@value", "@language"}`), as written.
    public var name: JSONValue? { json["name"] }
    /// `description`: a string, or language value objects, as written.
    public var description: JSONValue? { json["description"] }
    /// The issuer as written: a URL string, or an object with `id` (and often `name`).
    public var issuerValue: JSONValue? { json["issuer"] }
    /// The credential as JSON, members in their original order.
    public var jsonValue: JSONValue { .object(json) }

    /// A member that holds one object or an array of objects, as an array.
    private func objects(_ name: String) -> [JSONObject] {
        guard let value = json[name] else { return [] }
        return (value.arrayValue ?? [value]).compactMap(\.objectValue)
    }
}

/// Checks shared by credentials and presentations.
enum DataModelChecks {
    /// `@context`: an array whose first item is the data model's base context (§4.3).
    static func contexts(_ object: JSONObject, kind: String) throws(VCError) -> DataModelVersion {
        let code: VCError.Code = kind == "credential" ? .invalidCredential : .invalidPresentation
        guard let contexts = object["@context"]?.arrayValue, !contexts.isEmpty else {
            throw VCError(code, "@context must be an array whose first item is the VC base context")
        }
        guard let version = DataModelVersion(firstContext: contexts.first) else {
            throw VCError(code, "the first @context must be \(DataModelVersion.v2.baseContext) (or \(DataModelVersion.v1_1.baseContext))")
        }
        for entry in contexts where entry.stringValue == nil && entry.objectValue == nil {
            throw VCError(code, "@context entries are URLs or objects")
        }
        return version
    }

    static func types(_ object: JSONObject, required: String, code: VCError.Code) throws(VCError) {
        guard let value = object["type"] else { throw VCError(code, "type is required") }
        var includesRequired = value.stringValue == required
        if value.stringValue == nil {
            guard let array = value.arrayValue, !array.isEmpty else { throw VCError(code, "type must be a string or an array of strings") }
            for entry in array {
                guard let type = entry.stringValue else { throw VCError(code, "type must be a string or an array of strings") }
                if type == required { includesRequired = true }
            }
        }
        guard includesRequired else { throw VCError(code, "type must include \(required)") }
    }

    /// Runs `body` on `value`, or on each item when it is an array (members that hold one
    /// object or several).
    @inline(__always)
    static func forEachEntry(of value: JSONValue, _ body: (JSONValue) throws(VCError) -> Void) throws(VCError) {
        if let array = value.arrayValue {
            for entry in array { try body(entry) }
        } else {
            try body(value)
        }
    }

    static func strings(_ value: JSONValue?) -> [String] {
        guard let value else { return [] }
        if let single = value.stringValue { return [single] }
        guard let array = value.arrayValue else { return [] }
        var strings: [String] = []
        strings.reserveCapacity(array.count)
        for entry in array { if let string = entry.stringValue { strings.append(string) } }
        return strings
    }

    /// An absolute URI as RFC 3986 §3.1 starts it: `scheme ":" …`, no spaces or controls.
    static func isURL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            // The scheme: a letter, then letters, digits, '+', '-' or '.', up to the first ':'.
            var position = 0
            while position < bytes.count, bytes[position] != UInt8(ascii: ":") {
                let byte = bytes[position]
                let isAlpha = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                let isSchemeCharacter = isAlpha || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                guard position == 0 ? isAlpha : isSchemeCharacter else { return false }
                position += 1
            }
            guard position > 0, position < bytes.count else { return false }
            // The rest: no space, control character or DEL (branch-free, so the loop vectorises).
            var bad: UInt8 = 0
            for byte in UnsafeBufferPointer(rebasing: bytes[(position + 1)...]) { bad |= (byte <= 0x20 ? 1 : 0) | (byte == 0x7F ? 1 : 0) }
            return bad == 0
        }
    }

    static func optionalURL(_ value: JSONValue?, name: @autoclosure () -> String, code: VCError.Code) throws(VCError) {
        guard let value else { return }
        guard let text = value.stringValue, isURL(text) else { throw VCError(code, "\(name()) must be a URL") }
    }

    /// An optional dateTimeStamp member.
    @discardableResult
    static func optionalDate(_ value: JSONValue?, name: String) throws(VCError) -> DateTimeStamp? {
        guard let value else { return nil }
        guard let text = value.stringValue, let stamp = DateTimeStamp(parsing: text) else {
            throw VCError(.invalidDate, "\(name) must be an XML Schema dateTimeStamp (for example 2025-01-01T00:00:00Z)")
        }
        return stamp
    }
}
