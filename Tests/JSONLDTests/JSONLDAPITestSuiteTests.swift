import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing

/// The W3C JSON-LD 1.1 API test suite, `expand` and `toRdf` manifests (`Fixtures/jsonld-api/`).
///
/// Documents the suite serves under its base IRI (remote contexts of the tests) are read from the
/// fixtures by a test loader: no network. Tests for JSON-LD 1.0 only, and the features listed in
/// `Fixtures/jsonld-api/skipped.json` with their reason, are not run; every other test must give
/// the expected result (output, or error code for negative tests).
@Suite("W3C JSON-LD API test suite: expand, toRdf")
struct JSONLDAPITestSuiteTests {
    static let base = "https://w3c.github.io/json-ld-api/tests/"

    struct Entry: Sendable, CustomTestStringConvertible {
        let manifest: String
        let value: JSONValue
        var id: String { manifest + value["@id"]!.stringValue! }
        var testDescription: String { "\(id) \(value["name"]?.stringValue ?? "")" }
    }

    /// Serves the suite's own files for URLs under its base IRI, and the pinned contexts.
    struct SuiteLoader: JSONLDDocumentLoader {
        func loadContext(_ url: String) throws(JSONLDError) -> JSONValue {
            guard url.hasPrefix(JSONLDAPITestSuiteTests.base) else { return try PinnedContextLoader.bundled.loadContext(url) }
            let path = String(url.dropFirst(JSONLDAPITestSuiteTests.base.count))
            guard let bytes = try? Fixtures.bytes("jsonld-api/\(path)"), let value = try? JSONValue(parsing: bytes) else {
                throw JSONLDError(.contextNotAllowed, "loading document failed: \(url)")
            }
            return value
        }
    }

    static let skipped: [String: String] = {
        guard let list = try? Fixtures.json("jsonld-api/skipped.json").objectValue else { return [:] }
        return Dictionary(uniqueKeysWithValues: list.map { ($0.key, $0.value.stringValue ?? "") })
    }()

    static func entries(_ manifest: String) -> [Entry] {
        (try! Fixtures.json("jsonld-api/\(manifest)-manifest.jsonld"))["sequence"]!.arrayValue!.map { Entry(manifest: manifest, value: $0) }
    }

    static let expandEntries = entries("expand")
    static let toRdfEntries = entries("toRdf")

    /// Tests whose input this processor refuses on purpose, with the code it must refuse them with.
    static let refusedByDesign: [String: JSONLDError.Code] = [
        // RFC 8785's example numbers in a @json literal: 333333333.33333329 is not exactly its
        // double, 333333333.3333333 (I-JSON, RFC 7493 §2.2; security requirement 34).
        "toRdf#tjs12": .numberNotIJSON,
    ]

    /// Why an entry is not run (from `skipped.json`), or nil.
    static func skipReason(_ entry: Entry) -> String? { skipped[entry.id] }

    func run(_ entry: Entry) throws {
        let value = entry.value
        let input = value["input"]!.stringValue!
        let options = value["option"]?.objectValue ?? [:]
        var processor = JSONLDProcessor(loader: SuiteLoader(), base: options["base"]?.stringValue ?? Self.base + input)
        if let direction = options["rdfDirection"]?.stringValue { processor.rdfDirection = JSONLDProcessor.RDFDirection(rawValue: direction) }
        let document = try Fixtures.json("jsonld-api/\(input)")
        let expandContext = try options["expandContext"]?.stringValue.map { try Fixtures.json("jsonld-api/\($0)") }
        let types = value["@type"]!.arrayValue!.compactMap(\.stringValue)
        if let code = Self.refusedByDesign[entry.id] {
            let failure = Self.failure(of: processor, manifest: entry.manifest, document: document, expandContext: expandContext)
            #expect(failure?.code == code, "\(entry.id): expected \(code), got \(failure.map { "\($0)" } ?? "a result")")
            return
        }
        if types.contains("jld:NegativeEvaluationTest") {
            let expected = value["expectErrorCode"]!.stringValue!
            let failure = Self.failure(of: processor, manifest: entry.manifest, document: document, expandContext: expandContext)
            let matches = failure?.processingError == expected || (expected == "loading remote context failed" && failure?.code == .contextNotAllowed)
            #expect(matches, "\(entry.id): expected \(expected), got \(failure.map { "\($0)" } ?? "a result")")
            return
        }
        if entry.manifest == "expand" {
            let result = try processor.expand(document, expandContext: expandContext)
            let expected = try Fixtures.json("jsonld-api/\(value["expect"]!.stringValue!)")
            #expect(Self.sameJSON(.array(result), .array(expected.arrayValue ?? [expected])), "\(entry.id): \(JSONValue.array(result).compactString)")
        } else {
            let quads = try processor.toRDF(document, expandContext: expandContext)
            guard types.contains("jld:PositiveEvaluationTest") else { return }
            let expectedText = String(decoding: try Fixtures.bytes("jsonld-api/\(value["expect"]!.stringValue!)"), as: UTF8.self)
            let ours = try RDFCanonicalizer().canonicalize(quads).canonicalNQuads
            let theirs = try RDFCanonicalizer().canonicalize(nquads: expectedText).canonicalNQuads
            #expect(ours == theirs, "\(entry.id):\n\(ours)")
        }
    }

    static func failure(of processor: JSONLDProcessor, manifest: String, document: JSONValue, expandContext: JSONValue?) -> JSONLDError? {
        do throws(JSONLDError) {
            if manifest == "expand" { _ = try processor.expand(document, expandContext: expandContext) }
            else { _ = try processor.toRDF(document, expandContext: expandContext) }
            return nil
        } catch {
            return error
        }
    }

    /// JSON equality with arrays as multisets, except the arrays of `@list`.
    static func sameJSON(_ a: JSONValue, _ b: JSONValue, inList: Bool = false) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            guard Set(x.keys) == Set(y.keys) else { return false }
            return x.allSatisfy { member in sameJSON(member.value, y[member.key]!, inList: member.key == "@list") }
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            if inList { return zip(x, y).allSatisfy { sameJSON($0, $1) } }
            var remaining = y
            for item in x {
                guard let match = remaining.firstIndex(where: { sameJSON(item, $0) }) else { return false }
                remaining.remove(at: match)
            }
            return true
        case (.number(let x), .number(let y)):
            return x.doubleValue == y.doubleValue
        default:
            return a == b
        }
    }

    @Test("expand manifest", arguments: expandEntries)
    func expand(_ entry: Entry) throws {
        guard Self.skipReason(entry) == nil else { return }
        try run(entry)
    }

    @Test("toRdf manifest", arguments: toRdfEntries)
    func toRdf(_ entry: Entry) throws {
        guard Self.skipReason(entry) == nil else { return }
        try run(entry)
    }

    @Test("Counts: 385 expand and 467 toRdf entries; only JSON-LD 1.0-only and generalized-RDF tests are skipped, each with its reason")
    func counts() {
        #expect(Self.expandEntries.count == 385 && Self.toRdfEntries.count == 467)
        #expect(Self.skipped.values.allSatisfy { !$0.isEmpty })
        for entry in Self.expandEntries + Self.toRdfEntries where Self.skipped[entry.id] != nil {
            let options = entry.value["option"]?.objectValue ?? [:]
            #expect(options["specVersion"] == "json-ld-1.0" || options["processingMode"] == "json-ld-1.0" || options["produceGeneralizedRdf"] == true,
                    "\(entry.id) is skipped without a 1.0-only or generalized-RDF option")
        }
        #expect(Self.skipped.count == 37)
        let run = (Self.expandEntries + Self.toRdfEntries).filter { Self.skipReason($0) == nil }
        print("JSON-LD API suite: \(run.count) run, \(Self.expandEntries.count + Self.toRdfEntries.count - run.count) skipped")
    }
}
