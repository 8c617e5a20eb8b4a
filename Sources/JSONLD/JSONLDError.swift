/// An error of the `JSONLD` module, with a stable ``code``.
public struct JSONLDError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// N-Quads text that does not follow the grammar (RDF 1.1 N-Quads §5).
        public static let invalidNQuads = Code("invalidNQuads")
        /// Canonicalization gave up: the N-degree hashing work exceeded its limit (RDFC-1.0 §4.4,
        /// "poison" datasets; security requirement 29).
        public static let complexityLimit = Code("complexityLimit")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Errors compare by code (messages are for people).
    public static func == (lhs: JSONLDError, rhs: JSONLDError) -> Bool { lhs.code == rhs.code }
}
