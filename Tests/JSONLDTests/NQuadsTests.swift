import JSONLD
import Testing

@Suite("N-Quads: parsing and canonical form")
struct NQuadsTests {
    @Test("String escapes are read, and written in canonical form (ECHAR for \\b \\t \\n \\f \\r \\\" \\\\, uppercase UCHAR for other controls)")
    func canonicalEscapes() throws {
        let input = #"<urn:ex:s> <urn:ex:p> "\u0008\u0009\u000a\u000b\u000c\u000d\u0022\u005c\u007f\u00e9\U0001F600\'" ."# + "\n"
        let quads = try NQuads.parse(input)
        guard case .literal(let literal) = quads[0].object else { Issue.record("not a literal"); return }
        #expect(literal.value == "\u{08}\t\n\u{0B}\u{0C}\r\"\\\u{7F}é😀'")
        #expect(NQuads.serialize(quads[0]) == #"<urn:ex:s> <urn:ex:p> "\b\t\n\u000B\f\r\"\\\u007Fé😀'" ."# + "\n")
    }

    @Test("Literals: plain, language-tagged, typed; graphs; comments and blank lines; duplicates kept once")
    func terms() throws {
        let input = """
            # a comment
            _:b0 <http://ex/p> "plain" .
            _:b0 <http://ex/p> "chào"@vi-VN <http://ex/g> .

            _:b0 <http://ex/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:g . # trailing comment
            _:b0 <http://ex/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .
            _:b0 <http://ex/p> "plain" .
            """
        let quads = try NQuads.parse(input)
        #expect(quads.count == 4)  // the repeated statement once
        #expect(quads.map { NQuads.serialize($0) }.joined() == """
            _:b0 <http://ex/p> "plain" .
            _:b0 <http://ex/p> "chào"@vi-VN <http://ex/g> .
            _:b0 <http://ex/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:g .
            _:b0 <http://ex/p> "x" .

            """)  // xsd:string is implied in canonical form
    }

    @Test("Malformed statements fail with invalidNQuads", arguments: [
        #""lit" <http://ex/p> <http://ex/o> ."#,          // literal subject
        #"<http://ex/s> _:p <http://ex/o> ."#,             // blank predicate
        #"<http://ex/s> <http://ex/p> <http://ex/o>"#,     // no dot
        #"<http://ex/s> <http://ex/p> "open ."#,           // unterminated string
        #"<http://ex/s> <http://ex/p> "\q" ."#,            // bad escape
        #"<http://ex/s> <http://ex/p> "x"@ ."#,            // empty language tag
        #"<relative> <http://ex/p> <http://ex/o> ."#,      // not an absolute IRI
        #"<http://ex/s t> <http://ex/p> <http://ex/o> ."#, // space in an IRI
        #"<http://ex/s> <http://ex/p> <http://ex/o> . extra"#,
        #"<http://ex/s> <http://ex/p> "x" "y" ."#,         // literal graph
        #"<http://ex/s> <http://ex/p> "\uD800" ."#,        // a surrogate is not a scalar
        #"_: <http://ex/p> <http://ex/o> ."#,              // empty label
    ])
    func malformed(_ text: String) {
        #expect(throws: JSONLDError(.invalidNQuads, "")) { try NQuads.parse(text) }
    }

    @Test("URDNA2015 escaping (as older Linked Data proofs were made) writes only \\\" \\\\ \\n \\r as escapes")
    func legacyEscaping() throws {
        let quad = RDFQuad(subject: .iri("urn:ex:s"), predicate: .iri("urn:ex:p"), object: .literal(RDFLiteral("a\tb\u{08}c\n\"d\\\u{7F}")))
        #expect(NQuads.serialize(quad, escaping: .urdna2015) == "<urn:ex:s> <urn:ex:p> \"a\tb\u{08}c\\n\\\"d\\\\\u{7F}\" .\n")
        #expect(NQuads.serialize(quad) == #"<urn:ex:s> <urn:ex:p> "a\tb\bc\n\"d\\\u007F" ."# + "\n")
    }
}
