import Foundation
import StrictJSON

/// Node Map Generation (JSON-LD 1.1 Processing Algorithms §7.2.2) and Deserialize JSON-LD to
/// RDF (§8.1.2), with Object to RDF (§8.1.4? "Object to RDF Conversion") and List to RDF.
struct RDFDeserialization {
    let safeMode: Bool
    let rdfDirection: JSONLDProcessor.RDFDirection?

    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"
    // Built once: they are written for every type, list cell and typed literal.
    static let rdfType = RDFTerm.iri(rdf + "type"), rdfFirst = RDFTerm.iri(rdf + "first"), rdfRest = RDFTerm.iri(rdf + "rest")
    static let rdfNil = RDFTerm.iri(rdf + "nil")
    static let xsdBoolean = xsd + "boolean", xsdDouble = xsd + "double", xsdInteger = xsd + "integer", rdfJSON = rdf + "JSON"
    static let nodeKeywords: Set<String> = ["@id", "@type", "@index", "@reverse", "@graph", "@included"]

    /// A node of the node map: its properties in a dictionary of value arrays, mutated in place.
    final class Node {
        var properties: [String: [JSONValue]] = [:]
        var index: JSONValue?
        /// The values of each property, for constant-time duplicate checks.
        private var seen: [String: Set<JSONValue>] = [:]

        func addUnique(_ property: String, _ value: JSONValue) {
            // One lookup, and the value array appended to in place.
            guard let slot = properties.index(forKey: property) else {
                properties[property] = [value]
                return
            }
            if properties.values[slot].count < 16 {
                // Few values: compare directly (hashing JSON values costs more).
                if properties.values[slot].contains(value) { return }
            } else {
                if seen[property] == nil { seen[property] = Set(properties.values[slot]) }
                guard seen[property]!.insert(value).inserted else { return }
            }
            properties.values[slot].append(value)
        }
    }

    final class State {
        var counter = 0
        var labels: [String: String] = [:]
        /// graph name → subject → node.
        var graphs: [String: [String: Node]] = ["@default": [:]]

        func label(_ identifier: String?) -> String {
            guard let identifier else {
                counter += 1
                return "_:b\(counter - 1)"
            }
            if let existing = labels[identifier] { return existing }
            let issued = "_:b\(counter)"
            counter += 1
            labels[identifier] = issued
            return issued
        }

        /// The node `id` of `graph`, created if needed.
        func node(_ id: String, in graph: String) -> Node {
            if let existing = graphs[graph]?[id] { return existing }
            let node = Node()
            graphs[graph, default: [:]][id] = node
            return node
        }
    }

    /// The subject of a property value: a node of the map (held directly, no lookup by id), or
    /// (for reverse properties) a node reference.
    enum Subject {
        case node(Node)
        case reference(JSONValue)
    }

    // MARK: §7.2.2 Node Map Generation

    func generate(_ element: JSONValue, state: State, graph activeGraph: String, subject: Subject?, property: String?,
                  list: inout [JSONValue]?) throws(JSONLDError) {
        if let items = element.arrayValue {
            for item in items { try generate(item, state: state, graph: activeGraph, subject: subject, property: property, list: &list) }
            return
        }
        guard var object = element.objectValue else { return }
        if let types = object["@type"], Self.mentionsBlankNode(types) {
            func relabel(_ type: JSONValue) -> JSONValue {
                if let text = type.stringValue, text.hasPrefix("_:") { return .string(state.label(text)) }
                return type
            }
            object["@type"] = types.arrayValue.map { .array($0.map(relabel)) } ?? relabel(types)
        }
        if object["@value"] != nil {
            if list == nil {
                guard case .node(let subjectNode)? = subject, let property else { return }
                subjectNode.addUnique(property, .object(object))
            } else {
                list!.append(.object(object))
            }
            return
        }
        if let listValue = object["@list"] {
            var inner: [JSONValue]? = []
            try generate(listValue, state: state, graph: activeGraph, subject: subject, property: property, list: &inner)
            let result: JSONValue = ["@list": .array(inner ?? [])]
            if list == nil {
                guard case .node(let subjectNode)? = subject, let property else { return }
                subjectNode.properties[property, default: []].append(result)
            } else {
                list!.append(result)
            }
            return
        }
        // A node object. One whose @id expanded to null (a keyword-like value) is dropped with
        // its references, as the suite expects (toRdf e122).
        if object["@id"]?.isNull == true { return }
        let id: String
        if let given = object["@id"]?.stringValue {
            id = given.hasPrefix("_:") ? state.label(given) : given
        } else {
            id = state.label(nil)
        }
        let node = state.node(id, in: activeGraph)
        switch subject {
        case .reference(let reference)?:
            if let property { node.addUnique(property, reference) }
        case .node(let subjectNode)?:
            if let property {
                let reference: JSONValue = ["@id": .string(id)]
                if list == nil { subjectNode.addUnique(property, reference) } else { list!.append(reference) }
            }
        case nil:
            break
        }
        if let types = object["@type"]?.arrayValue {
            for type in types { node.addUnique("@type", type) }
        }
        if let index = object["@index"] {
            if let existing = node.index, existing != index { throw .processing("conflicting indexes") }
            node.index = index
        }
        if let reverse = object["@reverse"]?.objectValue {
            let reference: JSONValue = ["@id": .string(id)]
            for member in reverse {
                for value in member.value.arrayValue ?? [member.value] {
                    var none: [JSONValue]? = nil
                    try generate(value, state: state, graph: activeGraph, subject: .reference(reference), property: member.key, list: &none)
                }
            }
        }
        if let graph = object["@graph"] {
            var none: [JSONValue]? = nil
            try generate(graph, state: state, graph: id, subject: nil, property: nil, list: &none)
        }
        if let included = object["@included"] {
            var none: [JSONValue]? = nil
            try generate(included, state: state, graph: activeGraph, subject: nil, property: nil, list: &none)
        }
        for member in object where !(member.key.utf8.first == UInt8(ascii: "@") && Self.nodeKeywords.contains(member.key)) {
            let name = member.key.hasPrefix("_:") ? state.label(member.key) : member.key
            if node.properties[name] == nil { node.properties[name] = [] }
            var none: [JSONValue]? = nil
            try generate(member.value, state: state, graph: activeGraph, subject: .node(node), property: name, list: &none)
        }
    }

    /// Whether a `@type` value is or holds a blank node identifier (which the node map relabels).
    static func mentionsBlankNode(_ types: JSONValue) -> Bool {
        func isBlank(_ type: JSONValue) -> Bool { type.stringValue?.hasPrefix("_:") == true }
        return types.arrayValue?.contains(where: isBlank) ?? isBlank(types)
    }

    // MARK: §8.1.2 Deserialize JSON-LD to RDF

    /// The quads of the expanded document: graphs, subjects and properties in code point order
    /// when `ordered`, else in no particular order (canonicalization, which sorts, needs none).
    func quads(from expanded: [JSONValue], ordered: Bool = true) throws(JSONLDError) -> [RDFQuad] {
        let state = State()
        var none: [JSONValue]? = nil
        try generate(.array(expanded), state: state, graph: "@default", subject: nil, property: nil, list: &none)
        var output: [RDFQuad] = []
        // Code point order (UTF-8 bytes), which is cheaper than String's Unicode ordering and is
        // all the order needs to be: deterministic.
        func keys<Value>(_ dictionary: [String: Value]) -> [String] {
            ordered ? dictionary.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } : Array(dictionary.keys)
        }
        for graphName in keys(state.graphs) {
            let graphTerm: RDFTerm?
            if graphName == "@default" { graphTerm = nil }
            else if let term = term(graphName) { graphTerm = term }
            else {
                if safeMode { throw JSONLDError(.dataLoss, "the graph name \(graphName) is not an absolute IRI") }
                continue
            }
            let graph = state.graphs[graphName]!
            for subjectId in keys(graph) {
                guard let subject = term(subjectId) else {
                    if safeMode { throw JSONLDError(.dataLoss, "the subject \(subjectId) is not an absolute IRI") }
                    continue
                }
                let node = graph[subjectId]!
                for property in keys(node.properties) {
                    let values = node.properties[property]!
                    if property == "@type" {
                        for type in values.compactMap(\.stringValue) {
                            guard let object = term(type) else {
                                if safeMode { throw JSONLDError(.dataLoss, "the type \(type) is not an absolute IRI") }
                                continue
                            }
                            output.append(RDFQuad(subject: subject, predicate: Self.rdfType, object: object, graph: graphTerm))
                        }
                        continue
                    }
                    if IRI.isKeyword(property) { continue }
                    guard !property.hasPrefix("_:"), let predicate = term(property) else {
                        if safeMode { throw JSONLDError(.dataLoss, "the property \(property) is not an absolute IRI") }
                        continue
                    }
                    for item in values {
                        var listQuads: [RDFQuad] = []
                        if let object = try objectTerm(item, graph: graphTerm, state: state, listQuads: &listQuads) {
                            output.append(RDFQuad(subject: subject, predicate: predicate, object: object, graph: graphTerm))
                        }
                        output.append(contentsOf: listQuads)
                    }
                }
            }
        }
        return output
    }

    /// An IRI or blank node term, or nil when `text` is neither (a relative IRI).
    func term(_ text: String) -> RDFTerm? {
        if text.hasPrefix("_:") { return .blankNode(String(text.dropFirst(2))) }
        return IRI.isWellFormed(text) ? .iri(text) : nil
    }

    /// §8.1.4 Object to RDF Conversion (and §8.1.5 List to RDF).
    func objectTerm(_ item: JSONValue, graph: RDFTerm?, state: State, listQuads: inout [RDFQuad]) throws(JSONLDError) -> RDFTerm? {
        guard let object = item.objectValue else { return nil }
        // One pass over the (few) members instead of a lookup per keyword.
        var id: String?, value: JSONValue?, list: [JSONValue]?, datatype: String?, language: String?, direction: String?
        for member in object {
            switch member.key {
            case "@id": id = member.value.stringValue
            case "@value": value = member.value
            case "@list": list = member.value.arrayValue
            case "@type": datatype = member.value.stringValue
            case "@language": language = member.value.stringValue
            case "@direction": direction = member.value.stringValue
            default: continue
            }
        }
        if let id, value == nil {
            guard let node = term(id) else {
                if safeMode { throw JSONLDError(.dataLoss, "the node \(id) is not an absolute IRI") }
                return nil
            }
            return node
        }
        if let list {
            guard !list.isEmpty else { return Self.rdfNil }
            let nodes = list.map { _ in state.label(nil) }
            for (index, element) in list.enumerated() {
                let node = RDFTerm.blankNode(String(nodes[index].dropFirst(2)))
                if let value = try objectTerm(element, graph: graph, state: state, listQuads: &listQuads) {
                    listQuads.append(RDFQuad(subject: node, predicate: Self.rdfFirst, object: value, graph: graph))
                }
                let rest: RDFTerm = index + 1 < nodes.count ? .blankNode(String(nodes[index + 1].dropFirst(2))) : Self.rdfNil
                listQuads.append(RDFQuad(subject: node, predicate: Self.rdfRest, object: rest, graph: graph))
            }
            return .blankNode(String(nodes[0].dropFirst(2)))
        }
        guard let value else { return nil }
        if let type = datatype, type != "@json", !IRI.isWellFormed(type) {
            if safeMode { throw JSONLDError(.dataLoss, "the datatype \(type) is not an absolute IRI") }
            return nil
        }
        if let language, !Self.isWellFormedLanguage(language) {
            if safeMode { throw JSONLDError(.dataLoss, "the language tag \(language) is not well-formed") }
            return nil
        }
        var lexical: String
        if datatype == "@json" {
            do { lexical = try JCS.canonicalString(value) } catch { throw .processing("invalid JSON literal", "\(error)") }
            datatype = Self.rdfJSON
        } else if let flag = value.boolValue {
            lexical = flag ? "true" : "false"
            if datatype == nil { datatype = Self.xsdBoolean }
        } else if let number = value.numberValue {
            let double = number.doubleValue
            if double.rounded() != double || abs(double) >= 1e21 || datatype == Self.xsdDouble {
                lexical = Self.canonicalDouble(double)
                if datatype == nil { datatype = Self.xsdDouble }
            } else {
                // The integer's canonical form (so -0 and 1.0e2 become "0" and "100").
                lexical = abs(double) < 9.2e18 ? String(Int64(double)) : String(format: "%.0f", double)
                if datatype == nil { datatype = Self.xsdInteger }
            }
        } else if let text = value.stringValue {
            lexical = text
        } else {
            return nil
        }
        if let direction, let rdfDirection {
            let language = language?.lowercased() ?? ""
            switch rdfDirection {
            case .i18nDatatype:
                return .literal(RDFLiteral(lexical, datatype: "https://www.w3.org/ns/i18n#\(language)_\(direction)"))
            case .compoundLiteral:
                let node = state.label(nil)
                let subject = RDFTerm.blankNode(String(node.dropFirst(2)))
                listQuads.append(RDFQuad(subject: subject, predicate: .iri(Self.rdf + "value"), object: .literal(RDFLiteral(lexical)), graph: graph))
                if !language.isEmpty {
                    listQuads.append(RDFQuad(subject: subject, predicate: .iri(Self.rdf + "language"), object: .literal(RDFLiteral(language)), graph: graph))
                }
                listQuads.append(RDFQuad(subject: subject, predicate: .iri(Self.rdf + "direction"), object: .literal(RDFLiteral(direction)), graph: graph))
                return subject
            }
        }
        if let language {
            return .literal(RDFLiteral(lexical, language: language))
        }
        return .literal(RDFLiteral(lexical, datatype: datatype ?? RDFLiteral.xsdString))
    }

    /// `xsd:double` canonical form: `d.dddE±n` with no trailing zeros beyond the first
    /// fractional digit (as JSON-LD's toRdf writes it).
    static func canonicalDouble(_ value: Double) -> String {
        // e.g. 1.100000000000000E+00; vsnprintf, as Foundation's String(format:) costs far more.
        let formatted = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            _ = withVaList([value]) { vsnprintf(buffer.baseAddress!, 40, "%.15E", $0) }
            return String(cString: buffer.baseAddress!)
        }
        guard let e = formatted.firstIndex(of: "E") else { return formatted }
        var mantissa = String(formatted[..<e])
        let exponent = Int(formatted[formatted.index(after: e)...]) ?? 0
        while mantissa.hasSuffix("0") && !mantissa.hasSuffix(".0") { mantissa.removeLast() }
        return "\(mantissa)E\(exponent)"
    }

    /// BCP 47 shape: letters, then `-` groups of letters and digits.
    static func isWellFormedLanguage(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (1...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}
