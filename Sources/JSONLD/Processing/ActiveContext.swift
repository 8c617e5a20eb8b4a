import Foundation
import StrictJSON

/// A term definition (JSON-LD 1.1 Processing Algorithms §4.1).
///
/// A value type over one shared, copy-on-write storage object, like ``ActiveContext``:
/// expansion reads definitions out of the context for every key, and a copy is then one
/// reference count instead of one per field.
struct TermDefinition: Sendable {
    struct Fields: Sendable {
        var iri: String?
        var prefix: Bool = false
        var protected: Bool = false
        var reverse: Bool = false
        var baseURL: String?
        var context: JSONValue?
        var container: Set<String> = [] {
            didSet { containers = Containers(container) }
        }
        var containers: Containers = []
        var direction: String??
        var index: String?
        var language: String??
        var nest: String?
        var typeMapping: String?
    }

    private final class Storage: @unchecked Sendable {
        // Written only while uniquely referenced (copy-on-write), so no access can overlap.
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    // Mutated only through `unique()`, so a shared storage object is never written.
    private var storage = Storage(Fields())

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    var iri: String? {
        get { storage.fields.iri }
        _modify { yield &unique().fields.iri }
    }
    var prefix: Bool {
        get { storage.fields.prefix }
        _modify { yield &unique().fields.prefix }
    }
    var protected: Bool {
        get { storage.fields.protected }
        _modify { yield &unique().fields.protected }
    }
    var reverse: Bool {
        get { storage.fields.reverse }
        _modify { yield &unique().fields.reverse }
    }
    var baseURL: String? {
        get { storage.fields.baseURL }
        _modify { yield &unique().fields.baseURL }
    }
    /// The term's scoped context, unprocessed.
    var context: JSONValue? {
        get { storage.fields.context }
        _modify { yield &unique().fields.context }
    }
    var container: Set<String> {
        get { storage.fields.container }
        _modify { yield &unique().fields.container }
    }
    /// `container` as flags, for the checks expansion makes for every value.
    var containers: Containers { storage.fields.containers }
    /// `direction` present: `.some(nil)` is `@direction: null`.
    var direction: String?? {
        get { storage.fields.direction }
        _modify { yield &unique().fields.direction }
    }
    var index: String? {
        get { storage.fields.index }
        _modify { yield &unique().fields.index }
    }
    /// `language` present: `.some(nil)` is `@language: null`.
    var language: String?? {
        get { storage.fields.language }
        _modify { yield &unique().fields.language }
    }
    var nest: String? {
        get { storage.fields.nest }
        _modify { yield &unique().fields.nest }
    }
    var typeMapping: String? {
        get { storage.fields.typeMapping }
        _modify { yield &unique().fields.typeMapping }
    }

    /// Definitions compare without `protected` (§4.2.2 step 27).
    func sameExceptProtected(_ other: TermDefinition) -> Bool {
        iri == other.iri && prefix == other.prefix && reverse == other.reverse && baseURL == other.baseURL
            && context == other.context && container == other.container && direction == other.direction
            && index == other.index && language == other.language && nest == other.nest && typeMapping == other.typeMapping
    }
}

/// Container mappings as flags (§4.1 "container mapping").
struct Containers: OptionSet, Sendable {
    let rawValue: UInt8
    static let list = Containers(rawValue: 1), set = Containers(rawValue: 2), index = Containers(rawValue: 4), id = Containers(rawValue: 8)
    static let type = Containers(rawValue: 16), graph = Containers(rawValue: 32), language = Containers(rawValue: 64)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ names: Set<String>) {
        let table: [(String, Containers)] = [("@list", .list), ("@set", .set), ("@index", .index), ("@id", .id), ("@type", .type),
                                             ("@graph", .graph), ("@language", .language)]
        self = Containers(table.filter { names.contains($0.0) }.map(\.1))
    }
}

/// The active context (§4.1): base IRI, vocabulary mapping, defaults and term definitions.
///
/// A value type over one shared, copy-on-write storage object: expansion passes contexts around
/// for every node and value, and a copy is then one reference count instead of one per field.
struct ActiveContext: Sendable {
    private final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var baseIRI: String? = nil
        @exclusivity(unchecked) var originalBaseURL: String? = nil
        @exclusivity(unchecked) var vocabularyMapping: String? = nil
        @exclusivity(unchecked) var defaultLanguage: String? = nil
        @exclusivity(unchecked) var defaultDirection: String? = nil
        @exclusivity(unchecked) var terms = TermDefinitions()
        @exclusivity(unchecked) var previousContext: Box<ActiveContext>? = nil
        @exclusivity(unchecked) var keywordAliases: [(term: String, keyword: String)] = []
        @exclusivity(unchecked) var token: Int = 0

        init() {}

        func copy() -> Storage {
            let copy = Storage()
            copy.baseIRI = baseIRI
            copy.originalBaseURL = originalBaseURL
            copy.vocabularyMapping = vocabularyMapping
            copy.defaultLanguage = defaultLanguage
            copy.defaultDirection = defaultDirection
            copy.terms = terms
            copy.previousContext = previousContext
            copy.keywordAliases = keywordAliases
            copy.token = token
            return copy
        }
    }

    // Mutated only through `unique()`, so a shared storage object is never written.
    private var storage = Storage()

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    var baseIRI: String? {
        get { storage.baseIRI }
        _modify { yield &unique().baseIRI }
    }
    var originalBaseURL: String? {
        get { storage.originalBaseURL }
        _modify { yield &unique().originalBaseURL }
    }
    var vocabularyMapping: String? {
        get { storage.vocabularyMapping }
        _modify { yield &unique().vocabularyMapping }
    }
    var defaultLanguage: String? {
        get { storage.defaultLanguage }
        _modify { yield &unique().defaultLanguage }
    }
    var defaultDirection: String? {
        get { storage.defaultDirection }
        _modify { yield &unique().defaultDirection }
    }
    var terms: TermDefinitions {
        get { storage.terms }
        _modify { yield &unique().terms }
    }
    /// The context to return to after a type-scoped context stops propagating.
    var previousContext: Box<ActiveContext>? {
        get { storage.previousContext }
        _modify { yield &unique().previousContext }
    }
    /// The terms that alias a keyword (term, keyword), found once a context is processed: most
    /// keys are checked against them, which is cheaper than a lookup when there are few.
    var keywordAliases: [(term: String, keyword: String)] {
        get { storage.keywordAliases }
        _modify { yield &unique().keywordAliases }
    }
    /// Identifies a context produced by context processing (0: a fresh one), for the cache of
    /// processed contexts.
    var token: Int {
        get { storage.token }
        _modify { yield &unique().token }
    }

    init(base: String?) {
        baseIRI = base
        originalBaseURL = base
    }
}

/// A reference box so that a context can hold its previous context.
final class Box<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// What a result of context processing depends on: the active context (by token), its base,
/// the flags, and the local context — for a term's scoped context, the token of the context
/// that defines the term and the term, which identify it without hashing it.
struct ContextCacheKey: Hashable, Sendable {
    let token: Int
    let base: String?
    let baseURL: String?
    let flags: UInt8
    let scopeToken: Int
    let scopeTerm: String?
    let local: JSONValue?
}

/// Results of context processing, by (active context, local context, flags): credentials apply
/// the same large contexts (and their scoped contexts) to every document and node, so each
/// combination is processed once per processor. Bounded; cleared when full.
final class ContextResultCache: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [ContextCacheKey: ActiveContext] = [:]
    private var nextToken = 1
    static let capacity = 4096

    func get(_ key: ContextCacheKey) -> ActiveContext? { lock.withLock { results[key] } }

    func store(_ key: ContextCacheKey, _ context: ActiveContext) -> ActiveContext {
        lock.withLock {
            if results.count >= Self.capacity { results.removeAll(keepingCapacity: true) }
            var stored = context
            stored.token = nextToken
            nextToken += 1
            results[key] = stored
            return stored
        }
    }
}
