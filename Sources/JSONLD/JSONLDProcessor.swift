public import StrictJSON

/// JSON-LD 1.1 processing for credentials: expansion, deserialization to RDF, and RDFC-1.0
/// canonicalization of the result. Offline: contexts come from ``loader`` (the pinned,
/// bundled contexts unless the caller passes another); nothing is fetched.
public struct JSONLDProcessor: Sendable {
    /// How `@direction` becomes RDF (JSON-LD 1.1 API `rdfDirection`); `nil` drops it.
    public enum RDFDirection: String, Sendable {
        /// `i18n-datatype`: the direction is folded into the literal's datatype IRI; `compound-literal`: a blank node with `rdf:value`, `rdf:language` and `rdf:direction`.
        case i18nDatatype = "i18n-datatype", compoundLiteral = "compound-literal"
    }

    /// Where contexts come from; nothing is fetched unless this loader fetches.
    public var loader: any JSONLDDocumentLoader
    /// Safe mode: a term or type that does not expand to an absolute IRI, or a value that would
    /// be dropped, is an error (`dataLoss`) instead of being ignored.
    public var safeMode: Bool
    /// The document's base IRI, for relative IRIs.
    public var base: String?
    /// How `@direction` becomes RDF; `nil` (the default) drops it.
    public var rdfDirection: RDFDirection?
    /// Refuse documents a second JSON tree could restate with the same RDF under other names
    /// (``JSONLDError/Code/ambiguousJSONLD``), so that what a verifier reads from the JSON is what
    /// the signature over the RDF covers: context URLs only (no inline contexts), keys that are
    /// terms of those contexts (or undefined terms under their `@vocab`), `id` and `type` as the
    /// only keyword aliases, `@value`/`@language`/`@direction` only in value objects, no index
    /// maps with unsigned keys. The full rules are on the `Expansion+UnambiguousForm` extension.
    public var requireUnambiguousForm = false
    /// Bounds on the context processing of one document (security requirement 36).
    public var limits = Limits()
    /// Processed contexts, shared by copies of this processor.
    let contextCache = ContextResultCache()

    /// A processor.
    ///
    /// - Parameters:
    ///   - loader: Where contexts come from; the pinned contexts compiled into the library unless stated.
    ///   - safeMode: Whether what would be dropped is an error (`dataLoss`) instead.
    ///   - base: The base IRI for relative IRIs.
    ///   - rdfDirection: How `@direction` becomes RDF; `nil` drops it.
    public init(loader: any JSONLDDocumentLoader = PinnedContextLoader.bundled, safeMode: Bool = false, base: String? = nil,
                rdfDirection: RDFDirection? = nil) {
        self.loader = loader
        self.safeMode = safeMode
        self.base = base
        self.rdfDirection = rdfDirection
    }

    /// The expanded form (JSON-LD 1.1 API `expand()`), always an array.
    public func expand(_ document: JSONValue, expandContext: JSONValue? = nil) throws(JSONLDError) -> [JSONValue] {
        try expand(document, expandContext: expandContext, ordered: true)
    }

    func expand(_ document: JSONValue, expandContext: JSONValue?, ordered: Bool) throws(JSONLDError) -> [JSONValue] {
        let contexts = ContextProcessing(loader: loader, cache: contextCache, budget: ContextBudget(limits))
        var active = ActiveContext(base: base)
        if let expandContext {
            active = try contexts.process(active, local: expandContext.objectValue?["@context"] ?? expandContext, baseURL: base)
        }
        var expansion = Expansion(contexts: contexts, safeMode: safeMode)
        expansion.ordered = ordered
        expansion.requireUnambiguousForm = requireUnambiguousForm
        guard var result = try expansion.expand(active, property: nil, element: document, baseURL: base) else { return [] }
        if let object = result.objectValue, object.count == 1, let graph = object["@graph"] { result = graph }
        return result.arrayValue ?? [result]
    }

    /// The RDF dataset of `document` (JSON-LD 1.1 API `toRdf()`): each quad once, in the order
    /// the document states them.
    public func toRDF(_ document: JSONValue, expandContext: JSONValue? = nil) throws(JSONLDError) -> [RDFQuad] {
        try dataset(of: document, expandContext: expandContext).quads
    }

    /// The RDF dataset of a document, deserialized once: canonicalizing it again (in the other
    /// escaping, say) does not expand the document again.
    public struct Dataset: Sendable {
        let storage: RDFDataset
        /// The expanded document (JSON-LD 1.1 API `expand()`, entries in document order) the
        /// dataset was deserialized from: the signed statements, under full IRIs, for a reader
        /// that must not depend on how the JSON named them.
        public let expanded: [JSONValue]

        /// The quads, each once, in the order the document states them.
        public var quads: [RDFQuad] { storage.rdfQuads }

        /// RDFC-1.0 of the dataset.
        public func canonicalize(hashAlgorithm: RDFCanonicalizer.HashAlgorithm = .sha256,
                                 escaping: NQuads.Escaping = .canonical) throws(JSONLDError) -> RDFCanonicalizer.Result {
            var canonicalizer = RDFCanonicalizer(hashAlgorithm: hashAlgorithm)
            canonicalizer.escaping = escaping
            return try canonicalizer.canonicalize(storage)
        }
    }

    /// The RDF dataset of `document` (expansion and toRdf), to canonicalize once or more.
    public func dataset(of document: JSONValue, expandContext: JSONValue? = nil) throws(JSONLDError) -> Dataset {
        // The dataset does not depend on the order of values, so expansion keeps document order.
        let expanded = try expand(document, expandContext: expandContext, ordered: false)
        return Dataset(storage: try RDFDeserialization(safeMode: safeMode, rdfDirection: rdfDirection).dataset(from: expanded), expanded: expanded)
    }

    /// `document` as canonical N-Quads (toRdf, then RDFC-1.0), as the `-rdfc-` cryptosuites need.
    public func canonicalize(_ document: JSONValue, hashAlgorithm: RDFCanonicalizer.HashAlgorithm = .sha256,
                             escaping: NQuads.Escaping = .canonical) throws(JSONLDError) -> RDFCanonicalizer.Result {
        try dataset(of: document).canonicalize(hashAlgorithm: hashAlgorithm, escaping: escaping)
    }
}
