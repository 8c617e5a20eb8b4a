import StrictJSON

/// A term definition (JSON-LD 1.1 Processing Algorithms §4.1).
struct TermDefinition: Sendable {
    var iri: String?
    var prefix = false
    var protected = false
    var reverse = false
    var baseURL: String?
    /// The term's scoped context, unprocessed.
    var context: JSONValue?
    var container: Set<String> = []
    /// `direction` present: `.some(nil)` is `@direction: null`.
    var direction: String??
    var index: String?
    /// `language` present: `.some(nil)` is `@language: null`.
    var language: String??
    var nest: String?
    var typeMapping: String?

    /// Definitions compare without `protected` (§4.2.2 step 27).
    func sameExceptProtected(_ other: TermDefinition) -> Bool {
        iri == other.iri && prefix == other.prefix && reverse == other.reverse && baseURL == other.baseURL
            && context == other.context && container == other.container && direction == other.direction
            && index == other.index && language == other.language && nest == other.nest && typeMapping == other.typeMapping
    }
}

/// The active context (§4.1): base IRI, vocabulary mapping, defaults and term definitions.
struct ActiveContext: Sendable {
    var baseIRI: String?
    var originalBaseURL: String?
    var vocabularyMapping: String?
    var defaultLanguage: String?
    var defaultDirection: String?
    var terms: [String: TermDefinition] = [:]
    /// The context to return to after a type-scoped context stops propagating.
    var previousContext: Box<ActiveContext>?

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
