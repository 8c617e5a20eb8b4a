import StrictJSON

/// Value Expansion (JSON-LD 1.1 Processing Algorithms §5.3.2) and the small helpers expansion
/// uses on the values it builds.
extension Expansion {
    /// §5.3.2 Value Expansion.
    func expandValue(_ active: ActiveContext, property: String, value: JSONValue, knownDefinition: TermDefinition?? = nil) throws(JSONLDError) -> JSONValue? {
        let definition = knownDefinition ?? active.terms[property]
        if definition?.typeMapping == "@id", let text = value.stringValue {
            return ["@id": .string(try contexts.expandIRI(active, text, documentRelative: true) ?? text)]
        }
        if definition?.typeMapping == "@vocab", let text = value.stringValue {
            return ["@id": .string(try contexts.expandIRI(active, text, documentRelative: true, vocab: true) ?? text)]
        }
        var result: JSONObject = ["@value": value]
        if let type = definition?.typeMapping, type != "@id", type != "@vocab", type != "@none" {
            result["@type"] = .string(type)
        } else if value.stringValue != nil {
            let language = definition?.language ?? active.defaultLanguage.map { .some($0) } ?? nil
            let direction = definition?.direction ?? active.defaultDirection.map { .some($0) } ?? nil
            if let language = language ?? nil { result["@language"] = .string(language) }
            if let direction = direction ?? nil { result["@direction"] = .string(direction) }
        }
        return .object(result)
    }

    static func isNodeObject(_ value: JSONValue) -> Bool {
        guard let object = value.objectValue else { return false }
        return object["@value"] == nil && object["@list"] == nil && object["@set"] == nil
    }

    /// Appends `value` (or each of its elements) to the array at `key`.
    static func addValue(_ object: inout JSONObject, _ key: String, _ value: JSONValue, asArray: Bool) {
        object.withValue(forKey: key, default: .array([])) { slot in
            var items = slot.arrayValue ?? [slot]
            slot = .null  // so that `items` is the only reference and grows in place
            if let more = value.arrayValue { items.append(contentsOf: more) } else { items.append(value) }
            slot = .array(items)
        }
    }
}
