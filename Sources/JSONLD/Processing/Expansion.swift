import StrictJSON

/// The Expansion algorithm (JSON-LD 1.1 Processing Algorithms §5.1.2) and Value Expansion
/// (§5.3.2). In safe mode, anything expansion would silently drop is an error (`dataLoss`).
struct Expansion {
    let contexts: ContextProcessing
    let safeMode: Bool
    /// Refuse what lets a second JSON tree state the same RDF (``JSONLDProcessor/requireUnambiguousForm``;
    /// the rules are in `Expansion+UnambiguousForm.swift`).
    var requireUnambiguousForm = false
    /// Whether entries are expanded in code point order of their keys (the API's `ordered`
    /// option, which the test suites' expected output assumes). Without it they are expanded
    /// in document order: only the order of values within a property differs, which the RDF
    /// dataset does not see.
    var ordered = true

    func dataLoss(_ what: String) -> JSONLDError { JSONLDError(.dataLoss, what) }

    /// `knownDefinition`: the active property's definition in `active` when the caller has
    /// looked it up already (`.some(nil)`: it has none).
    func expand(_ active: ActiveContext, property activeProperty: String?, element: JSONValue, baseURL: String?,
                fromMap: Bool = false, knownDefinition: TermDefinition?? = nil) throws(JSONLDError) -> JSONValue? {
        if element.isNull { return nil }
        let definition = knownDefinition ?? activeProperty.flatMap { active.terms[$0] }
        let propertyScoped = definition?.context
        // Step 4: scalars.
        if element.objectValue == nil && element.arrayValue == nil {
            if activeProperty == nil || activeProperty == "@graph" {
                if safeMode { throw dataLoss("a free-floating value (\(element.compactString)) would be dropped") }
                return nil
            }
            guard let propertyScoped else { return try expandValue(active, property: activeProperty!, value: element, knownDefinition: .some(definition)) }
            try contexts.budget?.countScopedContext()
            let context = try contexts.process(active, local: propertyScoped, baseURL: definition?.baseURL, scope: (active.token, activeProperty!))
            return try expandValue(context, property: activeProperty!, value: element)
        }
        // Step 5: arrays.
        if let items = element.arrayValue {
            var result: [JSONValue] = []
            for (index, item) in items.enumerated() {
                let expandedItem: JSONValue?
                do {
                    expandedItem = try expand(active, property: activeProperty, element: item, baseURL: baseURL, fromMap: fromMap,
                                              knownDefinition: .some(definition))
                } catch {
                    throw Self.under(String(index), error)
                }
                guard var expanded = expandedItem else { continue }
                if definition?.containers.contains(.list) == true, expanded.arrayValue != nil { expanded = ["@list": expanded] }
                if let nested = expanded.arrayValue { result.append(contentsOf: nested) } else { result.append(expanded) }
            }
            return .array(result)
        }
        let map = element.objectValue!
        let local = map["@context"]
        // R1 before any context is processed: an inline context costs nothing when refused.
        if requireUnambiguousForm, let local { try Self.checkContextReference(local) }
        var context = active
        // Step 7: a type-scoped context does not reach into new node objects.
        if let previous = context.previousContext?.value, !fromMap {
            let isValue = map.contains { Self.key($0.key, isKeyword: "@value", in: context) }
            let onlyId = map.count == 1 && Self.key(map[0].key, isKeyword: "@id", in: context)
            if !isValue && !onlyId { context = previous }
        }
        if let propertyScoped {
            try contexts.budget?.countScopedContext()
            context = try contexts.process(context, local: propertyScoped, baseURL: definition?.baseURL, overrideProtected: true,
                                           scope: (active.token, activeProperty!))
        }
        if let local {
            if local.stringValue == nil { try contexts.budget?.countInlineContext(local) }
            context = try contexts.process(context, local: local, baseURL: baseURL)
        }
        let typeScoped = context
        var inputType: String?
        // Step 11: the keys that are @type (or alias it), in order.
        let typeMembers = map.filter { Self.key($0.key, isKeyword: "@type", in: context) }.sorted { $0.key < $1.key }
        for member in typeMembers {
            let key = member.key
            let values = (map[key]!.arrayValue ?? [map[key]!]).compactMap(\.stringValue).sorted()
            for term in values {
                if let scoped = typeScoped.terms[term]?.context {
                    try contexts.budget?.countScopedContext()
                    context = try contexts.process(context, local: scoped, baseURL: typeScoped.terms[term]?.baseURL, propagate: false,
                                                   scope: (typeScoped.token, term))
                }
            }
            if inputType == nil, let last = (map[key]!.arrayValue ?? [map[key]!]).last?.stringValue {
                inputType = try contexts.expandIRI(context, last, vocab: true)
            }
        }
        var result = JSONObject()
        result.reserveCapacity(map.count)
        var nests: [String] = []
        try expandEntries(map, into: &result, nests: &nests, active: context, typeScoped: typeScoped, activeProperty: activeProperty,
                          inputType: inputType, baseURL: baseURL)
        // Step 14: nested properties.
        for nestingKey in nests {
            try expandNested(nestingKey, in: map, into: &result, active: context, typeScoped: typeScoped,
                             activeProperty: activeProperty, inputType: inputType, baseURL: baseURL)
        }
        // Steps 15–19. Which keywords the result holds, found in one pass (most keys are IRIs).
        var hasValue = false, hasType = false, hasSetOrList = false, hasList = false, hasLanguage = false, hasId = false
        for member in result where member.key.utf8.first == UInt8(ascii: "@") {
            switch member.key {
            case "@value": hasValue = true
            case "@type": hasType = true
            case "@set": hasSetOrList = true
            case "@list": hasSetOrList = true; hasList = true
            case "@language": hasLanguage = true
            case "@id": hasId = true
            default: break
            }
        }
        if hasValue, let value = result["@value"] {
            guard result.allSatisfy({ Self.valueObjectKeys.contains($0.key) }), !(result["@type"] != nil && (result["@language"] != nil || result["@direction"] != nil)) else {
                throw .processing("invalid value object")
            }
            if result["@type"] == "@json" { return .object(result) }
            if value.isNull { return nil }
            if value.stringValue == nil && result["@language"] != nil { throw .processing("invalid language-tagged value") }
            if let type = result["@type"] {
                guard let text = type.stringValue, IRI.isWellFormed(text) else { throw .processing("invalid typed value") }
            }
        } else if hasType, let type = result["@type"], type.arrayValue == nil {
            result["@type"] = [type]
        } else if hasSetOrList {
            guard result.count <= 2, result.keys.allSatisfy({ ["@set", "@list", "@index"].contains($0) }) else { throw .processing("invalid set or list object") }
            if let set = result["@set"] { return set }
        }
        if result.count == 1 && hasLanguage { return nil }
        if activeProperty == nil || activeProperty == "@graph" {
            if result.isEmpty || hasValue || hasList {
                if safeMode && !result.isEmpty { throw dataLoss("a free-floating value or list would be dropped") }
                return nil
            }
            if result.count == 1 && hasId {
                return nil
            }
        }
        return .object(result)
    }

    static let valueObjectKeys: Set<String> = ["@direction", "@index", "@language", "@type", "@value"]

    /// Step 13 over the entries of `map` (also used for nested properties).
    func expandEntries(_ map: JSONObject, into result: inout JSONObject, nests: inout [String], active: ActiveContext, typeScoped: ActiveContext,
                       activeProperty: String?, inputType: String?, baseURL: String?) throws(JSONLDError) {
        let members = ordered ? map.members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) : map.members
        for member in members {
            let key = member.key, value = member.value
            if key == "@context" { continue }
            // One lookup of the key's definition serves its IRI expansion and its value's.
            let definition = IRI.isKeyword(key) ? nil : active.terms[key]
            if requireUnambiguousForm {
                try Self.checkKey(key, definition: definition, in: map, active: active)
                try Self.checkValue(key, value, definition: definition, in: map)
            }
            let expandedProperty = try expandKey(key, definition: definition, in: active)
            guard let expandedProperty, expandedProperty.utf8.contains(UInt8(ascii: ":")) || IRI.isKeyword(expandedProperty) else {
                if safeMode { throw dataLoss("the property \(key) does not expand to an absolute IRI") }
                continue
            }
            if IRI.isKeyword(expandedProperty) {
                if activeProperty == "@reverse" { throw .processing("invalid reverse property map") }
                if result[expandedProperty] != nil && expandedProperty != "@included" && expandedProperty != "@type" {
                    throw .processing("colliding keywords", expandedProperty)
                }
                var expandedValue: JSONValue?
                switch expandedProperty {
                case "@id":
                    guard let text = value.stringValue else { throw .processing("invalid @id value") }
                    if let iri = try contexts.expandIRI(active, text, documentRelative: true) {
                        expandedValue = .string(iri)
                    } else {
                        // A keyword-like @id ("@ignoreMe") expands to null (§5.1.2 step 13.4.3).
                        if safeMode { throw dataLoss("@id \(text) does not expand") }
                        result["@id"] = .null
                        continue
                    }
                case "@type":
                    let values = value.arrayValue ?? [value]
                    guard values.allSatisfy({ $0.stringValue != nil }) else { throw .processing("invalid type value") }
                    var types: [JSONValue] = []
                    for type in values.compactMap(\.stringValue) {
                        guard let iri = try contexts.expandIRI(typeScoped, type, documentRelative: true, vocab: true) else {
                            if safeMode { throw dataLoss("the type \(type) does not expand") }
                            continue
                        }
                        if safeMode && !IRI.isAbsolute(iri) && !iri.hasPrefix("_:") && iri != "@json" { throw dataLoss("the type \(type) is not an absolute IRI") }
                        types.append(.string(iri))
                    }
                    if let existing = result["@type"] { types = (existing.arrayValue ?? [existing]) + types }
                    expandedValue = value.arrayValue != nil || types.count > 1 ? .array(types) : types.first
                case "@graph":
                    let graph = try expand(active, property: "@graph", element: value, baseURL: baseURL)
                    expandedValue = graph.map { $0.arrayValue != nil ? $0 : .array([$0]) } ?? .array([])
                case "@included":
                    for item in value.arrayValue ?? [value] {
                        guard let object = item.objectValue, !hasKey(object, expandingTo: "@value", in: active),
                              !hasKey(object, expandingTo: "@list", in: active) else { throw .processing("invalid @included value") }
                    }
                    let included = try expand(active, property: nil, element: value, baseURL: baseURL)
                    var items = included.map { $0.arrayValue ?? [$0] } ?? []
                    guard items.allSatisfy({ Self.isNodeObject($0) }) else { throw .processing("invalid @included value") }
                    if let existing = result["@included"]?.arrayValue { items = existing + items }
                    expandedValue = .array(items)
                case "@value":
                    if inputType == "@json" {
                        expandedValue = value
                    } else {
                        guard value.objectValue == nil, value.arrayValue == nil else { throw .processing("invalid value object value") }
                        expandedValue = value
                        if value.isNull {
                            result["@value"] = .null
                            continue
                        }
                    }
                case "@language":
                    guard let text = value.stringValue else { throw .processing("invalid language-tagged string") }
                    expandedValue = .string(text.lowercased())
                case "@direction":
                    guard let text = value.stringValue, text == "ltr" || text == "rtl" else { throw .processing("invalid base direction") }
                    expandedValue = value
                case "@index":
                    guard value.stringValue != nil else { throw .processing("invalid @index value") }
                    expandedValue = value
                case "@list":
                    if activeProperty == nil || activeProperty == "@graph" {
                        if safeMode { throw dataLoss("a free-floating list would be dropped") }
                        continue
                    }
                    let list = try expand(active, property: activeProperty, element: value, baseURL: baseURL)
                    expandedValue = list.map { $0.arrayValue != nil ? $0 : .array([$0]) } ?? .array([])
                case "@set":
                    expandedValue = try expand(active, property: activeProperty, element: value, baseURL: baseURL)
                case "@reverse":
                    guard value.objectValue != nil else { throw .processing("invalid @reverse value") }
                    guard let reversed = try expand(active, property: "@reverse", element: value, baseURL: baseURL)?.objectValue else { continue }
                    if let doubleReverse = reversed["@reverse"]?.objectValue {
                        for member in doubleReverse { Self.addValue(&result, member.key, member.value, asArray: true) }
                    }
                    if reversed.keys.contains(where: { $0 != "@reverse" }) {
                        var reverseMap = result["@reverse"]?.objectValue ?? JSONObject()
                        for member in reversed where member.key != "@reverse" {
                            for item in member.value.arrayValue ?? [member.value] {
                                if item["@value"] != nil || item["@list"] != nil { throw .processing("invalid reverse property value") }
                                Self.addValue(&reverseMap, member.key, item, asArray: true)
                            }
                        }
                        result["@reverse"] = .object(reverseMap)
                    }
                    continue
                case "@nest":
                    nests.append(key)
                    continue
                default:
                    continue
                }
                if let expandedValue { result[expandedProperty] = expandedValue }
                continue
            }
            let container = definition?.containers ?? []
            var expandedValue: JSONValue?
            if definition?.typeMapping == "@json" {
                expandedValue = ["@value": value, "@type": "@json"]
            } else if container.contains(.language), let languageMap = value.objectValue {
                var items: [JSONValue] = []
                let direction = definition?.direction ?? active.defaultDirection.map { .some($0) } ?? nil
                for language in languageMap.keys.sorted() {
                    for item in languageMap[language]!.arrayValue ?? [languageMap[language]!] {
                        if item.isNull { continue }
                        guard let text = item.stringValue else { throw .processing("invalid language map value") }
                        var object: JSONObject = ["@value": .string(text), "@language": .string(language.lowercased())]
                        if try contexts.expandIRI(active, language, vocab: true) == "@none" {
                            if requireUnambiguousForm { throw Self.noneKey(key, language) }
                            object.removeValue(forKey: "@language")
                        }
                        if let direction = direction ?? nil { object["@direction"] = .string(direction) }
                        items.append(.object(object))
                    }
                }
                expandedValue = .array(items)
            } else if !container.isDisjoint(with: [.index, .type, .id]), let indexMap = value.objectValue {
                if requireUnambiguousForm { try Self.checkIndexMap(key, definition: definition) }
                var items: [JSONValue] = []
                let indexKey = definition?.index ?? "@index"
                for index in indexMap.keys.sorted() {
                    var mapContext = active
                    if !container.isDisjoint(with: [.id, .type]) { mapContext = active.previousContext?.value ?? active }
                    if container.contains(.type), let scoped = mapContext.terms[index]?.context {
                        try contexts.budget?.countScopedContext()
                        mapContext = try contexts.process(mapContext, local: scoped, baseURL: mapContext.terms[index]?.baseURL)
                    } else if container.isDisjoint(with: [.id, .type]) {
                        mapContext = active
                    }
                    let expandedIndex = try contexts.expandIRI(active, index, vocab: true)
                    if requireUnambiguousForm && expandedIndex == "@none" { throw Self.noneKey(key, index) }
                    let indexValue = indexMap[index]!
                    let expandedItems: JSONValue?
                    do {
                        expandedItems = try expand(mapContext, property: key, element: .array(indexValue.arrayValue ?? [indexValue]), baseURL: baseURL, fromMap: true)
                    } catch {
                        throw Self.under(key, Self.under(index, error))
                    }
                    for var item in expandedItems?.arrayValue ?? [] {
                        if container.contains(.graph) && item["@graph"] == nil { item = ["@graph": .array([item])] }
                        guard var object = item.objectValue else { continue }
                        if container.contains(.index) && indexKey != "@index" && expandedIndex != "@none" {
                            guard let reExpanded = try expandValue(active, property: indexKey, value: .string(index)),
                                  let expandedIndexKey = try contexts.expandIRI(active, indexKey, vocab: true) else { continue }
                            let existing = object[expandedIndexKey].map { $0.arrayValue ?? [$0] } ?? []
                            object[expandedIndexKey] = .array([reExpanded] + existing)
                            if object["@value"] != nil && object.count > 1 { throw .processing("invalid value object") }
                        } else if container.contains(.index) && object["@index"] == nil && expandedIndex != "@none" {
                            object["@index"] = .string(index)
                        } else if container.contains(.id) && object["@id"] == nil && expandedIndex != "@none" {
                            if let id = try contexts.expandIRI(active, index, documentRelative: true) { object["@id"] = .string(id) }
                        } else if container.contains(.type) && expandedIndex != "@none", let expandedIndex {
                            let existing = object["@type"].map { $0.arrayValue ?? [$0] } ?? []
                            object["@type"] = .array([.string(expandedIndex)] + existing)
                        }
                        items.append(.object(object))
                    }
                }
                expandedValue = .array(items)
            } else {
                do {
                    expandedValue = try expand(active, property: key, element: value, baseURL: baseURL, knownDefinition: .some(definition))
                } catch {
                    throw Self.under(key, error)
                }
            }
            guard var expanded = expandedValue else { continue }
            if container.contains(.list) && expanded["@list"] == nil {
                expanded = ["@list": expanded.arrayValue != nil ? expanded : .array([expanded])]
            }
            if container.contains(.graph) && !container.contains(.id) && !container.contains(.index) {
                expanded = .array((expanded.arrayValue ?? [expanded]).map { ["@graph": .array($0.arrayValue ?? [$0])] })
            }
            if definition?.reverse == true {
                var reverseMap = result["@reverse"]?.objectValue ?? JSONObject()
                for item in expanded.arrayValue ?? [expanded] {
                    if item["@value"] != nil || item["@list"] != nil { throw .processing("invalid reverse property value") }
                    Self.addValue(&reverseMap, expandedProperty, item, asArray: true)
                }
                result["@reverse"] = .object(reverseMap)
            } else {
                Self.addValue(&result, expandedProperty, expanded, asArray: true)
            }
        }
    }

    func expandNested(_ nestingKey: String, in map: JSONObject, into result: inout JSONObject, active outer: ActiveContext, typeScoped: ActiveContext,
                      activeProperty: String?, inputType: String?, baseURL: String?) throws(JSONLDError) {
        // A nesting term's own scoped context applies to what it nests.
        var active = outer
        if let definition = outer.terms[nestingKey], let scoped = definition.context {
            try contexts.budget?.countScopedContext()
            active = try contexts.process(outer, local: scoped, baseURL: definition.baseURL, overrideProtected: true, scope: (outer.token, nestingKey))
        }
        for nested in map[nestingKey].map({ $0.arrayValue ?? [$0] }) ?? [] {
            guard let nestedMap = nested.objectValue, !hasKey(nestedMap, expandingTo: "@value", in: active) else {
                throw .processing("invalid @nest value", nestingKey)
            }
            var innerNests: [String] = []
            try expandEntries(nestedMap, into: &result, nests: &innerNests, active: active, typeScoped: typeScoped,
                              activeProperty: activeProperty, inputType: inputType, baseURL: baseURL)
            for key in innerNests {
                try expandNested(key, in: nestedMap, into: &result, active: active, typeScoped: typeScoped,
                                 activeProperty: activeProperty, inputType: inputType, baseURL: baseURL)
            }
        }
    }

    /// IRI expansion of a key, vocabulary-relative (§5.2.2), given its definition in `active`.
    func expandKey(_ key: String, definition: TermDefinition?, in active: ActiveContext) throws(JSONLDError) -> String? {
        let outcome = try ContextProcessing.expandIRIWithDefinitions(key, vocab: true) { name in CodePoints.equal(name, key) ? definition : active.terms[name] }
        switch outcome {
        case .expanded(let result): return result
        case .unresolved: return ContextProcessing.expandIRITail(key, in: active, documentRelative: false, vocab: true)
        }
    }

    func hasKey(_ map: JSONObject, expandingTo keyword: String, in active: ActiveContext) -> Bool {
        map.contains { Self.key($0.key, isKeyword: keyword, in: active) }
    }

    /// Whether `key` IRI-expands (vocab-relative) to `keyword`: the keyword itself, or a term
    /// aliasing it — the only ways a key reaches a keyword (§5.2.2 steps 1 and 4), checked
    /// without running the whole expansion.
    static func key(_ key: String, isKeyword keyword: String, in active: ActiveContext) -> Bool {
        if key == keyword { return true }
        guard active.keywordAliases.count <= 8 else { return active.terms[key]?.iri == keyword }
        return active.keywordAliases.contains { CodePoints.equal($0.term, key) && $0.keyword == keyword }
    }
}
