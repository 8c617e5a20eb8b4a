/// An error of the `JSONLD` module, with a stable ``code``.
public struct JSONLDError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable error code: its raw value never changes once released, so callers can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed in messages and reports (`contextNotAllowed`).
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }

        /// N-Quads text that does not follow the grammar (RDF 1.1 N-Quads §5).
        public static let invalidNQuads = Code("invalidNQuads")
        /// Canonicalization gave up: the N-degree hashing work exceeded its limit (RDFC-1.0 §4.4,
        /// "poison" datasets; security requirement 29).
        public static let complexityLimit = Code("complexityLimit")
        /// A JSON-LD document or context the processing algorithms reject; ``JSONLDError/processingError``
        /// names the JSON-LD 1.1 API error (for example `invalid term definition`).
        public static let invalidJSONLD = Code("invalidJSONLD")
        /// A context URL the document loader may not load (offline, pinned contexts only).
        public static let contextNotAllowed = Code("contextNotAllowed")
        /// A pinned context compiled into the library that does not match the SHA-256 pinned for
        /// it in `index.json`, or is not a JSON context document: a broken build, never the
        /// input's fault (decision 0016).
        public static let invalidPinnedContext = Code("invalidPinnedContext")
        /// A context an app pins (``UserPinnedContext``) under the URL of a compiled-in context
        /// with other bytes, or twice under one URL with different bytes: refused, so that no
        /// pin ever replaces a pinned context silently (decision 0021).
        public static let contextConflict = Code("contextConflict")
        /// A document an app pins that is not a JSON-LD context document (a JSON object with
        /// `@context`), or whose URL is not an absolute URL.
        public static let invalidUserContext = Code("invalidUserContext")
        /// Safe mode: a property or type that does not expand to an absolute IRI, or a value that
        /// would be dropped from the RDF.
        public static let dataLoss = Code("dataLoss")
        /// With ``JSONLDProcessor/requireUnambiguousForm``: the document uses a form by which a
        /// second JSON tree could state the same RDF under other names (an inline `@context`, a
        /// keyword, compact IRI or absolute IRI written as a key, a keyword alias other than `id`
        /// and `type`, an index map whose keys are not signed). The message gives the JSON Pointer.
        public static let ambiguousJSONLD = Code("ambiguousJSONLD")
        /// A number (also inside a `@json` literal) whose text states more than its IEEE 754 double
        /// holds (`12345678901234567890`): its RDF literal would stand for every number with that
        /// double, so a signature over it would too (I-JSON, RFC 7493 §2.2; security requirement 34).
        public static let numberNotIJSON = Code("numberNotIJSON")
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation; its wording may change between releases.
    public let message: String
    /// The JSON-LD 1.1 API error name, for ``Code/invalidJSONLD``.
    public let processingError: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: A human-readable explanation.
    ///   - processingError: The JSON-LD 1.1 API error name, when the error is one of those.
    public init(_ code: Code, _ message: String, processingError: String? = nil) {
        self.code = code
        self.message = message
        self.processingError = processingError
    }

    /// A JSON-LD 1.1 processing error (`invalid term definition`, …).
    static func processing(_ name: String, _ detail: String = "") -> JSONLDError {
        JSONLDError(.invalidJSONLD, detail.isEmpty ? name : "\(name): \(detail)", processingError: name)
    }

    /// The code and the message.
    public var description: String { "\(code): \(message)" }

    /// Errors compare by code (messages are for people).
    public static func == (lhs: JSONLDError, rhs: JSONLDError) -> Bool { lhs.code == rhs.code }
}
