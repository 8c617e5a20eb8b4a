import Foundation
@testable import JSONLD
import StrictJSON
import TestSupport
import Testing

/// `JSONLDProcessor.Limits`: the context processing one document may cause (security
/// requirement 36). Each test asserts the error code; times are printed, never asserted.
@Suite("JSON-LD context processing limits")
struct ContextLimitsTests {
    /// A document with an inline context defining `types` types, each with its own type-scoped
    /// context, and one node of each type using the scoped term: before the limits, 8,000 of
    /// them (837 KB) took about a minute and 1.6 GB to expand.
    static func scopedTypesAttack(types: Int, seed: UInt64) -> JSONValue {
        // Written as text and parsed: the parser finds duplicate names by hashing, while building
        // a JSONObject member by member checks each name against all before it.
        var generator = SeededGenerator(seed: seed)
        var context: [String] = [#""ex": "https://attack.example/""#]
        var nodes: [String] = []
        for index in 0..<types {
            let type = "T\(index)x\(UInt16.random(in: 0...UInt16.max, using: &generator))"
            context.append(#""\#(type)": {"@id": "ex:\#(type)", "@context": {"p\#(index)": "ex:p\#(index)"}}"#)
            nodes.append(#"{"@id": "ex:n\#(index)", "@type": "\#(type)", "p\#(index)": "v"}"#)
        }
        let text = #"{"@context": {\#(context.joined(separator: ", "))}, "@graph": [\#(nodes.joined(separator: ", "))]}"#
        return try! JSONParser(options: .init(maxDepth: 16, maxBytes: 16 << 20)).parse(Array(text.utf8))
    }

    /// An object with `count` members `prefix0`… mapped to IRIs.
    static func terms(_ prefix: String, _ count: Int) -> JSONValue {
        var object = JSONObject()
        for index in 0..<count { object[prefix + String(index)] = .string("https://example.org/\(prefix)\(index)") }
        return .object(object)
    }

    static func failure(_ processor: JSONLDProcessor, _ document: JSONValue) -> (error: JSONLDError?, seconds: Double) {
        let start = Date()
        do throws(JSONLDError) {
            _ = try processor.toRDF(document)
            return (nil, Date().timeIntervalSince(start))
        } catch {
            return (error, Date().timeIntervalSince(start))
        }
    }

    @Test("The 8,000 scoped types document is refused with complexityLimit under the default limits, and under each limit alone")
    func scopedTypesAttack() throws {
        let document = Self.scopedTypesAttack(types: 8_000, seed: 36)
        print("attack document: \(JSONSerializer().serialize(document).count) bytes")
        let unbounded = Int.max
        let cases: [(String, JSONLDProcessor.Limits)] = [
            ("default", JSONLDProcessor.Limits()),
            ("maximumInlineContextBytes", .init(maximumTermDefinitions: unbounded, maximumTermDefinitionCopies: unbounded, maximumScopedContexts: unbounded)),
            ("maximumTermDefinitionCopies", .init(maximumTermDefinitions: unbounded, maximumScopedContexts: unbounded, maximumInlineContextBytes: unbounded)),
            ("maximumTermDefinitions", .init(maximumTermDefinitionCopies: unbounded, maximumScopedContexts: unbounded, maximumInlineContextBytes: unbounded)),
        ]
        for (name, limits) in cases {
            var processor = JSONLDProcessor()
            processor.limits = limits
            let (error, seconds) = Self.failure(processor, document)
            print("\(name): \(error.map { "\($0)" } ?? "accepted") after \(String(format: "%.3f", seconds)) s")
            #expect(error?.code == .complexityLimit, "\(name)")
            if name != "default" { #expect(error?.message.contains("Limits.\(name)") == true, "\(error.map { "\($0)" } ?? "")") }
        }
        // With the unambiguous-form rules, the inline context is refused before any processing:
        // with every bound at zero, the refusal is still ambiguousJSONLD, not complexityLimit.
        var strict = JSONLDProcessor()
        strict.requireUnambiguousForm = true
        strict.limits = .init(maximumTermDefinitions: 0, maximumTermDefinitionCopies: 0, maximumScopedContexts: 0, maximumInlineContextBytes: 0)
        let (error, seconds) = Self.failure(strict, document)
        print("requireUnambiguousForm: \(error.map { "\($0)" } ?? "accepted") after \(String(format: "%.3f", seconds)) s")
        #expect(error?.code == .ambiguousJSONLD)
    }

    @Test("Within the inline-context bound: 800 scoped types, nodes typed with pairs of them, refused by the copies bound")
    func scopedTypePairsAttack() throws {
        var document = Self.scopedTypesAttack(types: 800, seed: 37).objectValue!
        let types = document["@context"]!.objectValue!.keys.filter { $0 != "ex" }
        var generator = SeededGenerator(seed: 38)
        document["@graph"] = .array((0..<4_000).map { index in
            ["@id": .string("ex:m\(index)"), "@type": [.string(types.randomElement(using: &generator)!), .string(types.randomElement(using: &generator)!)]]
        })
        print("pairs document: \(JSONSerializer().serialize(.object(document)).count) bytes")
        let (error, seconds) = Self.failure(JSONLDProcessor(), .object(document))
        print("default: \(error.map { "\($0)" } ?? "accepted") after \(String(format: "%.3f", seconds)) s")
        #expect(error?.code == .complexityLimit)
        #expect(error?.message.contains("Limits.maximumTermDefinitionCopies") == true)
    }

    @Test("Scoped context applications count per document, cached ones included")
    func scopedContexts() throws {
        // 300 nodes of one type with a type-scoped context: one processing, 300 applications.
        let nodes = (0..<300).map { index -> JSONValue in ["@id": .string("https://example.org/n\(index)"), "@type": "T", "p": "v"] }
        let document: JSONValue = ["@context": ["T": ["@id": "https://example.org/T", "@context": ["p": "https://example.org/p"]]], "@graph": .array(nodes)]
        var processor = JSONLDProcessor()
        processor.limits.maximumScopedContexts = 299
        #expect(throws: JSONLDError(.complexityLimit, "")) { try processor.toRDF(document) }
        processor.limits.maximumScopedContexts = 300
        #expect(try processor.toRDF(document).count == 600)
        // The count is per document: the same processor takes the document again.
        #expect(try processor.toRDF(document).count == 600)
    }

    @Test("Term definitions count once per processor: a cached context is free for the next document")
    func termDefinitions() throws {
        let context = Self.terms("t", 100)
        let document: JSONValue = ["@context": context, "@id": "https://example.org/x", "t1": "v"]
        var processor = JSONLDProcessor()
        processor.limits.maximumTermDefinitions = 99
        #expect(throws: JSONLDError(.complexityLimit, "")) { try processor.toRDF(document) }
        processor.limits.maximumTermDefinitions = 100
        #expect(try processor.toRDF(document).count == 1)
        processor.limits.maximumTermDefinitions = 0
        #expect(try processor.toRDF(document).count == 1)
    }

    @Test("Inline context bytes add up over the document; context URLs are free")
    func inlineContextBytes() throws {
        let small: JSONValue = ["@vocab": "https://example.org/"]  // 33 bytes as compact JSON
        let nodes = (0..<10).map { index -> JSONValue in ["@context": small, "@id": .string("https://example.org/n\(index)"), "p": "v"] }
        var processor = JSONLDProcessor()
        processor.limits.maximumInlineContextBytes = 329
        #expect(throws: JSONLDError(.complexityLimit, "")) { try processor.toRDF(.array(nodes)) }
        processor.limits.maximumInlineContextBytes = 330
        #expect(try processor.toRDF(.array(nodes)).count == 10)
        processor.limits.maximumInlineContextBytes = 0
        let referenced: JSONValue = ["@context": ["https://www.w3.org/ns/credentials/v2"], "id": "https://example.org/n", "name": "v"]
        #expect(try processor.toRDF(referenced).count == 1)
    }

    @Test("The processed-context cache is bounded by entries and by weight")
    func cacheBound() throws {
        let cache = ContextResultCache(capacity: 8, maximumWeight: 1_000)
        let contexts = ContextProcessing(loader: PinnedContextLoader.bundled, cache: cache)
        var active = ActiveContext(base: nil)
        for index in 0..<200 {
            let local = Self.terms("t\(index)_", 30)
            active = try contexts.process(ActiveContext(base: nil), local: local, baseURL: nil)
            #expect(cache.count <= 8 && cache.weight <= 1_000)
        }
        #expect(active.terms.count == 30)
        // A result heavier than a sixteenth of the cache is returned (with a token) but not kept.
        let heavy = Self.terms("h", 100)
        let before = cache.count
        let result = try contexts.process(ActiveContext(base: nil), local: heavy, baseURL: nil)
        #expect(result.token > 0 && cache.count == before)
    }
}
