import JSONLD
import StrictJSON
import Testing

/// Numbers in JSON-LD → RDF (JSON-LD 1.1 Processing Algorithms §8.1.4 steps 9–10): a number
/// whose text is not exactly its double is refused (security requirement 34), as is one inside
/// a `@json` literal (which goes through RFC 8785).
@Suite("JSON-LD numbers outside I-JSON")
struct NumberLiteralTests {
    static let context: JSONValue = ["n": "https://example.org/n", "j": ["@id": "https://example.org/j", "@type": "@json"]]

    static func document(_ member: String, _ numberText: String) throws -> JSONValue {
        try JSONValue(parsing: #"{"@id": "urn:example:x", "\#(member)": \#(numberText)}"#).mergingContext(context)
    }

    @Test("Refused: numbers their double does not hold, as values and in @json literals",
          arguments: ["12345678901234567890", "12345678901234567999", "9007199254740993", "0.10000000000000000001", "1E400",
                      "[1, 12345678901234567890]", #"{"@value": 12345678901234567890, "@type": "http://www.w3.org/2001/XMLSchema#double"}"#])
    func refused(_ text: String) throws {
        let processor = JSONLDProcessor(safeMode: true)
        #expect(throws: JSONLDError(.numberNotIJSON, "")) { try processor.toRDF(Self.document("n", text)) }
        #expect(throws: JSONLDError(.numberNotIJSON, "")) { try processor.toRDF(Self.document("j", "{\"amount\": [\(text)]}")) }
    }

    @Test("Two numbers with one double no longer give one signed dataset")
    func sameDouble() throws {
        let processor = JSONLDProcessor(safeMode: true)
        for text in ["12345678901234567890", "12345678901234567999"] {
            #expect(throws: JSONLDError(.numberNotIJSON, "")) { try processor.canonicalize(Self.document("n", text)) }
        }
    }

    @Test("Accepted: exact numbers keep their RDF forms",
          arguments: [("1.0", "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>"), ("1e2", "\"100\"^^<http://www.w3.org/2001/XMLSchema#integer>"),
                      ("-0", "\"0\"^^<http://www.w3.org/2001/XMLSchema#integer>"), ("0.1", "\"1.0E-1\"^^<http://www.w3.org/2001/XMLSchema#double>"),
                      ("9007199254740992", "\"9007199254740992\"^^<http://www.w3.org/2001/XMLSchema#integer>"),
                      ("1e21", "\"1.0E21\"^^<http://www.w3.org/2001/XMLSchema#double>")])
    func accepted(_ text: String, _ literal: String) throws {
        let processor = JSONLDProcessor(safeMode: true)
        let nquads = try processor.canonicalize(Self.document("n", text)).canonicalNQuads
        #expect(nquads == "<urn:example:x> <https://example.org/n> \(literal) .\n")
        let json = try processor.canonicalize(Self.document("j", "{\"b\": \(text), \"a\": [\(text)]}")).canonicalNQuads
        #expect(json.contains("<https://example.org/j>"))
    }
}

extension JSONValue {
    /// The object with `@context` set to `context`.
    func mergingContext(_ context: JSONValue) -> JSONValue {
        var object = objectValue!
        object["@context"] = context
        return .object(object)
    }
}
