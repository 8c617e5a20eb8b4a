/// The term definitions of an active context, by term. Terms are JSON member names, which JSON
/// compares code point by code point: a key that is only canonically equivalent to a defined
/// term (`"e\u{301}"` for `"é"`) is a different, undefined term, as every other processor
/// sees it.
struct TermDefinitions: Sendable {
    private var definitions: [CodePoints: TermDefinition] = [:]

    subscript(term: String) -> TermDefinition? {
        get { definitions[CodePoints(term)] }
        set { definitions[CodePoints(term)] = newValue }
    }

    var values: Dictionary<CodePoints, TermDefinition>.Values { definitions.values }
    var count: Int { definitions.count }

    @discardableResult
    mutating func removeValue(forKey term: String) -> TermDefinition? { definitions.removeValue(forKey: CodePoints(term)) }

    /// `transform` over each (term, definition), keeping the non-nil results.
    func compactMap<Result>(_ transform: (String, TermDefinition) -> Result?) -> [Result] {
        definitions.compactMap { transform($0.key.string, $0.value) }
    }
}
