import StrictJSON

/// For the RDF suites the signature covers the dataset, not the JSON the report and the policies
/// read. The unambiguous-form rules of JSON-LD processing (decision 0010) already make the JSON
/// say each signed statement one way only; this check makes sure of it for every value a decision
/// rests on, by reading them again from the expanded form the dataset was made of and comparing
/// them with what the JSON says (security requirement 33). A pinned context that gave a second
/// name to `validUntil` or `credentialStatus` would be caught here.
enum SignedDataCheck {
    static let credentials = "https://www.w3.org/2018/credentials#"
    static let status = "https://www.w3.org/ns/credentials/status#"
    static let security = "https://w3id.org/security#"
    static let created = "http://purl.org/dc/terms/created"
    static let credentialType = credentials + "VerifiableCredential"
    static let presentationType = credentials + "VerifiablePresentation"
    static let authenticationMethod = security + "authenticationMethod"
    static let bitstringEntry = status + "BitstringStatusListEntry"
    static let statusPurpose = status + "statusPurpose", statusListIndex = status + "statusListIndex"
    static let statusListCredential = status + "statusListCredential", statusSize = status + "statusSize"

    /// The properties a decision reads, by their IRIs.
    enum Property: Int, CaseIterable {
        case id, type, issuer, holder, verifiableCredential, credentialSubject, validFrom, validUntil, issuanceDate, expirationDate,
             credentialStatus, created, expiration, verificationMethod, challenge, domain, proofPurpose

        var iri: String {
            switch self {
            case .id: "@id"
            case .type: "@type"
            case .issuer, .holder, .verifiableCredential, .credentialSubject, .validFrom, .validUntil, .issuanceDate, .expirationDate, .credentialStatus:
                SignedDataCheck.credentials + "\(self)"
            case .created: SignedDataCheck.created
            case .expiration, .verificationMethod, .challenge, .domain, .proofPurpose: SignedDataCheck.security + "\(self)"
            }
        }

        /// The IRIs' UTF-8, to tell members apart by length first.
        static let iris: [[UInt8]] = allCases.map { Array($0.iri.utf8) }
    }

    /// Compares the decision-relevant members of `document` (a credential or presentation without
    /// its proofs) with the top node of `expanded`, its expanded form.
    static func check(document: JSONObject, expanded: [JSONValue], presentation: Bool, dataModel: DataModelVersion) throws(VCError) {
        let node = try topNode(expanded, what: presentation ? "presentation" : "credential")
        try agree("id", JSON.identifiers(document["id"]), node.identifiers(.id))
        // The types the decision reads: the data model's own, and as many types as the JSON names.
        let types = node.types
        let jsonTypes = DataModelChecks.strings(document["type"])
        for (name, iri) in [("VerifiableCredential", credentialType), ("VerifiablePresentation", presentationType)] {
            guard jsonTypes.contains(name) == types.contains(iri) else {
                throw mismatch("type \(name)", "the JSON and the signed data disagree on whether it is a \(name)")
            }
        }
        let (jsonCount, signedCount) = (Set(jsonTypes).count, Set(types).count)
        guard jsonCount == signedCount else { throw mismatch("type", "the JSON names \(jsonCount) types, the signed data \(signedCount)") }
        if presentation {
            try agree("holder", JSON.identifiers(document["holder"]), node.identifiers(.holder))
            let embedded = document["verifiableCredential"].map { $0.arrayValue ?? [$0] } ?? []
            let signedEmbedded = node.values(.verifiableCredential).count
            guard embedded.count == signedEmbedded else {
                throw mismatch("verifiableCredential", "the JSON carries \(embedded.count) credentials, the signed data \(signedEmbedded)")
            }
            return
        }
        try agree("issuer", JSON.identifiers(document["issuer"]), node.identifiers(.issuer))
        let subjects = document["credentialSubject"].map { $0.arrayValue ?? [$0] } ?? []
        let signedSubjects = node.values(.credentialSubject)
        guard subjects.count == signedSubjects.count else {
            throw mismatch("credentialSubject", "the JSON has \(subjects.count) subjects, the signed data \(signedSubjects.count)")
        }
        try agree("credentialSubject id", subjects.compactMap { $0["id"]?.stringValue }, signedSubjects.compactMap { $0["@id"]?.stringValue })
        // The validity period: the names the data model reads, each the term of the credentials vocabulary.
        let dates: [(String, Property)] = dataModel == .v2 ? [("validFrom", .validFrom), ("validUntil", .validUntil)]
            : [("issuanceDate", .issuanceDate), ("expirationDate", .expirationDate), ("validFrom", .validFrom), ("validUntil", .validUntil)]
        for (name, property) in dates {
            try agree(name, [document[name]?.stringValue].compactMap { $0 }, node.literals(property))
        }
        let jsonStatus = document["credentialStatus"], signedStatus = node.values(.credentialStatus)
        if jsonStatus != nil || !signedStatus.isEmpty {
            try agree("credentialStatus", try statusEntries(jsonStatus), try statusEntries(signedStatus))
        }
    }

    /// Compares the decision-relevant members of a proof's options with its expanded configuration.
    static func checkProof(_ proof: JSONObject, expanded: [JSONValue]) throws(VCError) {
        let node = try topNode(expanded, what: "proof")
        try agree("proof created", [proof["created"]?.stringValue].compactMap { $0 }, node.literals(.created))
        try agree("proof expires", [proof["expires"]?.stringValue].compactMap { $0 }, node.literals(.expiration))
        try agree("proof verificationMethod", JSON.identifiers(proof["verificationMethod"]), node.identifiers(.verificationMethod))
        try agree("proof challenge", [proof["challenge"]?.stringValue].compactMap { $0 }, node.literals(.challenge))
        let domains = proof["domain"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue].compactMap { $0 } } ?? []
        try agree("proof domain", domains, node.literals(.domain))
        let purposes = node.identifiers(.proofPurpose)
        let purpose = proof["proofPurpose"]?.stringValue
        let expected = purpose == "authentication" ? authenticationMethod : purpose.map { security + $0 }
        try agree("proof proofPurpose", [expected].compactMap { $0 }, purposes)
    }

    // MARK: Reading

    /// The one top-level node, with the properties of every node object of the same graph that
    /// has its `@id`: RDF merges them into one subject, so a statement written in a nested object
    /// that names the credential's own id is the credential's statement too.
    static func topNode(_ expanded: [JSONValue], what: String) throws(VCError) -> ExpandedNode {
        guard expanded.count == 1, let object = expanded[0].objectValue else {
            throw mismatch(what, "the signed data holds \(expanded.count) top-level nodes, not one \(what)")
        }
        var node = ExpandedNode(object: object)
        if let id = object["@id"]?.stringValue {
            var merged: [JSONObject] = []
            for member in object where member.key != "@graph" { collect(sameAs: id, in: member.value, into: &merged) }
            for other in merged { node.add(other, skippingId: true) }
        }
        return node
    }

    /// Node objects of the default graph under `value` whose `@id` is `id` (code point for code point).
    static func collect(sameAs id: String, in value: JSONValue, into nodes: inout [JSONObject]) {
        switch value {
        case .array(let items): for item in items { collect(sameAs: id, in: item, into: &nodes) }
        case .object(let object):
            guard object["@value"] == nil else { return }
            if let nodeId = object["@id"]?.stringValue, nodeId.hasSameScalars(as: id) { nodes.append(object) }
            // A named graph (`@graph`, e.g. an embedded credential) is another graph: its nodes do not merge.
            for member in object where member.key != "@graph" { collect(sameAs: id, in: member.value, into: &nodes) }
        default: return
        }
    }

    /// A status entry as the decision reads it: id, whether it is a `BitstringStatusListEntry`,
    /// purpose, index, list and size.
    struct StatusEntry: Equatable, CustomStringConvertible {
        let id: String?
        let isBitstring: Bool
        let purpose: String?
        let index: String?
        let list: String?
        let size: String?

        /// Field by field, code point for code point.
        static func == (lhs: StatusEntry, rhs: StatusEntry) -> Bool {
            func same(_ a: String?, _ b: String?) -> Bool { a == nil ? b == nil : b.map { a!.hasSameScalars(as: $0) } ?? false }
            return lhs.isBitstring == rhs.isBitstring && same(lhs.id, rhs.id) && same(lhs.purpose, rhs.purpose) && same(lhs.index, rhs.index)
                && same(lhs.list, rhs.list) && same(lhs.size, rhs.size)
        }

        var description: String { "\(id ?? "-") \(purpose ?? "-") \(index ?? "-") \(list ?? "-") \(size ?? "-")" }
    }

    static func statusEntries(_ value: JSONValue?) throws(VCError) -> [StatusEntry] {
        let entries = value.map { $0.arrayValue ?? [$0] } ?? []
        return entries.map { entry in
            let isBitstring = DataModelChecks.strings(entry["type"]).contains("BitstringStatusListEntry")
            return StatusEntry(id: entry["id"]?.stringValue, isBitstring: isBitstring,
                               purpose: isBitstring ? entry["statusPurpose"]?.stringValue : nil,
                               index: isBitstring ? entry["statusListIndex"]?.stringValue : nil,
                               list: isBitstring ? entry["statusListCredential"]?.stringValue : nil,
                               size: isBitstring ? entry["statusSize"].map(\.compactString) : nil)
        }
    }

    static func statusEntries(_ nodes: [JSONValue]) throws(VCError) -> [StatusEntry] {
        nodes.map { value in
            let node = value.objectValue ?? [:]
            func values(_ iri: String) -> [JSONValue] { node[iri].map { $0.arrayValue ?? [$0] } ?? [] }
            let isBitstring = values("@type").contains { $0.stringValue == bitstringEntry }
            return StatusEntry(id: node["@id"]?.stringValue, isBitstring: isBitstring,
                               purpose: isBitstring ? values(statusPurpose).first?["@value"]?.stringValue : nil,
                               index: isBitstring ? values(statusListIndex).first?["@value"]?.stringValue : nil,
                               list: isBitstring ? values(statusListCredential).first?["@id"]?.stringValue : nil,
                               size: isBitstring ? values(statusSize).first?["@value"].map(\.compactString) : nil)
        }
    }

    /// The JSON and the signed data give the same values, as multisets. Few values each (one
    /// issuer, a subject or two, a status entry or two; the status entries are bounded by the
    /// status policy's cap further on, the subjects by the input size): matched one by one.
    static func agree<Value: Equatable>(_ name: String, _ json: [Value], _ signed: [Value], same: (Value, Value) -> Bool = { $0 == $1 }) throws(VCError) {
        guard json.count == signed.count else { throw mismatch(name, "the JSON says \(json), the signed data \(signed)") }
        var unmatched = signed
        for value in json {
            guard let index = unmatched.firstIndex(where: { same($0, value) }) else {
                throw mismatch(name, "the JSON says \(json), the signed data \(signed)")
            }
            unmatched.remove(at: index)
        }
    }

    /// Strings code point for code point (`String`'s `==` is canonical equivalence).
    static func agree(_ name: String, _ json: [String], _ signed: [String]) throws(VCError) {
        try agree(name, json, signed) { $0.hasSameScalars(as: $1) }
    }

    static func mismatch(_ name: String, _ detail: String) -> VCError {
        VCError(.signedDataMismatch, "\(name): \(detail); what the report would show is not what was signed")
    }

    /// Identifiers as the JSON gives them: a string, or an object's `id`.
    enum JSON {
        static func identifiers(_ value: JSONValue?) -> [String] {
            guard let value else { return [] }
            return [value.stringValue ?? value["id"]?.stringValue].compactMap { $0 }
        }
    }

    /// A node object of the expanded form (full IRIs as keys, arrays of value or node objects),
    /// read once: the values of each decision-relevant property.
    struct ExpandedNode {
        private var slots = [[JSONValue]](repeating: [], count: Property.allCases.count)

        init(object: JSONObject) { add(object, skippingId: false) }

        mutating func add(_ object: JSONObject, skippingId: Bool) {
            for member in object {
                let count = member.key.utf8.count
                for (index, iri) in Property.iris.enumerated() where iri.count == count && member.key.utf8.elementsEqual(iri) {
                    if skippingId && index == Property.id.rawValue { break }
                    slots[index] += member.value.arrayValue ?? [member.value]
                    break
                }
            }
        }

        func values(_ property: Property) -> [JSONValue] { slots[property.rawValue] }

        /// `@id` of the node itself (``Property/id``), or of the node objects under `property`.
        func identifiers(_ property: Property) -> [String] {
            property == .id ? values(.id).compactMap(\.stringValue) : values(property).compactMap { $0["@id"]?.stringValue }
        }

        /// The lexical forms of the literals under `property`.
        func literals(_ property: Property) -> [String] { values(property).compactMap { $0["@value"]?.stringValue } }

        var types: [String] { values(.type).compactMap(\.stringValue) }
    }
}
