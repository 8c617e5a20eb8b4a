import StrictJSON

/// What one document's context processing has used of ``JSONLDProcessor/Limits``: one per
/// expansion, shared by reference by the context processing and expansion it runs.
final class ContextBudget {
    let limits: JSONLDProcessor.Limits
    private(set) var termDefinitions = 0
    private(set) var termDefinitionCopies = 0
    private(set) var scopedContexts = 0
    private(set) var inlineContextBytes = 0

    init(_ limits: JSONLDProcessor.Limits) { self.limits = limits }

    func countTermDefinition() throws(JSONLDError) {
        termDefinitions += 1
        guard termDefinitions <= limits.maximumTermDefinitions else {
            throw JSONLDError(.complexityLimit, "more than \(limits.maximumTermDefinitions) term definitions (Limits.maximumTermDefinitions)")
        }
    }

    /// Counts the definitions of the active context a context processing starts from (it copies
    /// them, and scans them once more for keyword aliases).
    func countCopies(of active: ActiveContext) throws(JSONLDError) {
        termDefinitionCopies += active.terms.count
        guard termDefinitionCopies <= limits.maximumTermDefinitionCopies else {
            throw JSONLDError(.complexityLimit, "more than \(limits.maximumTermDefinitionCopies) term definitions copied (Limits.maximumTermDefinitionCopies)")
        }
    }

    func countScopedContext() throws(JSONLDError) {
        scopedContexts += 1
        guard scopedContexts <= limits.maximumScopedContexts else {
            throw JSONLDError(.complexityLimit, "more than \(limits.maximumScopedContexts) scoped contexts applied (Limits.maximumScopedContexts)")
        }
    }

    /// Counts the context objects in a `@context` value (URLs are free); measuring stops once the
    /// budget is spent, so a huge inline context costs no more than the bound.
    func countInlineContext(_ context: JSONValue) throws(JSONLDError) {
        // Measuring up to one byte past what remains is enough to know the bound is exceeded.
        let measure = limits.maximumInlineContextBytes - inlineContextBytes
        let cap = measure < Int.max ? measure + 1 : measure
        var size = 0
        for item in context.arrayValue ?? [context] where item.stringValue == nil {
            size += Self.compactSize(of: item, upTo: cap - size)
            if size >= cap { break }
        }
        inlineContextBytes += size
        guard inlineContextBytes <= limits.maximumInlineContextBytes else {
            throw JSONLDError(.complexityLimit, "more than \(limits.maximumInlineContextBytes) bytes of inline contexts (Limits.maximumInlineContextBytes)")
        }
    }

    /// The length of `value` as compact JSON (strings counted unescaped), or some number at
    /// least `limit` once it reaches `limit`.
    static func compactSize(of value: JSONValue, upTo limit: Int) -> Int {
        switch value {
        case .null: return 4
        case .bool(let flag): return flag ? 4 : 5
        case .number(let number): return number.text.utf8.count
        case .string(let text): return text.utf8.count + 2
        case .array(let items):
            var size = 1 + max(items.count, 1)
            for item in items {
                size += compactSize(of: item, upTo: limit - size)
                if size >= limit { return size }
            }
            return size
        case .object(let object):
            var size = 1 + max(object.count, 1)
            for member in object {
                size += member.key.utf8.count + 3 + compactSize(of: member.value, upTo: limit - size)
                if size >= limit { return size }
            }
            return size
        }
    }
}
