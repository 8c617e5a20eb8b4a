import Foundation
import WalletKeystore
public import StrictJSON
public import VerifiableCredentials

extension Wallet {
    /// Summaries (searchable, listed) and the credentials themselves are separate records, so
    /// that listing does not decrypt and parse every credential.
    static let credentialKind = "credential", credentialRawKind = "credential-raw", logKind = "disclosure-log"

    /// Stores a credential after checking it with `verifier`; an invalid one is refused
    /// (`invalidArgument`, with the report's first error) unless `force`. It is stored under its
    /// own `id` when it has one (else a new `urn:uuid:`); a credential with that id already stored
    /// is `alreadyExists` (decision 0021 §5), never replaced. `display` (the issuer's display
    /// metadata, for a credential received with OpenID4VCI) is kept with it.
    public func storeCredential(_ raw: [UInt8], verifier: Verifier = Verifier(), force: Bool = false,
                                display: JSONValue? = nil) async throws(WalletError) -> (StoredCredential, VerificationReport) {
        let (stored, report, records) = try await prepareToStore(raw, verifier: verifier, force: force, display: display)
        do { try await keystoreCall { try await $0.insert(records) } } catch where error.code == .alreadyExists {
            throw WalletError(.alreadyExists, "a credential with the id \(stored.id) is already stored (wallet vc delete \(stored.id) first to replace it)")
        }
        return (stored, report)
    }

    /// Stores many credentials in one transaction (each verified first; invalid ones refused
    /// unless `force`): for imports and bulk loads.
    public func storeCredentials(_ raws: [[UInt8]], verifier: Verifier = Verifier(), force: Bool = false) async throws(WalletError) -> [StoredCredential] {
        var records: [Keystore.NewRecord] = []
        var stored: [StoredCredential] = []
        for raw in raws {
            let (credential, _, pair) = try await prepareToStore(raw, verifier: verifier, force: force)
            records += pair
            stored.append(credential)
        }
        try await keystoreCall { try await $0.insert(records) }
        return stored
    }

    /// How the refusal of a credential that does not verify begins (`invalidArgument`), so that a
    /// tool can tell it apart and name its own way to store it anyway (`force: true` here).
    public static let doesNotVerifyPrefix = "the credential does not verify"

    /// Verifies a credential and builds its record and searchable fields.
    private func prepareToStore(_ raw: [UInt8], verifier: Verifier, force: Bool, display: JSONValue? = nil) async throws(WalletError)
        -> (StoredCredential, VerificationReport, [Keystore.NewRecord]) {
        let report = await verifier.verify(raw)
        guard report.kind == .credential || report.format == .sdJWT else {
            throw WalletError(.invalidArgument, "only credentials are stored, not presentations")
        }
        if !report.verified && !force {
            let reason = report.errors.first.map { "\($0.code): \($0.message)" } ?? "not verifiable"
            throw WalletError(.invalidArgument, "\(Self.doesNotVerifyPrefix) (\(reason))")
        }
        var text = String(decoding: raw, as: UTF8.self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        // The credential's own id when it has one that fits a record id; else a new urn:uuid.
        let ownId = report.credentialId.flatMap { id in Self.isStorableId(id) ? id : nil }
        let stored = StoredCredential(id: ownId ?? "urn:uuid:\(UUID().uuidString.lowercased())", raw: text, report: report, display: display)
        let summary = Keystore.NewRecord(kind: Self.credentialKind, id: stored.id, payload: Array(stored.summary.compactString.utf8),
                                         indexes: Self.searchIndexes(Self.indexFields(stored)))
        let credential = Keystore.NewRecord(kind: Self.credentialRawKind, id: stored.id, payload: Array(text.utf8))
        return (stored, report, [summary, credential])
    }

    /// Whether a credential's `id` can be its record id: 1 to 256 UTF-8 bytes without
    /// whitespace or control characters (it is printed and typed back as an argument).
    static func isStorableId(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= Keystore.maximumNameLength
            && !id.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    static func indexFields(_ stored: StoredCredential) -> [String: String] {
        var indexes: [String: String] = ["issuer": stored.issuer]
        // "VerifiableCredential" is on every W3C credential: not indexed (a listing by it reads
        // all summaries); the first eight other types are.
        let types = stored.types.filter { $0 != "VerifiableCredential" }
        for (slot, type) in types.prefix(8).enumerated() { indexes["type.\(slot)"] = type }
        for (slot, subject) in stored.subjects.prefix(8).enumerated() { indexes["subject.\(slot)"] = subject }
        // More than eight: the credential is also listed under "more", which every lookup of
        // that attribute reads and filters, so no credential is missed.
        if types.count > 8 { indexes["type.more"] = "*" }
        if stored.subjects.count > 8 { indexes["subject.more"] = "*" }
        return indexes
    }

    /// Blind-index fields: one field per searchable attribute, so a lookup is one query.
    static func searchIndexes(_ fields: [String: String]) -> [String: String] {
        var output: [String: String] = [:]
        for (field, value) in fields {
            let base = field.split(separator: ".").first.map(String.init) ?? field
            output["\(field)"] = "\(base)=\(value)"
        }
        return output
    }

    /// Stored credentials, filtered by type, issuer and subject (all optional).
    public func credentials(type: String? = nil, issuer: String? = nil, subject: String? = nil) async throws(WalletError) -> [StoredCredential] {
        // Each summary is opened and parsed in the keystore's parallel pass.
        let decode: @Sendable (String, [UInt8]) throws(KeystoreError) -> StoredCredential = { _, payload throws(KeystoreError) in
            do throws(WalletError) { return try StoredCredential(json: try Self.decode(payload)) } catch { throw KeystoreError(.corrupted, error.message) }
        }
        let found: [StoredCredential]
        if let type, type != "VerifiableCredential" {
            found = try await lookup("type", type, decode)
        } else if let issuer {
            found = try await lookup("issuer", issuer, decode)
        } else if let subject {
            found = try await lookup("subject", subject, decode)
        } else {
            found = try await keystoreCall { try await $0.records(kind: Self.credentialKind, decode: decode) }
        }
        // The index narrows the search; the decrypted summary decides (an index entry cannot
        // make a credential match).
        let output = found.filter { credential in
            (type.map(credential.types.contains) ?? true) && (issuer.map { credential.issuer == $0 } ?? true)
                && (subject.map(credential.subjects.contains) ?? true)
        }
        return output.sorted { ($0.sequence, $0.id) < ($1.sequence, $1.id) }
    }

    /// Records whose searchable `attribute` (type, issuer, subject) has `value`, whatever slot it
    /// was indexed in, decoded.
    private func lookup(_ attribute: String, _ value: String,
                        _ decode: @escaping @Sendable (String, [UInt8]) throws(KeystoreError) -> StoredCredential) async throws(WalletError) -> [StoredCredential] {
        var queries = attribute == "issuer" ? [("issuer", value)] : (0..<8).map { ("\(attribute).\($0)", value) }
        if attribute != "issuer" { queries.append(("\(attribute).more", "*")) }
        var slots: [[StoredCredential]] = []
        for (field, fieldValue) in queries {
            let found = try await keystoreCall { try await $0.records(kind: Self.credentialKind, field: field, value: "\(attribute)=\(fieldValue)", decode: decode) }
            if !found.isEmpty { slots.append(found) }
        }
        // A credential listed in several slots (a value repeated in its own list) counts once.
        guard slots.count > 1 else { return slots.first ?? [] }
        var seen = Set<String>()
        return slots.joined().filter { seen.insert($0.id).inserted }
    }

    /// A stored credential with the credential itself (`raw`).
    public func credential(_ id: String) async throws(WalletError) -> StoredCredential {
        let summary = try Self.decode(try await keystoreCall { try await $0.payload(kind: Self.credentialKind, id: id) })
        let raw = try await keystoreCall { try await $0.payload(kind: Self.credentialRawKind, id: id) }
        return try StoredCredential(json: summary, raw: String(decoding: raw, as: UTF8.self))
    }

    /// Deletes the stored credential `id` (its summary and its raw form, in one transaction).
    ///
    /// - Throws: ``WalletError`` `notFound` when there is none.
    public func deleteCredential(_ id: String) async throws(WalletError) {
        try await transaction { transaction in
            try transaction.delete(kind: Self.credentialKind, id: id)
            try transaction.delete(kind: Self.credentialRawKind, id: id)
        }
    }

    /// Records a presentation in the disclosure log (sealed like every record).
    public func logPresentation(_ entry: DisclosureLogEntry) async throws(WalletError) {
        let payload = Array(entry.jsonValue.compactString.utf8)
        try await keystoreCall { try await $0.insert(kind: Self.logKind, id: entry.id, payload: payload, indexes: ["audience": entry.audience]) }
    }

    /// The disclosure log, oldest first.
    public func disclosureLog() async throws(WalletError) -> [DisclosureLogEntry] {
        let records = try await keystoreCall { try await $0.records(kind: Self.logKind) }
        var entries: [DisclosureLogEntry] = []
        for record in records { entries.append(try DisclosureLogEntry(json: try Self.decode(record.payload))) }
        return entries.sorted { ($0.sequence, $0.id) < ($1.sequence, $1.id) }
    }

    /// The disclosure log entry `id`.
    ///
    /// - Throws: ``WalletError`` `notFound` when there is none.
    public func logEntry(_ id: String) async throws(WalletError) -> DisclosureLogEntry {
        try DisclosureLogEntry(json: try Self.decode(try await keystoreCall { try await $0.payload(kind: Self.logKind, id: id) }))
    }

    static func decode(_ payload: [UInt8]) throws(WalletError) -> JSONValue {
        do { return try JSONValue(parsing: payload) } catch { throw WalletError(.corrupted, "a record is not valid JSON: \(error.code)") }
    }
}
