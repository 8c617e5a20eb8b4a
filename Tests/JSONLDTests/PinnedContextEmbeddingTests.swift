import Foundation
@testable import JSONLD
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

/// The pinned contexts compiled into the library (decision 0016) are exactly the files in
/// `Sources/JSONLD/Contexts/` that `index.json` pins, so the generated source cannot drift from
/// the originals; and a compiled-in document that is not as pinned is an error, never a crash.
@Suite("Pinned contexts compiled in")
struct PinnedContextEmbeddingTests {
    static let contexts = Fixtures.packageRoot.appendingPathComponent("Sources/JSONLD/Contexts")

    /// index.json's entries, read from the source tree: (url, file, sha256).
    static func index() throws -> [(url: String, file: String, sha256: String)] {
        let index = try JSONValue(parsing: Data(contentsOf: contexts.appendingPathComponent("index.json")))
        return try (index["contexts"]?.arrayValue ?? []).map { entry in
            (try #require(entry["url"]?.stringValue), try #require(entry["file"]?.stringValue), try #require(entry["sha256"]?.stringValue))
        }
    }

    @Test("Every embedded document's SHA-256 is the one in index.json and that of its .jsonld file, in index order")
    func embeddedMatchOriginals() throws {
        let index = try Self.index()
        #expect(index.count == 19)
        let embedded = PinnedContextLoader.embedded
        #expect(embedded.map(\.url) == index.map(\.url), "the generated file lists other contexts than index.json: run make contexts")
        for (context, entry) in zip(embedded, index) {
            let embeddedHash = Hex.encode(SHA256.hash(Array(context.text.utf8)))
            let fileBytes = Array(try Data(contentsOf: Self.contexts.appendingPathComponent(entry.file)))
            #expect(context.file == entry.file)
            #expect(context.sha256 == entry.sha256, "\(entry.file): pinned hash")
            #expect(embeddedHash == entry.sha256, "\(entry.file): embedded text vs index.json")
            #expect(embeddedHash == Hex.encode(SHA256.hash(fileBytes)), "\(entry.file): embedded text vs the file on disk")
            #expect(Array(context.text.utf8) == fileBytes, "\(entry.file): bytes")
        }
        // Every .jsonld file in the folder is pinned (none left out of index.json, so none left
        // out of the binary).
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.contexts.path).filter { $0.hasSuffix(".jsonld") }
        #expect(Set(files) == Set(index.map(\.file)))
    }

    @Test("The bundled loader serves the embedded documents: no resource bundle is needed")
    func bundledServesEmbedded() throws {
        let loader = PinnedContextLoader.bundled
        #expect(loader.entries.map(\.url) == PinnedContextLoader.embedded.map(\.url))
        for context in PinnedContextLoader.embedded {
            #expect(try loader.loadContext(context.url) == JSONValue(parsing: Array(context.text.utf8)))
        }
    }

    static let v2 = "https://www.w3.org/ns/credentials/v2"

    /// The embedded contexts with the credentials v2 document's text replaced.
    static func loader(replacingV2With text: String, sha256: String? = nil) throws -> PinnedContextLoader {
        let original = try #require(PinnedContextLoader.embedded.first { $0.url == v2 })
        let altered = PinnedContextLoader.EmbeddedContext(url: original.url, file: original.file, sha256: sha256 ?? original.sha256, text: text)
        return PinnedContextLoader(embedded: PinnedContextLoader.embedded.map { $0.url == v2 ? altered : $0 })
    }

    /// Ways a compiled-in document can be broken. All but the first keep index.json's hash in
    /// step with the text, so that what refuses them is the check after the hash.
    enum Corruption: String, CaseIterable, Sendable {
        case oneByteChanged, truncated, empty, noContext

        func apply(_ text: String) -> String {
            switch self {
            case .oneByteChanged:
                // "true" → "tru3" once: still the same length, no longer the pinned bytes.
                var changed = text
                if let range = changed.range(of: "\"@protected\": true") { changed.replaceSubrange(range, with: "\"@protected\": tru3") }
                return changed
            case .truncated: return String(text.prefix(100))
            case .empty: return ""
            case .noContext: return #"{"@vocab":"https://example.org/"}"#
            }
        }

        var rehash: Bool { self != .oneByteChanged }
    }

    @Test("A compiled-in document that does not match its SHA-256, is not JSON or has no @context is invalidPinnedContext",
          arguments: Corruption.allCases)
    func corrupted(_ corruption: Corruption) throws {
        let name = corruption.rawValue, rehash = corruption.rehash
        let original = try #require(PinnedContextLoader.embedded.first { $0.url == Self.v2 })
        let text = corruption.apply(original.text)
        #expect(text != original.text, "\(name): the alteration changed nothing")
        // rehash: the pinned hash is made to match, so the check after the hash is what refuses it.
        let loader = try Self.loader(replacingV2With: text, sha256: rehash ? Hex.encode(SHA256.hash(Array(text.utf8))) : nil)
        #expect(throws: JSONLDError(.invalidPinnedContext, "")) { try loader.loadContext(Self.v2) }
        // The other contexts still load, and JSON-LD processing reports the code, not a crash.
        #expect(try loader.loadContext("https://www.w3.org/2018/credentials/v1")["@context"] != nil)
        let document: JSONValue = ["@context": .string(Self.v2), "type": "VerifiableCredential"]
        do {
            _ = try JSONLDProcessor(loader: loader, safeMode: true).toRDF(document)
            Issue.record("\(name): processed with a broken pinned context")
        } catch {
            #expect(error.code == .invalidPinnedContext, "\(name): \(error)")
        }
    }

    @Test("The unaltered document through the same path loads (the corruption test's control)")
    func control() throws {
        let original = try #require(PinnedContextLoader.embedded.first { $0.url == Self.v2 })
        let loader = try Self.loader(replacingV2With: original.text)
        #expect(try loader.loadContext(Self.v2)["@context"] != nil)
    }
}
