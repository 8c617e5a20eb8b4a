import StrictJSON

/// The unambiguous form (``JSONLDProcessor/requireUnambiguousForm``): a document may state its
/// RDF only through the names its pinned contexts define, so that no second JSON tree states
/// the same RDF — the same signature — under other names.
///
/// - R1: every `@context` value is a context URL or an array of them (no inline context, no
///   null); checked before the context is processed.
/// - R2: every other key is a term of the active context whose IRI mapping is an IRI (not null,
///   not a reverse property), or the term `id` or `type` aliasing `@id` or `@type` (VC Data Model
///   2.0 §4.4, §4.5); or a key without `:` that is no term and expands through `@vocab`; or
///   `@value`, `@language` or `@direction` written as such in a value object (§11.1). Keywords,
///   compact and absolute IRIs written as keys, and other keyword aliases are refused.
/// - R3: an index map must have a property-valued `@index` (its keys become signed values), and
///   no map (index, id, type or language map) may use `@none` as a key.
///
/// - R4: a value says what is signed, once: no `null` (nothing is signed), no empty array (outside
///   a list), no value twice in one array, no node twice (two objects with one `id`) in one array;
///   a value object only as a language-tagged string (`{"@value": string, "@language": tag}`,
///   VC Data Model 2.0 §11.1) — a typed value object restates what the term's type mapping or the
///   JSON value already says — and no `@direction`, which the signed RDF does not carry.
///
/// Values are not keys: the members of a `@json` literal, and the keys of language, id and type
/// maps, are not checked by R2.
extension Expansion {
    /// R1.
    static func checkContextReference(_ context: JSONValue) throws(JSONLDError) {
        if context.stringValue != nil { return }
        if let items = context.arrayValue, items.allSatisfy({ $0.stringValue != nil }) { return }
        let what = context.isNull ? "null" : context.objectValue != nil ? "an inline context" : "an array holding an inline context or null"
        throw ambiguous(at: "@context", "\(what); only context URLs may appear in @context")
    }

    /// R2, for `key` of `map`, whose definition in `active` is `definition`.
    static func checkKey(_ key: String, definition: TermDefinition?, in map: JSONObject, active: ActiveContext) throws(JSONLDError) {
        if let definition {
            guard let iri = definition.iri else { throw ambiguous(at: key, "the term is mapped to null: its value would not be signed") }
            if definition.reverse { throw ambiguous(at: key, "the term is a reverse property of \(iri)") }
            if iri.utf8.first == UInt8(ascii: "@"), IRI.isKeyword(iri), !(iri == "@id" && key == "id"), !(iri == "@type" && key == "type") {
                throw ambiguous(at: key, "the term aliases \(iri); only id and type may alias keywords")
            }
            return
        }
        if key.utf8.first == UInt8(ascii: "@") {
            guard key == "@value" || key == "@language" || key == "@direction", map["@value"] != nil else {
                throw ambiguous(at: key, "the keyword is written as a key; only @value, @language and @direction are, in value objects")
            }
            return
        }
        if key.utf8.contains(UInt8(ascii: ":")) {
            throw ambiguous(at: key, "a compact or absolute IRI as a key; only terms of the context are")
        }
        if active.vocabularyMapping == nil {
            // Not ambiguous but dropped: the property has no IRI (safe mode's `dataLoss`).
            throw JSONLDError(.dataLoss, "the property \(key) is not a term of the context, and there is no @vocab: it would be dropped")
        }
    }

    /// R4, for the value of `key` in `map`.
    static func checkValue(_ key: String, _ value: JSONValue, definition: TermDefinition?, in map: JSONObject) throws(JSONLDError) {
        if definition?.typeMapping == "@json" { return }
        if key.utf8.first == UInt8(ascii: "@") {
            try checkKeywordValue(key, value, in: map)
        }
        try checkPlainValue(key, value, definition: definition)
    }

    static func checkKeywordValue(_ key: String, _ value: JSONValue, in map: JSONObject) throws(JSONLDError) {
        switch key {
        case "@value":
            guard value.stringValue != nil, map.count == 2, map["@language"]?.stringValue != nil else {
                throw ambiguous(at: key, "a value object other than a language-tagged string restates a value the term or JSON already gives")
            }
            return
        case "@direction":
            throw ambiguous(at: key, "@direction is not part of the signed RDF")
        default:
            break
        }
    }

    static func checkPlainValue(_ key: String, _ value: JSONValue, definition: TermDefinition?) throws(JSONLDError) {
        if value.isNull { throw ambiguous(at: key, "a null value states nothing that is signed") }
        guard let items = value.arrayValue else { return }
        if items.isEmpty {
            guard definition?.containers.contains(.list) == true else { throw ambiguous(at: key, "an empty array states nothing that is signed") }
            return
        }
        guard items.count > 1 else {
            if items[0].isNull { throw ambiguous(at: key, "a null value states nothing that is signed") }
            return
        }
        // The same value twice is one statement in RDF; so is the same node. (JSONValue equality
        // and hashing compare strings byte for byte; sets keep long arrays linear.)
        if items.count <= 8 {
            // Most arrays are a few values: compared pairwise, nothing built.
            for (index, item) in items.enumerated() {
                if item.isNull { throw ambiguous(at: key, "a null value states nothing that is signed") }
                for earlier in items[..<index] {
                    if earlier == item { throw ambiguous(at: key, "the same value twice: RDF keeps it once") }
                    if let id = item.objectValue?["id"], id.stringValue != nil, earlier.objectValue?["id"] == id {
                        throw ambiguous(at: key, "two objects for the node \(id.compactString): RDF merges them")
                    }
                }
            }
            return
        }
        var seen = Set<JSONValue>(minimumCapacity: items.count), nodeIds = Set<JSONValue>()
        for item in items {
            if item.isNull { throw ambiguous(at: key, "a null value states nothing that is signed") }
            guard seen.insert(item).inserted else { throw ambiguous(at: key, "the same value twice: RDF keeps it once") }
            if let id = item.objectValue?["id"], id.stringValue != nil, !nodeIds.insert(id).inserted {
                throw ambiguous(at: key, "two objects for the node \(id.compactString): RDF merges them")
            }
        }
    }

    /// R3, for the map `key` holds, of a term with `definition`.
    static func checkIndexMap(_ key: String, definition: TermDefinition?) throws(JSONLDError) {
        if let definition, definition.containers.contains(.index), definition.index == nil {
            throw ambiguous(at: key, "an index map: its keys (@index) would not be signed")
        }
    }

    /// R3: `@none` (or a term aliasing it) as a key of the map `key` holds.
    static func noneKey(_ key: String, _ index: String) -> JSONLDError {
        ambiguous(at: key, "\(index) as a map key: the value would be the same without the map")
    }

    /// An `ambiguousJSONLD` error at `key` (a JSON Pointer, RFC 6901, grows as it unwinds).
    static func ambiguous(at key: String, _ detail: String) -> JSONLDError {
        JSONLDError(.ambiguousJSONLD, "at /\(pointerToken(key)): \(detail)")
    }

    /// The same error one level up, under `key` (an object member) or an array index.
    static func under(_ component: String, _ error: JSONLDError) -> JSONLDError {
        guard error.code == .ambiguousJSONLD, error.message.hasPrefix("at /") else { return error }
        return JSONLDError(.ambiguousJSONLD, "at /\(pointerToken(component))" + error.message.dropFirst(3))
    }

    static func pointerToken(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        var token = String.UnicodeScalarView()
        for scalar in key.unicodeScalars {
            switch scalar {
            case "~": token.append(contentsOf: "~0".unicodeScalars)
            case "/": token.append(contentsOf: "~1".unicodeScalars)
            default: token.append(scalar)
            }
        }
        return String(token)
    }
}
