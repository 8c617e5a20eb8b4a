import Foundation
import StrictJSON

/// Deserialize JSON-LD to RDF (JSON-LD 1.1 Processing Algorithms §8.1.2), with Object to RDF
/// Conversion (§8.1.4) and List to RDF Conversion (§8.1.5).
///
/// The algorithm first builds the node map (§7.2.2), which merges the node objects that share an
/// `@id` and drops repeated values, and then writes each node's properties as quads. The
/// dataset it yields is the same as writing every node object's quads where it stands and
/// keeping each quad once, which is what this does: the quads go straight into an
/// ``RDFDataset`` (a set), without the node map's dictionaries. What the node map step decides
/// is kept: document blank node identifiers are relabeled, a node whose `@id` is null is dropped
/// with the references to it, a node with two different `@index` values is an error, and a
/// property is checked once its subject is written even when it has no values.
struct RDFDeserialization {
    let safeMode: Bool
    let rdfDirection: JSONLDProcessor.RDFDirection?

    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"
    static let rdfType = rdf + "type", rdfFirst = rdf + "first", rdfRest = rdf + "rest", rdfNil = rdf + "nil"
    static let xsdBoolean = xsd + "boolean", xsdDouble = xsd + "double", xsdInteger = xsd + "integer", rdfJSON = rdf + "JSON"
    static let nodeKeywords: Set<String> = ["@id", "@type", "@index", "@reverse", "@graph", "@included"]

    typealias TermID = RDFDataset.TermID

    /// The dataset under construction and the node map's bookkeeping.
    struct State {
        var dataset = RDFDataset(expectedQuads: 64)
        /// Blank node identifiers of the document → issued labels (§7.2.2 uses an issuer, so a
        /// document's `_:b0` cannot clash with a generated one).
        var labels: [CodePoints: String] = [:]
        var counter = 0
        /// The `@index` of each node that has one, by graph and identifier.
        var indexes: [NodeKey: JSONValue] = [:]

        struct NodeKey: Hashable {
            let graph: CodePoints
            let node: CodePoints
        }
        var vocabulary: (type: TermID, first: TermID, rest: TermID, nil: TermID)?

        /// A blank node label: the one issued for a document identifier, or a new one.
        mutating func label(_ identifier: String?) -> String {
            if let identifier, let existing = labels[CodePoints(identifier)] { return existing }
            let issued = "_:b\(counter)"
            counter += 1
            if let identifier { labels[CodePoints(identifier)] = issued }
            return issued
        }

        /// Datatype IRIs seen so far: a credential uses a handful, most of them this module's
        /// constants, found by comparing bytes instead of hashing.
        var datatypes: [(iri: String, id: TermID)] = []

        mutating func literal(_ literal: RDFLiteral) -> TermID {
            let datatype: TermID
            if let known = datatypes.first(where: { CodePoints.equal($0.iri, literal.datatype) }) {
                datatype = known.id
            } else {
                datatype = dataset.iri(literal.datatype)
                if datatypes.count < 8 { datatypes.append((literal.datatype, datatype)) }
            }
            return dataset.literal(literal, datatype: datatype)
        }

        /// A new blank node with a generated label.
        mutating func freshBlankNode() -> (label: String, term: TermID) {
            let label = label(nil)
            return (label, dataset.freshBlankNode(String(label.dropFirst(2))))
        }

        /// `rdf:type`, `rdf:first`, `rdf:rest` and `rdf:nil`, numbered once.
        mutating func rdfTerms() -> (type: TermID, first: TermID, rest: TermID, nil: TermID) {
            if let vocabulary { return vocabulary }
            let terms = (dataset.iri(RDFDeserialization.rdfType), dataset.iri(RDFDeserialization.rdfFirst),
                         dataset.iri(RDFDeserialization.rdfRest), dataset.iri(RDFDeserialization.rdfNil))
            vocabulary = terms
            return terms
        }
    }

    /// The graph the current node objects are in: its name as the node map keys it, and its
    /// term (nil when the name is not an IRI or blank node, so nothing is written to it).
    struct Graph {
        let name: String
        let term: TermID?
    }

    /// The dataset of an expanded document.
    func dataset(from expanded: [JSONValue]) throws(JSONLDError) -> RDFDataset {
        var state = State()
        let graph = Graph(name: "@default", term: RDFDataset.defaultGraph)
        for element in expanded { try visitFree(element, graph: graph, state: &state) }
        return state.dataset
    }

    /// An element with no subject (top level, `@graph`, `@included`): node objects are written;
    /// values and lists are dropped, though node objects inside a list still are written.
    func visitFree(_ element: JSONValue, graph: Graph, state: inout State) throws(JSONLDError) {
        if let items = element.arrayValue {
            for item in items { try visitFree(item, graph: graph, state: &state) }
            return
        }
        guard let object = element.objectValue, object["@value"] == nil else { return }
        if let list = object["@list"] {
            _ = try listItems(list, graph: graph, state: &state, linked: false)
            return
        }
        _ = try visitNode(object, graph: graph, state: &state)
    }

    /// Whether `text` is a blank node identifier (`_:` first), by its bytes: `hasPrefix` compares
    /// characters, which costs more for every key and value.
    static func isBlankNodeLabel(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        return bytes.next() == UInt8(ascii: "_") && bytes.next() == UInt8(ascii: ":")
    }

    /// The term of an IRI or blank node identifier, or nil when `text` is neither (a relative IRI).
    func term(_ text: String, state: inout State) -> TermID? {
        if Self.isBlankNodeLabel(text) { return state.dataset.blankNode(String(text.dropFirst(2))) }
        return state.dataset.checkedIRI(text)
    }

    func required(_ term: TermID?, _ what: @autoclosure () -> String) throws(JSONLDError) -> TermID? {
        if term == nil && safeMode { throw JSONLDError(.dataLoss, "\(what()) is not an absolute IRI") }
        return term
    }

    /// Writes a node object's quads; returns its label and term (nil for a relative IRI), or nil
    /// when the node is dropped (`@id` null).
    func visitNode(_ object: JSONObject, graph: Graph, state: inout State) throws(JSONLDError) -> (label: String, term: TermID?)? {
        let givenId = object["@id"]
        if givenId?.isNull == true { return nil }
        let id: String, node: TermID?
        if let given = givenId?.stringValue {
            id = Self.isBlankNodeLabel(given) ? state.label(given) : given
            node = term(id, state: &state)
        } else {
            (id, node) = state.freshBlankNode()
        }
        // The node map's emission checks the graph name and the subject of every node.
        let graphTerm = try required(graph.term, "the graph name \(graph.name)")
        let subject = try required(node, "the subject \(id)")
        let written = graphTerm.flatMap { graph in subject.map { (subject: $0, graph: graph) } }
        if let index = object["@index"] {
            let key = State.NodeKey(graph: CodePoints(graph.name), node: CodePoints(id))
            if let existing = state.indexes[key], existing != index { throw .processing("conflicting indexes") }
            state.indexes[key] = index
        }
        if let types = object["@type"]?.arrayValue, let written {
            let rdfType = state.rdfTerms().type
            for type in types.compactMap(\.stringValue) {
                let name = Self.isBlankNodeLabel(type) ? state.label(type) : type
                guard let object = try required(term(name, state: &state), "the type \(name)") else { continue }
                state.dataset.add(subject: written.subject, predicate: rdfType, object: object, graph: written.graph)
            }
        }
        if let reverse = object["@reverse"]?.objectValue {
            for member in reverse {
                for value in member.value.arrayValue ?? [member.value] {
                    try visitReverse(value, property: member.key, object: written?.subject, graph: graph, state: &state)
                }
            }
        }
        if let contents = object["@graph"] {
            try visitFree(contents, graph: Graph(name: id, term: node), state: &state)
        }
        if let included = object["@included"] {
            try visitFree(included, graph: graph, state: &state)
        }
        for member in object where !(member.key.utf8.first == UInt8(ascii: "@") && Self.nodeKeywords.contains(member.key)) {
            let name = Self.isBlankNodeLabel(member.key) ? state.label(member.key) : member.key
            var predicate: TermID?
            if written != nil, !IRI.isKeyword(name) {
                predicate = Self.isBlankNodeLabel(name) ? nil : state.dataset.checkedIRI(name)
                predicate = try required(predicate, "the property \(name)")
            }
            let link = written.flatMap { written in predicate.map { (written.subject, $0, written.graph) } }
            for value in member.value.arrayValue ?? [member.value] {
                guard let object = try objectTerm(value, graph: graph, state: &state, linked: link != nil), let link else { continue }
                state.dataset.add(subject: link.0, predicate: link.1, object: object, graph: link.2)
            }
        }
        return (id, node)
    }

    /// A value of `@reverse`: a node object becomes the subject of `property`, pointing at the
    /// node that holds the reverse map. Values and lists are dropped (nodes inside lists are written).
    func visitReverse(_ value: JSONValue, property: String, object: TermID?, graph: Graph, state: inout State) throws(JSONLDError) {
        guard let map = value.objectValue, map["@value"] == nil else { return }
        if let list = map["@list"] {
            _ = try listItems(list, graph: graph, state: &state, linked: false)
            return
        }
        guard let visited = try visitNode(map, graph: graph, state: &state), let object, let graphTerm = graph.term,
              let subject = visited.term else { return }
        let predicate = Self.isBlankNodeLabel(property) ? nil : state.dataset.checkedIRI(property)
        guard let predicate = try required(predicate, "the property \(property)") else { return }
        state.dataset.add(subject: subject, predicate: predicate, object: object, graph: graphTerm)
    }

    /// §8.1.4 Object to RDF Conversion of a property value or list item: the term it stands for.
    /// Node objects in it are written whether or not it is `linked` (written as an object), as
    /// the node map does; a list's own quads only when it is.
    func objectTerm(_ item: JSONValue, graph: Graph, state: inout State, linked: Bool) throws(JSONLDError) -> TermID? {
        guard let object = item.objectValue else { return nil }
        if object["@value"] != nil {
            return linked ? try literalTerm(object, graph: graph, state: &state) : nil
        }
        if let list = object["@list"] {
            return try listItems(list, graph: graph, state: &state, linked: linked)
        }
        guard let visited = try visitNode(object, graph: graph, state: &state), linked else { return nil }
        return try required(visited.term, "the node \(visited.label)")
    }

    /// §8.1.5 List to RDF Conversion: the list's head (`rdf:nil` when empty).
    func listItems(_ list: JSONValue, graph: Graph, state: inout State, linked: Bool) throws(JSONLDError) -> TermID? {
        // The node map's list holds the item objects (arrays flattened), except nodes that are
        // dropped (`@id` null); an item without a term keeps its place (only its rdf:first is missing).
        var objects: [TermID?] = []
        func collect(_ value: JSONValue) throws(JSONLDError) {
            if let nested = value.arrayValue {
                for item in nested { try collect(item) }
                return
            }
            guard let object = value.objectValue else { return }
            if object["@value"] == nil, object["@list"] == nil, object["@id"]?.isNull == true { return }
            objects.append(try objectTerm(value, graph: graph, state: &state, linked: linked))
        }
        try collect(list)
        guard linked, let graphTerm = graph.term else { return nil }
        let vocabulary = state.rdfTerms()
        guard !objects.isEmpty else { return vocabulary.nil }
        let nodes = objects.map { _ in state.freshBlankNode().term }
        for (index, object) in objects.enumerated() {
            if let object { state.dataset.add(subject: nodes[index], predicate: vocabulary.first, object: object, graph: graphTerm) }
            let rest = index + 1 < nodes.count ? nodes[index + 1] : vocabulary.nil
            state.dataset.add(subject: nodes[index], predicate: vocabulary.rest, object: rest, graph: graphTerm)
        }
        return nodes[0]
    }

    /// §8.1.4 steps 4–16 for a value object: its literal (or, for `compound-literal`, its node).
    func literalTerm(_ object: JSONObject, graph: Graph, state: inout State) throws(JSONLDError) -> TermID? {
        // One pass over the (few) members instead of a lookup per keyword.
        var value: JSONValue?, datatype: String?, language: String?, direction: String?
        for member in object {
            switch member.key {
            case "@value": value = member.value
            case "@type": datatype = member.value.stringValue
            case "@language": language = member.value.stringValue
            case "@direction": direction = member.value.stringValue
            default: continue
            }
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
            do { lexical = try JCS.canonicalString(value) } catch {
                if error.code == .numberNotIJSON || error.code == .numberNotRepresentable {
                    throw JSONLDError(.numberNotIJSON, "in a JSON literal: \(error.message)")
                }
                throw .processing("invalid JSON literal", "\(error)")
            }
            datatype = Self.rdfJSON
        } else if let flag = value.boolValue {
            lexical = flag ? "true" : "false"
            if datatype == nil { datatype = Self.xsdBoolean }
        } else if let number = value.numberValue {
            guard number.hasExactCanonicalForm else {
                throw JSONLDError(.numberNotIJSON, "the number \(number.text.prefix(40)) is not exactly an IEEE 754 double (I-JSON, RFC 7493 §2.2)")
            }
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
                return state.literal(RDFLiteral(lexical, datatype: "https://www.w3.org/ns/i18n#\(language)_\(direction)"))
            case .compoundLiteral:
                let node = state.freshBlankNode().term
                guard let graphTerm = graph.term else { return node }
                func add(_ property: String, _ text: String) {
                    state.dataset.add(subject: node, predicate: state.dataset.iri(Self.rdf + property), object: state.literal(RDFLiteral(text)), graph: graphTerm)
                }
                add("value", lexical)
                if !language.isEmpty { add("language", language) }
                add("direction", direction)
                return node
            }
        }
        if let language {
            return state.literal(RDFLiteral(lexical, language: language))
        }
        return state.literal(RDFLiteral(lexical, datatype: datatype ?? RDFLiteral.xsdString))
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
