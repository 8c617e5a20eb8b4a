import StrictJSON

/// Context processing (JSON-LD 1.1 Processing Algorithms §4.1.2), term definition creation
/// (§4.2.2) and IRI expansion (§5.2.2).
struct ContextProcessing {
    /// The Create Term Definition algorithm's `defined` map (§4.2.2): true once a term of the
    /// local context is defined, false while it is being defined. Terms compare by code points.
    struct DefinedTerms {
        private var states: [CodePoints: Bool] = [:]

        subscript(term: String) -> Bool? {
            get { states[CodePoints(term)] }
            set { states[CodePoints(term)] = newValue }
        }
    }

    let loader: any JSONLDDocumentLoader
    let cache: ContextResultCache?
    /// What this document may still spend (nil: unbounded).
    let budget: ContextBudget?
    static let maximumRemoteContexts = 32

    init(loader: any JSONLDDocumentLoader, cache: ContextResultCache? = nil, budget: ContextBudget? = nil) {
        self.loader = loader
        self.cache = cache
        self.budget = budget
    }

    // MARK: §4.1.2 Context Processing

    /// `scope` names where `local` comes from when it is a term's scoped context (the token of
    /// the context defining the term, and the term), which identifies it for the cache without
    /// serializing it.
    func process(_ active: ActiveContext, local: JSONValue, baseURL: String?, remoteContexts: [String] = [],
                 overrideProtected: Bool = false, propagate initialPropagate: Bool = true, validateScoped: Bool = true,
                 scope: (token: Int, term: String)? = nil) throws(JSONLDError) -> ActiveContext {
        // Contexts under construction (token -1) are never cached or looked up.
        guard let cache, remoteContexts.isEmpty, active.token >= 0 else {
            return try processUncached(active, local: local, baseURL: baseURL, remoteContexts: remoteContexts, overrideProtected: overrideProtected,
                                       propagate: initialPropagate, validateScoped: validateScoped)
        }
        let key = ContextCacheKey(token: active.token, base: active.baseIRI, baseURL: baseURL,
                                  flags: (overrideProtected ? 1 : 0) | (initialPropagate ? 2 : 0) | (validateScoped ? 4 : 0),
                                  scopeToken: scope?.token ?? -1, scopeTerm: scope?.term, local: scope == nil ? local : nil)
        if let known = cache.get(key) { return known }
        let result = try processUncached(active, local: local, baseURL: baseURL, remoteContexts: remoteContexts, overrideProtected: overrideProtected,
                                         propagate: initialPropagate, validateScoped: validateScoped)
        return cache.store(key, result)
    }

    func processUncached(_ active: ActiveContext, local: JSONValue, baseURL: String?, remoteContexts: [String],
                         overrideProtected: Bool, propagate initialPropagate: Bool, validateScoped: Bool) throws(JSONLDError) -> ActiveContext {
        try budget?.countCopies(of: active)
        var result = active
        result.token = -1
        var propagate = initialPropagate
        if let object = local.objectValue, let value = object["@propagate"] {
            guard let flag = value.boolValue else { throw .processing("invalid @propagate value") }
            propagate = flag
        }
        if !propagate && result.previousContext == nil { result.previousContext = Box(active) }
        let contexts = local.arrayValue ?? [local]
        for context in contexts {
            if context.isNull {
                if !overrideProtected && result.terms.values.contains(where: \.protected) {
                    throw .processing("invalid context nullification")
                }
                let previous = result
                result = ActiveContext(base: active.originalBaseURL)
                if !propagate { result.previousContext = previous.previousContext ?? Box(previous) }
                continue
            }
            if let reference = context.stringValue {
                let url = IRI.resolve(reference, against: baseURL)
                if !validateScoped && remoteContexts.contains(url) { continue }
                guard remoteContexts.count < Self.maximumRemoteContexts else { throw .processing("context overflow") }
                let document = try load(url, referencedBy: remoteContexts.last ?? baseURL)
                guard let remote = document.objectValue?["@context"] else { throw .processing("invalid remote context", url) }
                result = try process(result, local: remote, baseURL: url, remoteContexts: remoteContexts + [url],
                                     overrideProtected: overrideProtected, propagate: true, validateScoped: validateScoped)
                continue
            }
            guard var map = context.objectValue else { throw .processing("invalid local context") }
            if let version = map["@version"] {
                guard version.numberValue?.doubleValue == 1.1 else { throw .processing("invalid @version value") }
            }
            if let importValue = map["@import"] {
                guard let reference = importValue.stringValue else { throw .processing("invalid @import value") }
                let url = IRI.resolve(reference, against: baseURL)
                let document = try load(url, referencedBy: remoteContexts.last ?? baseURL)
                guard let imported = document.objectValue?["@context"]?.objectValue else { throw .processing("invalid remote context", url) }
                guard imported["@import"] == nil else { throw .processing("invalid context entry", "an imported context imports") }
                var merged = imported
                for member in map where member.key != "@import" { merged[member.key] = member.value }
                map = merged
            }
            if let base = map["@base"], remoteContexts.isEmpty {
                if base.isNull {
                    result.baseIRI = nil
                } else if let text = base.stringValue {
                    if IRI.isAbsolute(text) { result.baseIRI = text }
                    else if let current = result.baseIRI { result.baseIRI = IRI.resolve(text, against: current) }
                    else { throw .processing("invalid base IRI") }
                } else {
                    throw .processing("invalid base IRI")
                }
            }
            if let vocab = map["@vocab"] {
                if vocab.isNull {
                    result.vocabularyMapping = nil
                } else if let text = vocab.stringValue {
                    let expanded = try expandIRI(result, text, documentRelative: true, vocab: true)
                    guard let expanded, IRI.isAbsolute(expanded) || expanded.hasPrefix("_:") else { throw .processing("invalid vocab mapping") }
                    result.vocabularyMapping = expanded
                } else {
                    throw .processing("invalid vocab mapping")
                }
            }
            if let language = map["@language"] {
                if language.isNull { result.defaultLanguage = nil }
                else if let text = language.stringValue { result.defaultLanguage = text.lowercased() }
                else { throw .processing("invalid default language") }
            }
            if let direction = map["@direction"] {
                if direction.isNull { result.defaultDirection = nil }
                else if let text = direction.stringValue, text == "ltr" || text == "rtl" { result.defaultDirection = text }
                else { throw .processing("invalid base direction") }
            }
            if let value = map["@propagate"], value.boolValue == nil { throw .processing("invalid @propagate value") }
            var defined = DefinedTerms()
            let protected = map["@protected"]?.boolValue ?? false
            if let value = map["@protected"], value.boolValue == nil { throw .processing("invalid @protected value") }
            for member in map where !["@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab"].contains(member.key) {
                try createTermDefinition(&result, local: map, term: member.key, defined: &defined, baseURL: baseURL, protected: protected,
                                         overrideProtected: overrideProtected, remoteContexts: remoteContexts, validateScoped: validateScoped)
            }
        }
        result.keywordAliases = result.terms.compactMap { term, definition in
            guard let iri = definition.iri, iri.utf8.first == UInt8(ascii: "@"), IRI.isKeyword(iri) else { return nil }
            return (term, iri)
        }
        return result
    }

    /// The context document at `url` from the loader; a refusal names the context (or document)
    /// that referenced it, so that a pinned context importing an unpinned one is found at once.
    func load(_ url: String, referencedBy referrer: String?) throws(JSONLDError) -> JSONValue {
        do {
            return try loader.loadContext(url)
        } catch {
            guard error.code == .contextNotAllowed, let referrer else { throw error }
            throw JSONLDError(.contextNotAllowed, "\(error.message); it is referenced by \(referrer)")
        }
    }

    // MARK: §4.2.2 Create Term Definition

    func createTermDefinition(_ active: inout ActiveContext, local: JSONObject, term: String, defined: inout DefinedTerms,
                              baseURL: String?, protected: Bool = false, overrideProtected: Bool = false,
                              remoteContexts: [String] = [], validateScoped: Bool = true) throws(JSONLDError) {
        if let state = defined[term] {
            if state { return }
            throw .processing("cyclic IRI mapping", term)
        }
        guard !term.isEmpty else { throw .processing("invalid term definition", "empty term") }
        try budget?.countTermDefinition()
        defined[term] = false
        var value = local[term] ?? .null
        if term == "@type" {
            guard let map = value.objectValue, !map.isEmpty,
                  map.allSatisfy({ ($0.key == "@container" && $0.value == "@set") || ($0.key == "@protected" && $0.value.boolValue != nil) }) else {
                throw .processing("keyword redefinition", term)
            }
        } else if IRI.isKeyword(term) {
            throw .processing("keyword redefinition", term)
        } else if IRI.hasKeywordForm(term) {
            defined[term] = true
            return
        }
        let previous = active.terms.removeValue(forKey: term)
        var simpleTerm = false
        if value.isNull {
            value = ["@id": .null]
        } else if let text = value.stringValue {
            value = ["@id": .string(text)]
            simpleTerm = true
        } else if value.objectValue == nil {
            throw .processing("invalid term definition", term)
        }
        let map = value.objectValue!
        var definition = TermDefinition()
        if let flag = map["@protected"] {
            guard let bool = flag.boolValue else { throw .processing("invalid @protected value") }
            definition.protected = bool
        } else {
            definition.protected = protected
        }
        if let type = map["@type"] {
            guard let text = type.stringValue else { throw .processing("invalid type mapping", term) }
            let expanded = try expandIRI(&active, text, vocab: true, local: local, defined: &defined)
            guard let expanded, expanded == "@id" || expanded == "@vocab" || expanded == "@json" || expanded == "@none" || (IRI.isAbsolute(expanded) && !expanded.hasPrefix("_:")) else {
                throw .processing("invalid type mapping", text)
            }
            definition.typeMapping = expanded
        }
        if let reverse = map["@reverse"] {
            guard map["@id"] == nil, map["@nest"] == nil else { throw .processing("invalid reverse property", term) }
            guard let text = reverse.stringValue else { throw .processing("invalid IRI mapping", term) }
            if IRI.hasKeywordForm(text) {
                defined[term] = true
                return
            }
            guard let expanded = try expandIRI(&active, text, vocab: true, local: local, defined: &defined), expanded.contains(":") else {
                throw .processing("invalid IRI mapping", term)
            }
            definition.iri = expanded
            if let container = map["@container"] {
                guard container.isNull || container == "@set" || container == "@index" else { throw .processing("invalid reverse property", term) }
                if let text = container.stringValue { definition.container = [text] }
            }
            // A property-based index on a reverse term (as the suite's expand 0131 uses it).
            if let index = map["@index"] {
                guard definition.container.contains("@index"), let text = index.stringValue, !text.hasPrefix("@") else {
                    throw .processing("invalid term definition", "@index of \(term)")
                }
                definition.index = text
            }
            definition.reverse = true
            try checkProtected(previous, definition, term: term, overrideProtected: overrideProtected, into: &active)
            defined[term] = true
            return
        }
        var termIsNullMapped = false
        if let id = map["@id"], id.stringValue != term {
            if id.isNull {
                termIsNullMapped = true
            } else {
                guard let text = id.stringValue else { throw .processing("invalid IRI mapping", term) }
                if !IRI.isKeyword(text) && IRI.hasKeywordForm(text) {
                    defined[term] = true
                    return
                }
                guard let expanded = try expandIRI(&active, text, vocab: true, local: local, defined: &defined),
                      IRI.isKeyword(expanded) || expanded.contains(":") else {
                    throw .processing("invalid IRI mapping", term)
                }
                guard expanded != "@context" else { throw .processing("invalid keyword alias", term) }
                definition.iri = expanded
                let inner = term.dropFirst().dropLast()
                if inner.contains(":") || term.contains("/") {
                    defined[term] = true
                    let termIRI = try expandIRI(&active, term, vocab: true, local: local, defined: &defined)
                    guard termIRI == expanded else { throw .processing("invalid IRI mapping", "\(term) does not expand to its @id") }
                }
                if !term.contains(":") && !term.contains("/") && simpleTerm
                    && (expanded.hasPrefix("_:") || [":", "/", "?", "#", "[", "]", "@"].contains(expanded.last.map(String.init) ?? "")) {
                    definition.prefix = true
                }
            }
        } else if let colon = term.dropFirst().firstIndex(of: ":") {
            let prefix = String(term[..<colon]), suffix = String(term[term.index(after: colon)...])
            if local[prefix] != nil { try createTermDefinition(&active, local: local, term: prefix, defined: &defined, baseURL: baseURL, remoteContexts: remoteContexts) }
            if let prefixIRI = active.terms[prefix]?.iri {
                definition.iri = prefixIRI + suffix
            } else {
                definition.iri = term
            }
        } else if term.contains("/") {
            guard let expanded = try expandIRI(active, term, vocab: true), IRI.isAbsolute(expanded) else { throw .processing("invalid IRI mapping", term) }
            definition.iri = expanded
        } else if term == "@type" {
            definition.iri = "@type"
        } else if let vocab = active.vocabularyMapping {
            definition.iri = vocab + term
        } else {
            throw .processing("invalid IRI mapping", "\(term) has no IRI and there is no @vocab")
        }
        if let container = map["@container"] {
            let values = container.arrayValue ?? [container]
            guard values.allSatisfy({ $0.stringValue != nil }) else { throw .processing("invalid container mapping", term) }
            let set = Set(values.compactMap(\.stringValue))
            guard Self.isValidContainer(set, count: values.count) else { throw .processing("invalid container mapping", term) }
            definition.container = set
            if set.contains("@type") {
                if definition.typeMapping == nil { definition.typeMapping = "@id" }
                guard definition.typeMapping == "@id" || definition.typeMapping == "@vocab" else { throw .processing("invalid type mapping", term) }
            }
        }
        if let index = map["@index"] {
            guard definition.container.contains("@index"), let text = index.stringValue, !text.hasPrefix("@"),
                  let expanded = try expandIRI(active, text, vocab: true), IRI.isAbsolute(expanded) else {
                throw .processing("invalid term definition", "@index of \(term)")
            }
            definition.index = text
        }
        if let context = map["@context"] {
            do {
                _ = try process(active, local: context, baseURL: baseURL, remoteContexts: remoteContexts, overrideProtected: true, validateScoped: false)
            } catch {
                if error.code == .complexityLimit { throw error }
                throw .processing("invalid scoped context", "\(term): \(error.message)")
            }
            definition.context = context
            definition.baseURL = baseURL
        }
        if let language = map["@language"], map["@type"] == nil {
            if language.isNull { definition.language = .some(nil) }
            else if let text = language.stringValue { definition.language = .some(text.lowercased()) }
            else { throw .processing("invalid language mapping", term) }
        }
        if let direction = map["@direction"], map["@type"] == nil {
            if direction.isNull { definition.direction = .some(nil) }
            else if let text = direction.stringValue, text == "ltr" || text == "rtl" { definition.direction = .some(text) }
            else { throw .processing("invalid base direction", term) }
        }
        if let nest = map["@nest"] {
            guard let text = nest.stringValue, text == "@nest" || !IRI.isKeyword(text) else { throw .processing("invalid @nest value", term) }
            definition.nest = text
        }
        if let prefix = map["@prefix"] {
            guard !term.contains(":"), !term.contains("/") else { throw .processing("invalid term definition", "\(term) cannot be a prefix") }
            guard let flag = prefix.boolValue else { throw .processing("invalid @prefix value", term) }
            if flag, let iri = definition.iri, IRI.isKeyword(iri) { throw .processing("invalid term definition", term) }
            definition.prefix = flag
        }
        let allowed: Set<String> = ["@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest", "@prefix", "@protected", "@type"]
        if let unknown = map.first(where: { !allowed.contains($0.key) }) { throw .processing("invalid term definition", "\(term) has \(unknown.key)") }
        if termIsNullMapped { definition.iri = nil }
        try checkProtected(previous, definition, term: term, overrideProtected: overrideProtected, into: &active)
        defined[term] = true
    }

    /// §4.2.2 step 27, then stores the definition.
    func checkProtected(_ previous: TermDefinition?, _ definition: TermDefinition, term: String, overrideProtected: Bool,
                        into active: inout ActiveContext) throws(JSONLDError) {
        if !overrideProtected, let previous, previous.protected {
            guard previous.sameExceptProtected(definition) else { throw .processing("protected term redefinition", term) }
            active.terms[term] = previous
            return
        }
        active.terms[term] = definition
    }

    static func isValidContainer(_ set: Set<String>, count: Int) -> Bool {
        guard set.count == count, !set.isEmpty else { return false }
        let singles: Set<String> = ["@graph", "@id", "@index", "@language", "@list", "@set", "@type"]
        if set.count == 1 { return singles.contains(set.first!) }
        if set.contains("@graph") {
            let rest = set.subtracting(["@graph", "@set"])
            return rest.count <= 1 && rest.isSubset(of: ["@id", "@index"])
        }
        guard set.contains("@set") else { return false }
        let rest = set.subtracting(["@set"])
        return rest.count == 1 && rest.isSubset(of: ["@index", "@id", "@type", "@language"])
    }
}
