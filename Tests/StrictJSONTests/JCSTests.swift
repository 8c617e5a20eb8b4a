import Foundation
@testable import StrictJSON
import TestSupport
import Testing

@Suite("RFC 8785 JSON Canonicalization Scheme")
struct JCSTests {
    static let testDataNames = ["arrays", "french", "structures", "unicode", "values", "weird"]

    @Test("cyberphone test data: input → canonical output and its hex bytes", arguments: testDataNames)
    func testData(_ name: String) throws {
        let input = try Fixtures.bytes("jcs-rfc8785/testdata/input/\(name).json")
        let expected = try Fixtures.bytes("jcs-rfc8785/testdata/output/\(name).json")
        let expectedHex = try Fixtures.text("jcs-rfc8785/testdata/outhex/\(name).txt")
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).joined()
        // `values` holds RFC 8785's own example numbers, one of which (333333333.33333329) is not
        // I-JSON: the public API refuses it, the rounding path reproduces the RFC's output.
        let rounded = try JCS.canonicalize(JSONParser().parse(input), roundingInexactNumbers: true)
        #expect(rounded == expected)
        #expect(rounded == hexBytes(expectedHex))
        if name == "values" {
            #expect(throws: JSONError(.numberNotIJSON, "")) { try JCS.canonicalize(json: input) }
        } else {
            #expect(try JCS.canonicalize(json: input) == expected)
        }
        // Canonicalisation is idempotent, and canonical output is I-JSON.
        #expect(try JCS.canonicalize(json: rounded) == rounded)
    }

    @Test("RFC 8785 §3.2.2–3.2.4: the example input, its canonical text and UTF-8 bytes")
    func rfcExample() throws {
        let examples = try Fixtures.json("jcs-rfc8785/rfc8785-examples.json")
        let input = try JSONValue(parsing: examples["section_3_2_2_input"]!.stringValue!)
        let canonical = String(decoding: try JCS.canonicalize(input, roundingInexactNumbers: true), as: UTF8.self)
        #expect(canonical == examples["section_3_2_3_canonical"]!.stringValue!)
        #expect(Array(canonical.utf8) == hexBytes(examples["section_3_2_4_utf8_hex"]!.stringValue!))
        // 333333333.33333329 is not its double (333333333.3333333): not I-JSON (§3.1).
        #expect(throws: JSONError(.numberNotIJSON, "")) { try JCS.canonicalString(input) }
    }

    @Test("RFC 8785 §3.2.3: members sorted by UTF-16 code units")
    func sortingExample() throws {
        let examples = try Fixtures.json("jcs-rfc8785/rfc8785-examples.json")
        let sorted = try JSONValue(parsing: JCS.canonicalString(JSONValue(parsing: examples["section_3_2_3_sorting_input"]!.stringValue!)))
        let values = sorted.objectValue!.members.map { $0.value.stringValue! }
        let expected = examples["section_3_2_3_sorting_expected_value_order"]!.arrayValue!.map { $0.stringValue! }
        #expect(values == expected)
    }

    @Test("RFC 8785 Appendix B: number samples, NaN and Infinity refused")
    func appendixB() throws {
        let examples = try Fixtures.json("jcs-rfc8785/rfc8785-examples.json")
        let samples = examples["appendix_B_number_samples"]!.arrayValue!
        #expect(samples.count >= 25)
        for sample in samples {
            let bits = UInt64(sample["ieee754Hex"]!.stringValue!, radix: 16)!
            let value = Double(bitPattern: bits)
            if sample["expectError"]?.boolValue == true {
                #expect(JSONNumber(value) == nil)
            } else {
                let number = try #require(JSONNumber(value))
                #expect(try JCS.canonicalString(.number(number)) == sample["json"]!.stringValue!, "\(sample)")
            }
        }
    }

    @Test("ECMAScript number formatting: all 10,000 lines of es6testfile")
    func es6NumberSample() throws {
        let lines = try Fixtures.text("jcs-rfc8785/es6testfile-first10000.txt").split(separator: "\n")
        #expect(lines.count == 10_000)
        var failures: [String] = []
        for line in lines {
            let parts = line.split(separator: ",", maxSplits: 1)
            let bits = UInt64(parts[0], radix: 16)!
            let expected = String(parts[1])
            let value = Double(bitPattern: bits)
            guard let number = JSONNumber(value) else { failures.append(String(line)); continue }
            let formatted = try JCS.canonicalString(.number(number))
            if formatted != expected { failures.append("\(line) → \(formatted)") }
            // Parsing the expected text back and canonicalising it gives the same text.
            if let reparsed = JSONNumber(text: expected), try JCS.canonicalString(.number(reparsed)) != expected {
                failures.append("reparse \(line)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test("Numbers keep their text through parse and compact serialisation, and canonicalise by value")
    func numberText() throws {
        let value = try JSONValue(parsing: #"[1.0, 1E2, -0, 0.000001, 123456789012345678901234567890, 4.50]"#)
        #expect(value.compactString == #"[1.0,1E2,-0,0.000001,123456789012345678901234567890,4.50]"#)
        let rounded = String(decoding: try JCS.canonicalize(value, roundingInexactNumbers: true), as: UTF8.self)
        #expect(rounded == #"[1,100,0,0.000001,1.2345678901234568e+29,4.5]"#)
        #expect(throws: JSONError(.numberNotIJSON, "")) { try JCS.canonicalString(value) }
        #expect(try JCS.canonicalString(JSONValue(parsing: #"[1.0, 1E2, -0, 0.000001, 4.50]"#)) == #"[1,100,0,0.000001,4.5]"#)
    }

    @Test("A number that is not exactly its double cannot be canonicalised (RFC 8785 §3.1, I-JSON)")
    func notIJSON() throws {
        let value = try JSONValue(parsing: try Fixtures.bytes("strict-json/invalid-numberNotIJSON.json"))
        #expect(throws: JSONError(.numberNotIJSON, "")) { try JCS.canonicalize(value) }
        // The attack it stops: both numbers have one double, so they had one canonical form.
        let other = try JSONValue(parsing: #"{"amount": 12345678901234567999, "note": "12345678901234567999 has the same double"}"#)
        #expect(try JCS.canonicalize(value, roundingInexactNumbers: true) == JCS.canonicalize(other, roundingInexactNumbers: true))
        #expect(throws: JSONError(.numberNotIJSON, "")) { try JCS.canonicalize(other) }
        for text in ["9007199254740993", "0.10000000000000000001", "-12345678901234567890", "1.00000000000000000001e5"] {
            #expect(throws: JSONError(.numberNotIJSON, ""), "\(text)") { try JCS.canonicalize(.number(JSONNumber(text: text)!)) }
        }
        // Short integers (the fast path) and exact numbers still pass.
        #expect(try JCS.canonicalString(JSONValue(parsing: "[123456789012345,-999999999999999,9007199254740992,1e21,5e-324]"))
                == "[123456789012345,-999999999999999,9007199254740992,1e+21,5e-324]")
    }

    @Test("A non-finite number cannot be canonicalised")
    func notRepresentable() throws {
        let value = try JSONValue(parsing: try Fixtures.bytes("strict-json/invalid-numberNotRepresentable.json"))
        #expect(throws: JSONError(.numberNotRepresentable, "")) { try JCS.canonicalize(value) }
    }

    @Test("Property: member order is UTF-16 code-unit order, also for private-use and supplementary characters")
    func sortingProperty() throws {
        var generator = SeededGenerator(seed: 16)
        let pool: [Unicode.Scalar] = ["a", "B", "\u{7f}", "\u{80}", "é", "\u{D7FF}", "\u{E000}", "\u{FB33}", "\u{FFFD}", "\u{FFFF}",
                                      "😀", "\u{10000}", "\u{10FFFF}", "\u{20AC}"]
        for _ in 0..<500 {
            var object = JSONObject()
            for _ in 0..<Int.random(in: 2...8, using: &generator) {
                var scalars = String.UnicodeScalarView()
                for _ in 0..<Int.random(in: 0...3, using: &generator) { scalars.append(pool.randomElement(using: &generator)!) }
                let key = String(scalars)
                if object[key] == nil { object.append(key: key, value: .null) }
            }
            let canonical = try JSONValue(parsing: JCS.canonicalString(.object(object)))
            let keys = canonical.objectValue!.keys
            let expected = object.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            #expect(keys.map { Array($0.unicodeScalars) } == expected.map { Array($0.unicodeScalars) })
        }
    }

    @Test("Property: decimals that are already canonical and those that are not give the ECMAScript form")
    func decimalProperty() throws {
        var generator = SeededGenerator(seed: 10)
        for _ in 0..<5000 {
            let integerDigits = Int.random(in: 0...18, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            text += integerDigits == 0 ? "0" : String(Int.random(in: 1...9, using: &generator))
                + String((1..<integerDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            text += "."
            text += String(repeating: "0", count: Int.random(in: 0...8, using: &generator))
            text += String((0..<Int.random(in: 1...12, using: &generator)).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            let number = try #require(JSONNumber(text: text))
            let fromText = String(decoding: try JCS.canonicalize(.number(number), roundingInexactNumbers: true), as: UTF8.self)
            let fromDouble = try JCS.canonicalString(.number(try #require(JSONNumber(Double(text)!))))
            #expect(fromText == fromDouble, "\(text)")
            // The public path gives the same text when the number is exact, and refuses it otherwise.
            if number.hasExactCanonicalForm {
                #expect(try JCS.canonicalString(.number(number)) == fromDouble, "\(text)")
            } else {
                #expect(throws: JSONError(.numberNotIJSON, ""), "\(text)") { try JCS.canonicalize(.number(number)) }
            }
        }
    }
}
