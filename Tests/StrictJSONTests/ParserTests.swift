import Foundation
import StrictJSON
import TestSupport
import Testing

@Suite("Strict RFC 8259 parser")
struct ParserTests {
    /// One fixture per error code; the code is the part of the name after `invalid-`.
    static let invalidFixtures: [String] = (try? Fixtures.files(in: "strict-json"))?
        .filter { $0.hasPrefix("invalid-") && !$0.contains("numberNotRepresentable") && !$0.contains("numberNotIJSON") } ?? []

    @Test("Each invalid fixture fails with the code in its name", arguments: invalidFixtures)
    func invalidFixture(_ name: String) throws {
        let code = String(name.dropFirst("invalid-".count).prefix { $0 != "-" && $0 != "." })
        let bytes = try Fixtures.bytes("strict-json/\(name)")
        do {
            _ = try JSONParser().parse(bytes)
            Issue.record("\(name) parsed")
        } catch {
            #expect(error.code.rawValue == code, "\(name): \(error)")
            #expect(error.offset != nil && error.offset! <= bytes.count)
        }
    }

    @Test("Every error code has a fixture")
    func everyCodeHasFixture() {
        let codes: [JSONError.Code] = [.unexpectedEndOfInput, .unexpectedCharacter, .invalidNumber, .invalidEscape,
                                       .loneSurrogate, .invalidUTF8, .controlCharacterInString, .duplicateKey,
                                       .trailingData, .depthLimitExceeded]
        for code in codes {
            #expect(Self.invalidFixtures.contains { $0.hasPrefix("invalid-\(code.rawValue)") }, "no fixture for \(code)")
        }
        #expect(((try? Fixtures.files(in: "strict-json")) ?? []).contains("invalid-numberNotRepresentable.json"))
        #expect(((try? Fixtures.files(in: "strict-json")) ?? []).contains("invalid-numberNotIJSON.json"))
    }

    @Test("Error offsets point at the problem")
    func offsets() {
        func offset(_ text: String) -> Int? {
            do { _ = try JSONValue(parsing: text); return nil } catch { return error.offset }
        }
        #expect(offset(#"{"alg":"EdDSA","alg":"none"}"#) == 15)
        #expect(offset("[1,2,x]") == 5)
        #expect(offset(#"{"a":1} x"#) == 8)
        #expect(offset("[\"\u{7}\"]") == 2)
    }

    @Test("64 levels of nesting parse; 65 do not; the limit is configurable")
    func depth() throws {
        _ = try JSONParser().parse(try Fixtures.bytes("strict-json/valid-depth-64.json"))
        let deep = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(throws: JSONError(.depthLimitExceeded, "")) { try JSONParser(options: .init(maxDepth: 9)).parse(deep) }
        _ = try JSONParser(options: .init(maxDepth: 10)).parse(deep)
        // Very deep input fails cleanly rather than exhausting the stack.
        let hostile = String(repeating: "[", count: 1_000_000)
        #expect(throws: JSONError(.depthLimitExceeded, "")) { try JSONValue(parsing: hostile) }
    }

    @Test("Input over the size limit is refused before parsing")
    func size() throws {
        #expect(throws: JSONError(.sizeLimitExceeded, "")) { try JSONParser(options: .init(maxBytes: 10)).parse("[1,2,3,4,5,6]") }
        _ = try JSONParser(options: .init(maxBytes: 13)).parse("[1,2,3,4,5,6]")
    }

    @Test("Names differing only by Unicode normalisation are distinct; escapes decode")
    func normalization() throws {
        let value = try JSONValue(parsing: try Fixtures.bytes("strict-json/valid-distinct-normalization.json"))
        let object = try #require(value.objectValue)
        #expect(object.count == 3)
        #expect(object["é"]?.numberValue?.int64Value == 1)
        #expect(object["e\u{301}"]?.numberValue?.int64Value == 2)
        #expect(value["arr"]?[4]?.stringValue == "😀/")
        #expect(value["arr"]?[3]?.numberValue?.text == "-0.0e-0")
    }

    @Test("Duplicate detection also works in large objects (hashed path)")
    func largeObjectDuplicates() throws {
        var members = (0..<100).map { "\"k\($0)\":\($0)" }
        _ = try JSONValue(parsing: "{" + members.joined(separator: ",") + "}")
        members.append("\"k57\":0")
        #expect(throws: JSONError(.duplicateKey, "")) { try JSONValue(parsing: "{" + members.joined(separator: ",") + "}") }
    }

    @Test("Duplicates are found at every member count around the switch to hashing", arguments: 2...20)
    func duplicatesAroundThreshold(_ count: Int) throws {
        let names = (0..<count).map { "\"m\($0)\":\($0)" }
        _ = try JSONValue(parsing: "{" + names.joined(separator: ",") + "}")
        for duplicate in 0..<count {
            let text = "{" + (names + ["\"m\(duplicate)\":true"]).joined(separator: ",") + "}"
            #expect(throws: JSONError(.duplicateKey, "")) { try JSONValue(parsing: text) }
        }
    }

    /// Small objects skip the name comparisons for a name whose length and first byte
    /// no earlier name shares; a filter that skipped too much would let duplicates through.
    @Test("Duplicate names in small objects: escaped spellings, look-alikes, and random objects against a reference")
    func smallObjectDuplicateFilter() throws {
        #expect(throws: JSONError(.duplicateKey, "")) { try JSONValue(parsing: #"{"abc":1,"a\u0062c":2}"#) }
        #expect(throws: JSONError(.duplicateKey, "")) { try JSONValue(parsing: #"{"x":0,"\u00e9":1,"é":2}"#) }
        // Same length and first byte, different after it: not duplicates.
        #expect(try JSONValue(parsing: #"{"axb":1,"ayb":2,"azb":3}"#).objectValue?.count == 3)
        // Canonically equivalent but different scalars: not duplicates.
        #expect(try JSONValue(parsing: "{\"\u{E9}\":1,\"e\u{301}\":2}").objectValue?.count == 2)
        var generator = SeededGenerator(seed: 0x5EED)
        let pieces = ["a", "b", "ab", "ba", "aab", "abb", "é", "e\u{301}", "\\u0061"]
        for _ in 0..<2000 {
            let names = (0..<Int.random(in: 1...15, using: &generator)).map { _ in
                (0..<Int.random(in: 1...3, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            }
            // The names as decoded: "\u0061" is "a"; compared scalar by scalar.
            let decoded = names.map { Array($0.replacingOccurrences(of: "\\u0061", with: "a").unicodeScalars) }
            let hasDuplicate = Set(decoded.map { $0.map(\.value) }).count < decoded.count
            let text = "{" + names.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
            if hasDuplicate {
                #expect(throws: JSONError(.duplicateKey, ""), "\(text)") { try JSONValue(parsing: text) }
            } else {
                #expect(try JSONValue(parsing: text).objectValue?.count == names.count, "\(text)")
            }
        }
    }

    /// Strings are scanned eight bytes at a time; a byte that needs attention must be found at
    /// every position within and across those words.
    @Test("Word-at-a-time string scanning finds escapes, control bytes, non-ASCII and bad UTF-8 at every offset", arguments: 0..<24)
    func stringScanningOffsets(_ offset: Int) throws {
        let prefix = String(repeating: "a", count: offset), suffix = String(repeating: "z", count: 11)
        #expect(try JSONValue(parsing: "\"\(prefix)\\\"\(suffix)\"") == .string(prefix + "\"" + suffix))
        #expect(try JSONValue(parsing: "\"\(prefix)\\\\\(suffix)\"") == .string(prefix + "\\" + suffix))
        #expect(try JSONValue(parsing: "\"\(prefix)é\(suffix)\"") == .string(prefix + "é" + suffix))
        #expect(try JSONValue(parsing: "\"\(prefix)\"") == .string(prefix))
        var control = Array("\"\(prefix)".utf8) + [0x01] + Array("\(suffix)\"".utf8)
        do {
            _ = try JSONValue(parsing: control)
            Issue.record("a raw control byte at \(offset) was accepted")
        } catch {
            #expect(error.code == .controlCharacterInString && error.offset == offset + 1)
        }
        control[offset + 1] = 0xFF
        #expect(throws: JSONError.self) { try JSONValue(parsing: control) }
        // Unterminated: the scan must stop at the end of the input, not read past it.
        #expect(throws: JSONError(.unexpectedEndOfInput, "")) { try JSONValue(parsing: "\"\(prefix)") }
    }

    @Test("Serialisation escapes a quote, backslash or control byte at every offset, and nothing else", arguments: 0..<24)
    func escapingOffsets(_ offset: Int) throws {
        let prefix = String(repeating: "a", count: offset), suffix = "zz\u{E9}zzzzzzzz"
        for (character, escaped) in [("\"", "\\\""), ("\\", "\\\\"), ("\n", "\\n"), ("\u{1F}", "\\u001f"), ("\u{7F}", "\u{7F}"), ("/", "/")] {
            let value = JSONValue.string(prefix + character + suffix)
            #expect(try JCS.canonicalString(value) == "\"" + prefix + escaped + suffix + "\"")
            #expect(try JSONValue(parsing: JSONSerializer().serialize(value)) == value)
        }
    }

    @Test("Grammar edge cases", arguments: [
        ("0", true), ("-0", true), ("1e5", true), ("1E+5", true), ("1.5e-5", true), ("\"\"", true), ("[]", true), ("{}", true),
        (" \t\n\r null \n", true), ("\"\\u0000\"", true), ("\"\\uD834\\uDD1E\"", true),
        ("", false), (" ", false), ("01", false), ("+1", false), (".5", false), ("1.", false), ("1e", false), ("-", false),
        ("[1,]", false), ("{\"a\":1,}", false), ("[,1]", false), ("tru", false), ("nul", false), ("True", false),
        ("\"abc", false), ("{\"a\" 1}", false), ("{1:2}", false), ("[1 2]", false), ("\"\\u12\"", false), ("Infinity", false),
        ("\u{feff}1", false), ("1\u{0}", false), ("\"\u{1f}\"", false), ("[\"\\uDD1E\"]", false),
    ])
    func grammar(_ text: String, _ valid: Bool) {
        let parsed = (try? JSONValue(parsing: text)) != nil
        #expect(parsed == valid, "\(text.debugDescription)")
    }

    @Test("Property: random values survive serialise → parse, compact and pretty, and canonical form is stable")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 8785)
        for _ in 0..<300 {
            let value = randomValue(depth: 0, using: &generator)
            for style in [JSONSerializer.Style.compact, .pretty] {
                let text = JSONSerializer(style: style).serialize(value)
                let reparsed = try JSONParser().parse(text)
                #expect(reparsed == value)
                #expect(JSONSerializer(style: style).serialize(reparsed) == text)
            }
            let canonical = try JCS.canonicalize(value)
            #expect(try JCS.canonicalize(JSONParser().parse(canonical)) == canonical)
        }
    }

    @Test("Property: arbitrary bytes never crash the parser; every failure has an offset in range")
    func fuzzNoCrash() {
        var generator = SeededGenerator(seed: 259)
        let alphabet = Array("{}[],:\"\\0123456789.eE+-tfnrulasx \n\u{7f}".utf8) + [0xC3, 0xA9, 0xED, 0xA0, 0x80, 0xFF, 0x00]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            do {
                let value = try JSONParser().parse(bytes)
                _ = value.compactString
            } catch {
                #expect(error.offset != nil && error.offset! <= bytes.count)
            }
        }
    }

    func randomString(using generator: inout SeededGenerator) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{1}", "\u{1f}", "\u{7f}", "é", "€", "\u{2028}", "😀", "\u{10FFFF}", "\u{0}"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...8, using: &generator) { scalars.append(pool.randomElement(using: &generator)!) }
        return String(scalars)
    }

    func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let choice = Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(JSONNumber(Int.random(in: -1_000_000...1_000_000, using: &generator)))
        case 3:
            let bits = UInt64.random(in: 0...UInt64.max, using: &generator)
            let double = Double(bitPattern: bits)
            return double.isFinite ? .number(JSONNumber(double)!) : .number(JSONNumber(0))
        case 4: return .string(randomString(using: &generator))
        case 5: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                let key = randomString(using: &generator)
                if object[key] == nil { object.append(key: key, value: randomValue(depth: depth + 1, using: &generator)) }
            }
            return .object(object)
        }
    }
}
