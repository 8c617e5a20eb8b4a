import StrictJSON

/// IRI Expansion (JSON-LD 1.1 Processing Algorithms §5.2.2), as context processing and expansion use it.
extension ContextProcessing {
    func expandIRI(_ active: ActiveContext, _ value: String, documentRelative: Bool = false, vocab: Bool = false) throws(JSONLDError) -> String? {
        // This runs for every key and many values of every document: the context is only read.
        switch try Self.expandIRIWithDefinitions(value, vocab: vocab, definition: { active.terms[$0] }) {
        case .expanded(let result): return result
        case .unresolved: return Self.expandIRITail(value, in: active, documentRelative: documentRelative, vocab: vocab)
        }
    }

    /// IRI expansion that may define terms of `local` in `active` on the way (as the algorithm
    /// does while a context is being processed).
    func expandIRI(_ active: inout ActiveContext, _ value: String, documentRelative: Bool = false, vocab: Bool = false,
                   local: JSONObject?, defined: inout DefinedTerms) throws(JSONLDError) -> String? {
        let outcome = try Self.expandIRIWithDefinitions(value, vocab: vocab) { (name) throws(JSONLDError) -> TermDefinition? in
            if let local, local[name] != nil, defined[name] != true {
                try createTermDefinition(&active, local: local, term: name, defined: &defined, baseURL: nil)
            }
            return active.terms[name]
        }
        switch outcome {
        case .expanded(let result): return result
        case .unresolved: return Self.expandIRITail(value, in: active, documentRelative: documentRelative, vocab: vocab)
        }
    }

    enum IRIExpansion {
        case expanded(String?)
        /// Neither a keyword, a term nor a compact IRI: the vocabulary mapping or base decides.
        case unresolved
    }

    /// §5.2.2 IRI Expansion steps 1–6: keywords, terms and compact IRIs. `definition` returns
    /// the term definition of a name, defining it first when a context is being processed.
    static func expandIRIWithDefinitions(_ value: String, vocab: Bool,
                                         definition: (String) throws(JSONLDError) -> TermDefinition?) throws(JSONLDError) -> IRIExpansion {
        if value.utf8.first == UInt8(ascii: "@") {
            if IRI.isKeyword(value) { return .expanded(value) }
            if IRI.hasKeywordForm(value) { return .expanded(nil) }
        }
        let term = try definition(value)
        if let iri = term?.iri, iri.utf8.first == UInt8(ascii: "@"), IRI.isKeyword(iri) { return .expanded(iri) }
        if vocab, let term { return .expanded(term.iri) }
        if let colonOffset = value.utf8.dropFirst().firstIndex(of: UInt8(ascii: ":")) {
            let colon = String.Index(colonOffset, within: value) ?? value.endIndex
            let prefix = String(value[..<colon]), suffix = value[value.index(after: colon)...]
            if prefix == "_" || suffix.hasPrefix("//") { return .expanded(value) }
            if let prefixTerm = try definition(prefix), let iri = prefixTerm.iri, prefixTerm.prefix { return .expanded(iri + suffix) }
            if IRI.isAbsolute(value) { return .expanded(value) }
        }
        return .unresolved
    }

    /// §5.2.2 steps 7–9.
    static func expandIRITail(_ value: String, in active: ActiveContext, documentRelative: Bool, vocab: Bool) -> String? {
        if vocab, let mapping = active.vocabularyMapping { return mapping + value }
        if documentRelative { return IRI.resolve(value, against: active.baseIRI) }
        return value
    }
}
