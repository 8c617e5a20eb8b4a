/// An RDF term (RDF 1.1 Concepts §3): an IRI, a blank node or a literal.
public enum RDFTerm: Hashable, Sendable {
    /// An IRI, absolute.
    case iri(String)
    /// A blank node by its identifier, without the `_:` prefix.
    case blankNode(String)
    /// A literal.
    case literal(RDFLiteral)

    /// The identifier when this is a blank node, else `nil`.
    public var blankNodeIdentifier: String? {
        if case .blankNode(let identifier) = self { identifier } else { nil }
    }

    /// Terms are equal when their kind and characters are: code point by code point, not by
    /// Unicode canonical equivalence (RDF 1.1 Concepts §3.2, §3.3).
    public static func == (lhs: RDFTerm, rhs: RDFTerm) -> Bool {
        switch (lhs, rhs) {
        case (.iri(let a), .iri(let b)), (.blankNode(let a), .blankNode(let b)): CodePoints.equal(a, b)
        case (.literal(let a), .literal(let b)): a == b
        default: false
        }
    }

    /// Hashes the kind and the code points, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .iri(let text): hasher.combine(0); CodePoints.hash(text, into: &hasher)
        case .blankNode(let identifier): hasher.combine(1); CodePoints.hash(identifier, into: &hasher)
        case .literal(let literal): hasher.combine(2); literal.hash(into: &hasher)
        }
    }
}

/// A literal: its lexical form, datatype IRI, and language tag for `rdf:langString`.
public struct RDFLiteral: Hashable, Sendable {
    /// `xsd:string`, the datatype of a plain literal.
    public static let xsdString = "http://www.w3.org/2001/XMLSchema#string"
    /// `rdf:langString`, the datatype of a language-tagged string.
    public static let langString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

    /// The lexical form.
    public let value: String
    /// The datatype IRI.
    public let datatype: String
    /// The language tag, for `rdf:langString` literals only.
    public let language: String?

    /// A language-tagged string when `language` is given (datatype `rdf:langString`), else a
    /// literal of `datatype` (`xsd:string` by default).
    public init(_ value: String, datatype: String = RDFLiteral.xsdString, language: String? = nil) {
        self.value = value
        self.language = language
        self.datatype = language == nil ? datatype : Self.langString
    }

    /// Literals are equal when their lexical forms, datatypes and language tags are, code point by
    /// code point (RDF 1.1 Concepts §3.3).
    public static func == (lhs: RDFLiteral, rhs: RDFLiteral) -> Bool {
        CodePoints.equal(lhs.value, rhs.value) && CodePoints.equal(lhs.datatype, rhs.datatype)
            && lhs.language.map(CodePoints.init) == rhs.language.map(CodePoints.init)
    }

    /// Hashes the code points of every part, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        CodePoints.hash(value, into: &hasher)
        CodePoints.hash(datatype, into: &hasher)
        hasher.combine(language.map(CodePoints.init))
    }
}

/// A quad of an RDF dataset; `graph` is `nil` for the default graph.
public struct RDFQuad: Hashable, Sendable {
    /// The subject: an IRI or a blank node.
    public var subject: RDFTerm
    /// The predicate: an IRI.
    public var predicate: RDFTerm
    /// The object: an IRI, a blank node or a literal.
    public var object: RDFTerm
    /// The graph name, or `nil` for the default graph.
    public var graph: RDFTerm?

    /// A quad; in the default graph unless `graph` is given.
    public init(subject: RDFTerm, predicate: RDFTerm, object: RDFTerm, graph: RDFTerm? = nil) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.graph = graph
    }
}
