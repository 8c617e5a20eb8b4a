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

    /// Compares the decision-relevant members of `document` (a credential or presentation without
    /// its proofs) with the top node of `expanded`, its expanded form.
    static func check(document: JSONObject, expanded: [JSONValue], presentation: Bool, dataModel: DataModelVersion) throws(VCError) {
        let node = try topNode(expanded, what: presentation ? "presentation" : "credential")
        try agree("id", JSON.identifiers(document["id"]), node.identifiers("@id"))
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
            try agree("holder", JSON.identifiers(document["holder"]), node.identifiers(credentials + "holder"))
            let embedded = document["verifiableCredential"].map { $0.arrayValue ?? [$0] } ?? []
            guard embedded.count == node.values(credentials + "verifiableCredential").count else {
                throw mismatch("verifiableCredential", "the JSON carries \(embedded.count) credentials, the signed data \(node.values(credentials + "verifiableCredential").count)")
            }
            return
        }
        try agree("issuer", JSON.identifiers(document["issuer"]), node.identifiers(credentials + "issuer"))
        let subjects = document["credentialSubject"].map { $0.arrayValue ?? [$0] } ?? []
        let signedSubjects = node.values(credentials + "credentialSubject")
        guard subjects.count == signedSubjects.count else {
            throw mismatch("credentialSubject", "the JSON has \(subjects.count) subjects, the signed data \(signedSubjects.count)")
        }
        try agree("credentialSubject id", subjects.compactMap { $0["id"]?.stringValue }, signedSubjects.compactMap { $0["@id"]?.stringValue })
        // The validity period: the names the data model reads, each the term of the credentials vocabulary.
        let dates = dataModel == .v2 ? ["validFrom", "validUntil"] : ["issuanceDate", "expirationDate", "validFrom", "validUntil"]
        for name in dates {
            try agree(name, [document[name]?.stringValue].compactMap { $0 }, node.literals(credentials + name))
        }
        try agree("credentialStatus", try statusEntries(document["credentialStatus"]), try statusEntries(node.values(credentials + "credentialStatus")))
    }

    /// Compares the decision-relevant members of a proof's options with its expanded configuration.
    static func checkProof(_ proof: JSONObject, expanded: [JSONValue]) throws(VCError) {
        let node = try topNode(expanded, what: "proof")
        try agree("proof created", [proof["created"]?.stringValue].compactMap { $0 }, node.literals(created))
        try agree("proof expires", [proof["expires"]?.stringValue].compactMap { $0 }, node.literals(security + "expiration"))
        try agree("proof verificationMethod", JSON.identifiers(proof["verificationMethod"]), node.identifiers(security + "verificationMethod"))
        try agree("proof challenge", [proof["challenge"]?.stringValue].compactMap { $0 }, node.literals(security + "challenge"))
        let domains = proof["domain"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue].compactMap { $0 } } ?? []
        try agree("proof domain", domains, node.literals(security + "domain"))
        let purposes = node.identifiers(security + "proofPurpose")
        let purpose = proof["proofPurpose"]?.stringValue
        let expected = purpose == "authentication" ? security + "authenticationMethod" : purpose.map { security + $0 }
        try agree("proof proofPurpose", [expected].compactMap { $0 }, purposes)
    }

    // MARK: Reading

    /// The one top-level node, with the properties of every node object of the same graph that
    /// has its `@id`: RDF merges them into one subject, so a statement written in a nested object
    /// that names the credential's own id is the credential's statement too.
    static func topNode(_ expanded: [JSONValue], what: String) throws(VCError) -> ExpandedNode {
        guard expanded.count == 1, var object = expanded[0].objectValue else {
            throw mismatch(what, "the signed data holds \(expanded.count) top-level nodes, not one \(what)")
        }
        if let id = object["@id"]?.stringValue {
            var merged: [JSONObject] = []
            for member in object where member.key != "@graph" { collect(sameAs: id, in: member.value, into: &merged) }
            for node in merged {
                for member in node where member.key != "@id" {
                    let existing = object[member.key].map { $0.arrayValue ?? [$0] } ?? []
                    object[member.key] = .array(existing + (member.value.arrayValue ?? [member.value]))
                }
            }
        }
        return ExpandedNode(object: object)
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
    struct StatusEntry: Hashable {
        let id: String?
        let isBitstring: Bool
        let purpose: String?
        let index: String?
        let list: String?
        let size: String?
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
            let node = ExpandedNode(object: value.objectValue ?? [:])
            let isBitstring = node.types.contains(status + "BitstringStatusListEntry")
            return StatusEntry(id: node.identifiers("@id").first, isBitstring: isBitstring,
                               purpose: isBitstring ? node.literals(status + "statusPurpose").first : nil,
                               index: isBitstring ? node.literals(status + "statusListIndex").first : nil,
                               list: isBitstring ? node.identifiers(status + "statusListCredential").first : nil,
                               size: isBitstring ? node.values(status + "statusSize").first?["@value"].map(\.compactString) : nil)
        }
    }

    /// The JSON and the signed data give the same values (as multisets, code point for code point).
    static func agree<Value: Hashable>(_ name: String, _ json: [Value], _ signed: [Value]) throws(VCError) {
        guard json.count == signed.count, multiset(json) == multiset(signed) else {
            throw mismatch(name, "the JSON says \(json.map { "\($0)" }), the signed data \(signed.map { "\($0)" })")
        }
    }

    static func agree(_ name: String, _ json: [String], _ signed: [String]) throws(VCError) {
        guard json.count == signed.count else { throw mismatch(name, "the JSON says \(json), the signed data \(signed)") }
        // Few values each (one issuer, a subject or two): match them one by one, code point for code point.
        var unmatched = signed
        for value in json {
            guard let index = unmatched.firstIndex(where: { $0.hasSameScalars(as: value) }) else {
                throw mismatch(name, "the JSON says \(json), the signed data \(signed)")
            }
            unmatched.remove(at: index)
        }
    }

    static func multiset<Value: Hashable>(_ values: [Value]) -> [Value: Int] {
        values.reduce(into: [:]) { counts, value in counts[value, default: 0] += 1 }
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

    /// A node object of the expanded form: full IRIs as keys, arrays of value or node objects.
    struct ExpandedNode {
        let object: JSONObject

        func values(_ iri: String) -> [JSONValue] {
            guard let value = object[iri] else { return [] }
            return value.arrayValue ?? [value]
        }

        /// `@id` of the node itself (`"@id"`), or of the node objects under `iri`.
        func identifiers(_ iri: String) -> [String] {
            if iri == "@id" { return [object["@id"]?.stringValue].compactMap { $0 } }
            return values(iri).compactMap { $0["@id"]?.stringValue }
        }

        /// The lexical forms of the literals under `iri`.
        func literals(_ iri: String) -> [String] { values(iri).compactMap { $0["@value"]?.stringValue } }

        var types: [String] { values("@type").compactMap(\.stringValue) }
    }
}
