import JSONLD
import StrictJSON
import Testing

/// toRdf writes each node object's quads where it stands (no node map) into a set: what the node
/// map would have merged or dropped must come out the same.
@Suite("Deserialization to RDF: a dataset is a set")
struct RDFDatasetTests {
    static let context: JSONValue = [
        "p": "http://example.org/p",
        "l": ["@id": "http://example.org/l", "@container": "@list"],
    ]

    @Test("A node stated twice, a repeated value and two spellings of one literal give each quad once")
    func duplicatesOnce() throws {
        let document: JSONValue = [
            "@context": Self.context,
            "@graph": [
                ["@id": "http://example.org/a", "p": ["x", "x", ["@value": "x", "@type": "http://www.w3.org/2001/XMLSchema#string"]]],
                ["@id": "http://example.org/a", "p": "x"],
                ["@id": "_:n", "p": "y"],
                ["@id": "_:n", "p": "y"],
            ],
        ]
        let quads = try JSONLDProcessor().toRDF(document)
        #expect(quads.count == 2, "\(quads)")
        #expect(Set(quads).count == quads.count)
        // The order is the document's, the same on every run.
        #expect(try JSONLDProcessor().toRDF(document) == quads)
    }

    @Test("Canonicalization counts a repeated statement once (first-degree hashes of a set)")
    func canonicalizationOfRepeats() throws {
        let repeated: JSONValue = ["@context": Self.context, "@graph": [["@id": "_:n", "p": "y"], ["@id": "_:n", "p": ["y", "z"]]]]
        let single: JSONValue = ["@context": Self.context, "@id": "_:m", "p": ["z", "y"]]
        let processor = JSONLDProcessor()
        #expect(try processor.canonicalize(repeated).canonicalNQuads == processor.canonicalize(single).canonicalNQuads)
        // Two blank nodes whose order of first-degree hashes flips if _:a's statement were hashed
        // twice (SHA-256 of one line sorts after _:b's, of the line twice before).
        let p = RDFTerm.iri("http://example.org/p")
        let a = RDFQuad(subject: .blankNode("a"), predicate: p, object: .literal(RDFLiteral("1")))
        let b = RDFQuad(subject: .blankNode("b"), predicate: p, object: .literal(RDFLiteral("12")))
        let once = try RDFCanonicalizer().canonicalize([a, b])
        #expect(once.issuedIdentifiers == ["b": "c14n0", "a": "c14n1"])
        let twice = try RDFCanonicalizer().canonicalize([a, b, a])
        #expect(twice.issuedIdentifiers == once.issuedIdentifiers)
        #expect(twice.canonicalNQuads == once.canonicalNQuads)
        #expect(twice.quads.count == 2)
    }

    @Test("A list item whose @id expands to null is dropped with its reference, not left as a hole")
    func droppedListItem() throws {
        let document: JSONValue = ["@context": Self.context, "@id": "http://example.org/s", "l": [["@id": "@ignoreMe", "p": "x"], "b"]]
        let quads = try JSONLDProcessor().toRDF(document)
        let first = quads.filter { $0.predicate == .iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#first") }
        #expect(quads.count == 3, "\(quads)")
        #expect(first.map(\.object) == [.literal(RDFLiteral("b"))])
        #expect(!quads.contains { $0.object == .literal(RDFLiteral("x")) })
    }

    @Test("Terms are told apart by code points: canonically equivalent strings are different terms")
    func codePoints() throws {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed)  // Swift's String equality is canonical equivalence ...
        #expect(RDFTerm.literal(RDFLiteral(composed)) != .literal(RDFLiteral(decomposed)))  // ... RDF's is not.
        #expect(RDFTerm.iri("http://example.org/\(composed)") != .iri("http://example.org/\(decomposed)"))
        #expect(Set([RDFTerm.blankNode(composed), .blankNode(decomposed)]).count == 2)
        // Both values of one property stay: dropping one would let it be added to a signed
        // document without changing the canonical form.
        let document: JSONValue = ["@context": Self.context, "@id": "http://example.org/s", "p": [.string(composed), .string(decomposed)]]
        let quads = try JSONLDProcessor().toRDF(document)
        #expect(quads.count == 2)
        let canonical = try JSONLDProcessor().canonicalize(document).canonicalNQuads
        #expect(canonical.split(separator: "\n").count == 2)
        #expect(canonical != (try JSONLDProcessor().canonicalize(["@context": Self.context, "@id": "http://example.org/s", "p": .string(composed)]).canonicalNQuads))
        // Two blank nodes whose labels differ only in normalization stay two nodes.
        let nquads = "_:\(composed) <http://example.org/p> \"1\" .\n_:\(decomposed) <http://example.org/p> \"2\" .\n"
        #expect(try NQuads.parse(nquads).count == 2)
        let result = try RDFCanonicalizer().canonicalize(nquads: nquads)
        #expect(result.canonicalNQuads.contains("_:c14n0") && result.canonicalNQuads.contains("_:c14n1"))
        #expect(Set(result.quads.map(\.subject)) == [.blankNode("c14n0"), .blankNode("c14n1")])
        #expect(result.quads.map { NQuads.serialize($0) }.joined() == result.canonicalNQuads)
    }

    @Test("A key that is only canonically equivalent to a defined term is another term")
    func termsByCodePoints() throws {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        let context: JSONValue = ["@vocab": "http://example.org/vocab#", .init(stringLiteral: composed): "http://example.org/defined"]
        let quads = try JSONLDProcessor().toRDF(["@context": context, "@id": "http://example.org/s",
                                                 .init(stringLiteral: composed): "a", .init(stringLiteral: decomposed): "b"])
        let predicates = Set(quads.map(\.predicate))
        #expect(predicates == [.iri("http://example.org/defined"), .iri("http://example.org/vocab#\(decomposed)")])
    }

    @Test("A node given two different @index values is an error; the same value, or another graph, is not")
    func conflictingIndexes() throws {
        func document(_ first: JSONValue, _ second: JSONValue, secondGraph: Bool = false) -> JSONValue {
            let a: JSONValue = ["@id": "http://example.org/a", "@index": first, "p": "x"]
            let b: JSONValue = ["@id": "http://example.org/a", "@index": second, "p": "y"]
            let other: JSONValue = ["@id": "http://example.org/g", "@graph": [b]]
            return ["@context": Self.context, "@graph": secondGraph ? [a, other] : [a, b]]
        }
        do {
            _ = try JSONLDProcessor().toRDF(document("one", "two"))
            Issue.record("conflicting indexes were accepted")
        } catch {
            #expect(error.processingError == "conflicting indexes")
        }
        #expect(try JSONLDProcessor().toRDF(document("one", "one")).count == 2)
        #expect(try JSONLDProcessor().toRDF(document("one", "two", secondGraph: true)).count == 2)
    }

    @Test("Safe mode: a relative subject is refused even when the node states nothing")
    func relativeSubjectInSafeMode() throws {
        let document: JSONValue = ["@context": Self.context, "p": ["@id": "relative"]]
        #expect(throws: JSONLDError(.dataLoss, "")) { try JSONLDProcessor(safeMode: true).canonicalize(document) }
        // Without safe mode the reference is dropped and nothing else.
        #expect(try JSONLDProcessor().toRDF(document).isEmpty)
    }
}
