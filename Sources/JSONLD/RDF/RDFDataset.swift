/// An RDF dataset as it is built and canonicalized (RDF 1.1 Concepts §4): every term stored
/// once and numbered, quads as four numbers, and no quad twice (a dataset is a set). Terms are
/// told apart by their code points (``CodePoints``), as RDF compares them.
///
/// Deserialization adds quads here directly and RDFC-1.0 reads them without a detour through
/// ``RDFQuad`` values: repeated IRIs are checked, hashed and serialized once.
struct RDFDataset: Sendable {
    /// A term: an index into ``terms`` (an IRI or a literal), or for a blank node `-number - 1`.
    typealias TermID = Int32

    /// The graph name of the default graph.
    static let defaultGraph = TermID.max

    struct Quad: Hashable, Sendable {
        var subject: TermID, predicate: TermID, object: TermID, graph: TermID
    }

    /// The IRIs and literals, by number.
    private(set) var terms: [RDFTerm] = []
    /// Blank node identifiers (without `_:`), by number.
    private(set) var blankNodes: [String] = []
    private(set) var quads: [Quad] = []
    private var iriNumbers: [CodePoints: TermID] = [:]
    private var literalNumbers: [LiteralKey: TermID] = [:]
    private var blankNodeNumbers: [CodePoints: TermID] = [:]
    private var present: Set<Quad> = []

    /// An empty dataset with room for about `quads` quads without rehashing.
    init(expectedQuads quads: Int) {
        iriNumbers.reserveCapacity(quads)
        literalNumbers.reserveCapacity(quads)
        present.reserveCapacity(quads)
        self.quads.reserveCapacity(quads)
        terms.reserveCapacity(quads * 2)
    }

    /// The dataset of `quads`, in their order, without duplicates.
    init(_ quads: [RDFQuad]) {
        for quad in quads {
            add(subject: id(quad.subject), predicate: id(quad.predicate), object: id(quad.object), graph: quad.graph.map { id($0) } ?? Self.defaultGraph)
        }
    }

    static func isBlankNode(_ id: TermID) -> Bool { id < 0 }

    static func blankNodeNumber(_ id: TermID) -> Int { Int(-id - 1) }

    mutating func id(_ term: RDFTerm) -> TermID {
        switch term {
        case .iri(let text): iri(text)
        case .blankNode(let identifier): blankNode(identifier)
        case .literal(let literal): self.literal(literal)
        }
    }

    /// The number of an IRI (the caller has checked it).
    mutating func iri(_ text: String) -> TermID {
        checkedIRI(text, isWellFormed: { _ in true })!
    }

    /// The number of `text` if it is a well-formed absolute IRI, else nil. IRIs already in the
    /// dataset are not checked again.
    mutating func checkedIRI(_ text: String, isWellFormed: (String) -> Bool = IRI.isWellFormed) -> TermID? {
        let next = TermID(terms.count)
        // One hash: look up, and reserve the next number when absent.
        let id = Self.find(&iriNumbers[CodePoints(text), default: -1], next: next)
        guard id == next else { return id }
        guard isWellFormed(text) else {
            iriNumbers.removeValue(forKey: CodePoints(text))
            return nil
        }
        terms.append(.iri(text))
        return id
    }

    /// Literals are numbered by their form, datatype number and language.
    struct LiteralKey: Hashable {
        let value: CodePoints
        let datatype: TermID
        let language: CodePoints?
    }

    mutating func literal(_ literal: RDFLiteral) -> TermID {
        self.literal(literal, datatype: iri(literal.datatype))
    }

    /// A literal whose datatype IRI is already numbered.
    mutating func literal(_ literal: RDFLiteral, datatype: TermID) -> TermID {
        let next = TermID(terms.count)
        let id = Self.find(&literalNumbers[LiteralKey(value: CodePoints(literal.value), datatype: datatype, language: literal.language.map(CodePoints.init)), default: -1], next: next)
        if id == next { terms.append(.literal(literal)) }
        return id
    }

    /// The number in `slot`, or `next` stored there when it is empty (-1).
    private static func find(_ slot: inout TermID, next: TermID) -> TermID {
        if slot < 0 { slot = next }
        return slot
    }

    mutating func blankNode(_ identifier: String) -> TermID {
        if let known = blankNodeNumbers[CodePoints(identifier)] { return known }
        let id = TermID(-blankNodes.count - 1)
        blankNodes.append(identifier)
        blankNodeNumbers[CodePoints(identifier)] = id
        return id
    }

    /// A new blank node, for an identifier the caller guarantees unused (a generated label). It
    /// is not indexed by name: the caller keeps the returned term.
    mutating func freshBlankNode(_ identifier: String) -> TermID {
        let id = TermID(-blankNodes.count - 1)
        blankNodes.append(identifier)
        return id
    }

    mutating func add(subject: TermID, predicate: TermID, object: TermID, graph: TermID) {
        let quad = Quad(subject: subject, predicate: predicate, object: object, graph: graph)
        if present.insert(quad).inserted { quads.append(quad) }
    }

    func term(_ id: TermID) -> RDFTerm {
        Self.isBlankNode(id) ? .blankNode(blankNodes[Self.blankNodeNumber(id)]) : terms[Int(id)]
    }

    func rdfQuad(_ quad: Quad) -> RDFQuad {
        RDFQuad(subject: term(quad.subject), predicate: term(quad.predicate), object: term(quad.object),
                graph: quad.graph == Self.defaultGraph ? nil : term(quad.graph))
    }

    /// The quads in the order they were added.
    var rdfQuads: [RDFQuad] { quads.map(rdfQuad) }
}
