import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing

/// The W3C RDF Dataset Canonicalization test suite (`Fixtures/rdf-canon/`): every evaluation
/// test gives the expected canonical N-Quads byte for byte, every map test the expected issued
/// identifiers, and the negative test (a 10-node blank node clique) stops with
/// `complexityLimit`.
@Suite("W3C rdf-canon test suite (RDFC-1.0)")
struct RDFCanonTestSuiteTests {
    struct Entry: Sendable, CustomTestStringConvertible {
        let id: String, type: String, name: String, action: String, result: String?, algorithm: RDFCanonicalizer.HashAlgorithm
        var testDescription: String { "\(id) \(name)" }
    }

    static let entries: [Entry] = try! Fixtures.json("rdf-canon/manifest.jsonld")["entries"]!.arrayValue!.map {
        Entry(id: $0["id"]!.stringValue!, type: $0["type"]!.stringValue!, name: $0["name"]!.stringValue!, action: $0["action"]!.stringValue!,
              result: $0["result"]?.stringValue, algorithm: $0["hashAlgorithm"]?.stringValue == "SHA384" ? .sha384 : .sha256)
    }

    static func text(_ path: String) throws -> String { String(decoding: try Fixtures.bytes("rdf-canon/\(path)"), as: UTF8.self) }

    @Test("Every test of the suite passes", arguments: entries)
    func suiteEntry(_ entry: Entry) throws {
        let input = try Self.text(entry.action)
        let canonicalizer = RDFCanonicalizer(hashAlgorithm: entry.algorithm)
        switch entry.type {
        case "rdfc:RDFC10EvalTest":
            let result = try canonicalizer.canonicalize(nquads: input)
            #expect(result.canonicalNQuads == (try Self.text(entry.result!)))
        case "rdfc:RDFC10MapTest":
            let result = try canonicalizer.canonicalize(nquads: input)
            let expected = try JSONValue(parsing: Fixtures.bytes("rdf-canon/\(entry.result!)")).objectValue!
            #expect(result.issuedIdentifiers == Dictionary(uniqueKeysWithValues: expected.map { ($0.key, $0.value.stringValue!) }))
            // The map's keys are exactly the input's blank nodes.
            let blankNodes = Set(try NQuads.parse(input).flatMap { [$0.subject, $0.object, $0.graph].compactMap { $0?.blankNodeIdentifier } })
            #expect(Set(result.issuedIdentifiers.keys) == blankNodes)
        case "rdfc:RDFC10NegativeEvalTest":
            #expect(throws: JSONLDError(.complexityLimit, "")) { try canonicalizer.canonicalize(nquads: input) }
        default:
            Issue.record("unknown test type \(entry.type)")
        }
    }

    /// The default budget sits between what the suite needs and what the clique would need.
    @Test("The work budget: the most demanding suite test needs a fraction of it; the clique exhausts any budget that is not huge")
    func workBudget() throws {
        var most = 0
        for entry in Self.entries where entry.type == "rdfc:RDFC10EvalTest" {
            most = max(most, try RDFCanonicalizer(hashAlgorithm: entry.algorithm).canonicalize(nquads: Self.text(entry.action)).work)
        }
        #expect(most > 10 && most * 4 < RDFCanonicalizer.defaultMaximumWork, "most work in the suite: \(most)")
        let clique = try Self.text("rdfc10/test074-in.nq")
        #expect(throws: JSONLDError(.complexityLimit, "")) { try RDFCanonicalizer(maximumWork: RDFCanonicalizer.defaultMaximumWork * 20).canonicalize(nquads: clique) }
    }

    @Test("The suite has 86 tests: 64 evaluation, 21 map, 1 negative")
    func counts() {
        #expect(Self.entries.count == 86)
        #expect(Self.entries.filter { $0.type == "rdfc:RDFC10EvalTest" }.count == 64)
        #expect(Self.entries.filter { $0.type == "rdfc:RDFC10MapTest" }.count == 21)
    }
}
