import Foundation
import StrictJSON

/// A term definition (JSON-LD 1.1 Processing Algorithms §4.1).
///
/// Its fields live in one copy-on-write object: expansion reads definitions out of the context
/// for every key.
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

    private var fields = CopyOnWrite(Fields())

    var iri: String? {
        get { fields.value.iri }
        _modify { yield &fields.value.iri }
    }
    var prefix: Bool {
        get { fields.value.prefix }
        _modify { yield &fields.value.prefix }
    }
    var protected: Bool {
        get { fields.value.protected }
        _modify { yield &fields.value.protected }
    }
    var reverse: Bool {
        get { fields.value.reverse }
        _modify { yield &fields.value.reverse }
    }
    var baseURL: String? {
        get { fields.value.baseURL }
        _modify { yield &fields.value.baseURL }
    }
    /// The term's scoped context, unprocessed.
    var context: JSONValue? {
        get { fields.value.context }
        _modify { yield &fields.value.context }
    }
    var container: Set<String> {
        get { fields.value.container }
        _modify { yield &fields.value.container }
    }
    /// `container` as flags, for the checks expansion makes for every value.
    var containers: Containers { fields.value.containers }
    /// `direction` present: `.some(nil)` is `@direction: null`.
    var direction: String?? {
        get { fields.value.direction }
        _modify { yield &fields.value.direction }
    }
    var index: String? {
        get { fields.value.index }
        _modify { yield &fields.value.index }
    }
    /// `language` present: `.some(nil)` is `@language: null`.
    var language: String?? {
        get { fields.value.language }
        _modify { yield &fields.value.language }
    }
    var nest: String? {
        get { fields.value.nest }
        _modify { yield &fields.value.nest }
    }
    var typeMapping: String? {
        get { fields.value.typeMapping }
        _modify { yield &fields.value.typeMapping }
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
/// Its fields live in one copy-on-write object: expansion passes contexts around for every node
/// and value.
struct ActiveContext: Sendable {
    struct Fields: Sendable {
        var baseIRI: String?
        var originalBaseURL: String?
        var vocabularyMapping: String?
        var defaultLanguage: String?
        var defaultDirection: String?
        var terms = TermDefinitions()
        var previousContext: Box<ActiveContext>?
        var keywordAliases: [(term: String, keyword: String)] = []
        var token = 0
    }

    private var fields = CopyOnWrite(Fields())

    var baseIRI: String? {
        get { fields.value.baseIRI }
        _modify { yield &fields.value.baseIRI }
    }
    var originalBaseURL: String? {
        get { fields.value.originalBaseURL }
        _modify { yield &fields.value.originalBaseURL }
    }
    var vocabularyMapping: String? {
        get { fields.value.vocabularyMapping }
        _modify { yield &fields.value.vocabularyMapping }
    }
    var defaultLanguage: String? {
        get { fields.value.defaultLanguage }
        _modify { yield &fields.value.defaultLanguage }
    }
    var defaultDirection: String? {
        get { fields.value.defaultDirection }
        _modify { yield &fields.value.defaultDirection }
    }
    var terms: TermDefinitions {
        get { fields.value.terms }
        _modify { yield &fields.value.terms }
    }
    /// The context to return to after a type-scoped context stops propagating.
    var previousContext: Box<ActiveContext>? {
        get { fields.value.previousContext }
        _modify { yield &fields.value.previousContext }
    }
    /// The terms that alias a keyword (term, keyword), found once a context is processed: most
    /// keys are checked against them, which is cheaper than a lookup when there are few.
    var keywordAliases: [(term: String, keyword: String)] {
        get { fields.value.keywordAliases }
        _modify { yield &fields.value.keywordAliases }
    }
    /// Identifies a context produced by context processing (0: a fresh one), for the cache of
    /// processed contexts.
    var token: Int {
        get { fields.value.token }
        _modify { yield &fields.value.token }
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
/// combination is processed once per processor. Bounded by entries and by weight (the terms the
/// stored contexts hold, plus the size of inline contexts in the keys); cleared when full.
final class ContextResultCache: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [ContextCacheKey: ActiveContext] = [:]
    private var nextToken = 1
    private(set) var weight = 0
    let capacity: Int
    let maximumWeight: Int

    /// About 16 MB at most: a term weighs one, 64 bytes of an inline context key one.
    init(capacity: Int = 4096, maximumWeight: Int = 1 << 18) {
        self.capacity = capacity
        self.maximumWeight = maximumWeight
    }

    var count: Int { lock.withLock { results.count } }

    func get(_ key: ContextCacheKey) -> ActiveContext? { lock.withLock { results[key] } }

    /// Stores `context` (with a new token) and returns it. A result heavier than a sixteenth of
    /// the cache gets its token but is not kept.
    func store(_ key: ContextCacheKey, _ context: ActiveContext) -> ActiveContext {
        let entryWeight = context.terms.count + 1 + (key.local.map { ContextBudget.compactSize(of: $0, upTo: maximumWeight * 64) / 64 } ?? 0)
        return lock.withLock {
            var stored = context
            stored.token = nextToken
            nextToken += 1
            guard entryWeight <= maximumWeight / 16 else { return stored }
            if results.count >= capacity || weight + entryWeight > maximumWeight {
                results.removeAll(keepingCapacity: true)
                weight = 0
            }
            results[key] = stored
            weight += entryWeight
            return stored
        }
    }
}
