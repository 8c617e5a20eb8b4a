extension JSONLDProcessor {
    /// Bounds on the context processing one document may cause (security requirement 36).
    ///
    /// Context processing (JSON-LD 1.1 Processing Algorithms §4.1.2) copies the active context
    /// for every context it applies, so a document that defines thousands of terms, each with a
    /// scoped context, costs time and memory quadratic in its size. Each bound counts per call of
    /// ``JSONLDProcessor/expand(_:expandContext:)`` (or `toRDF`, `dataset`, `canonicalize`);
    /// exceeding one is ``JSONLDError/Code/complexityLimit``, with the bound named.
    ///
    /// The defaults are far above what credentials need: the heaviest fixture credential (the
    /// vc-di-eddsa employment credential, on a new processor) makes 252 term definitions, 929
    /// copies and 6 scoped contexts; the JSON-LD API test suite's largest inline contexts hold
    /// 1,740 bytes.
    public struct Limits: Sendable {
        /// Term definitions created (§4.2.2), including those created to validate a term's scoped
        /// context. Contexts this processor has already processed (its cache) do not count again.
        public var maximumTermDefinitions: Int
        /// Term definitions copied: each context processed starts from a copy of the active
        /// context (§4.1.2 step 1), so many contexts over a large one cost their product. Counted
        /// as above (cached results are free).
        public var maximumTermDefinitionCopies: Int
        /// Property- and type-scoped contexts applied during expansion (§5.1.2 steps 3, 8 and
        /// 11, and type maps), cached ones included.
        public var maximumScopedContexts: Int
        /// Total size, in bytes of compact JSON, of the context objects the document holds inline
        /// (in `@context` values); context URLs do not count.
        public var maximumInlineContextBytes: Int

        /// Limits for one document; the defaults let every pinned context and the W3C test suites through.
        public init(maximumTermDefinitions: Int = 4_096, maximumTermDefinitionCopies: Int = 1 << 18, maximumScopedContexts: Int = 16_384,
                    maximumInlineContextBytes: Int = 65_536) {
            self.maximumTermDefinitions = maximumTermDefinitions
            self.maximumTermDefinitionCopies = maximumTermDefinitionCopies
            self.maximumScopedContexts = maximumScopedContexts
            self.maximumInlineContextBytes = maximumInlineContextBytes
        }
    }
}
