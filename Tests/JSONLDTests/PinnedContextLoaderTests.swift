import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

/// The bundled contexts (security requirement 25): each one loads, its bytes match the SHA-256
/// pinned in `index.json` (checked again here, independently of the loader), and nothing else
/// is served.
@Suite("Pinned JSON-LD contexts")
struct PinnedContextLoaderTests {
    @Test("All 19 pinned contexts load, each matching its pinned SHA-256; an unknown URL is contextNotAllowed")
    func bundled() throws {
        let loader = PinnedContextLoader.bundled
        #expect(loader.entries.count == 19)
        #expect(loader.entries.contains { $0.url == "https://www.w3.org/ns/credentials/v2" })
        for entry in loader.entries {
            let document = try loader.loadContext(entry.url)
            #expect(document["@context"] != nil, "\(entry.url)")
            // The same hash as the shared vectors' index, computed over the file in the source tree.
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Sources/JSONLD/Contexts/\(entry.file)")
            let bytes = Array(try Data(contentsOf: source))
            #expect(Hex.encode(SHA256.hash(bytes)) == entry.sha256, "\(entry.file)")
        }
        #expect(throws: JSONLDError(.contextNotAllowed, "")) { try loader.loadContext("https://example.org/not-pinned.jsonld") }
        #expect(throws: JSONLDError(.contextNotAllowed, "")) { try loader.loadContext("https://www.w3.org/ns/credentials/v3") }
    }

    @Test("A caller's extra pinned context is served; the bundled ones stay")
    func extra() throws {
        let loader = try PinnedContextLoader(extra: ["https://vn.example/citizen/v1": ["@context": ["@vocab": "https://vn.example/citizen#"]]])
        #expect(try loader.loadContext("https://vn.example/citizen/v1")["@context"]?["@vocab"] == "https://vn.example/citizen#")
        #expect(try loader.loadContext("https://www.w3.org/ns/credentials/v2")["@context"] != nil)
        let quads = try JSONLDProcessor(loader: loader, safeMode: true).toRDF(["@context": "https://vn.example/citizen/v1", "@id": "urn:ex:an", "name": "An"])
        #expect(quads == [RDFQuad(subject: .iri("urn:ex:an"), predicate: .iri("https://vn.example/citizen#name"), object: .literal(RDFLiteral("An")))])
    }

    /// The context URLs a context document refers to: strings in `@context` (also in arrays and
    /// in scoped contexts, at any depth) and `@import` values, resolved against `base`.
    static func references(in context: JSONValue, base: URL) -> [String] {
        var found: [String] = []
        func resolve(_ text: String) -> String { URL(string: text, relativeTo: base)?.absoluteString ?? text }
        func visit(_ context: JSONValue) {
            if let text = context.stringValue { found.append(resolve(text)) }
            for item in context.arrayValue ?? [] { visit(item) }
            guard let object = context.objectValue else { return }
            if let imported = object["@import"]?.stringValue { found.append(resolve(imported)) }
            for member in object where !member.key.hasPrefix("@") {
                if let scoped = member.value.objectValue?["@context"] { visit(scoped) }
            }
        }
        visit(context)
        return found
    }

    @Test("Every context a pinned context refers to (@context strings, @import, scoped contexts) is pinned too")
    func referencesArePinned() throws {
        let loader = PinnedContextLoader.bundled
        let pinned = Set(loader.entries.map(\.url))
        var checked = 0
        for entry in loader.entries {
            let document = try loader.loadContext(entry.url)
            for reference in Self.references(in: document["@context"]!, base: URL(string: entry.url)!) {
                #expect(pinned.contains(reference), "\(entry.url) refers to \(reference), which is not pinned")
                checked += 1
            }
        }
        #expect(checked >= 1)  // examples/v1 → odrl
    }

    /// The bundled loader without one context.
    struct LoaderWithout: JSONLDDocumentLoader {
        let missing: String
        func loadContext(_ url: String) throws(JSONLDError) -> JSONValue {
            guard url != missing else { throw JSONLDError(.contextNotAllowed, "the context \(url) is not among the pinned contexts (no network access)") }
            return try PinnedContextLoader.bundled.loadContext(url)
        }
    }

    static let examplesV1Credential: JSONValue = [
        "@context": ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/2018/credentials/examples/v1"],
        "id": "http://example.edu/credentials/1872", "type": ["VerifiableCredential", "AlumniCredential"],
        "issuer": "https://example.edu/issuers/565049", "issuanceDate": "2010-01-01T19:23:24Z",
        "credentialSubject": ["id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "alumniOf": ["id": "did:example:c276e12ec21ebfeb1f712ebc6f1", "name": "Example University"]],
    ]

    @Test("A credential with the examples/v1 context (which imports ODRL) canonicalizes; without ODRL the error names who referenced it")
    func examplesV1() throws {
        let result = try JSONLDProcessor(safeMode: true).canonicalize(Self.examplesV1Credential)
        #expect(result.canonicalNQuads.contains("<did:example:ebfeb1f712ebc6f1c276e12ec21> <http://schema.org/alumniOf> <did:example:c276e12ec21ebfeb1f712ebc6f1>"))
        #expect(result.canonicalNQuads.contains("<http://example.edu/credentials/1872> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/examples#AlumniCredential>"))
        let processor = JSONLDProcessor(loader: LoaderWithout(missing: "https://www.w3.org/ns/odrl.jsonld"), safeMode: true)
        do {
            _ = try processor.canonicalize(Self.examplesV1Credential)
            Issue.record("canonicalized without ODRL")
        } catch {
            #expect(error.code == .contextNotAllowed)
            #expect(error.message.contains("https://www.w3.org/ns/odrl.jsonld"), "\(error)")
            #expect(error.message.contains("referenced by https://www.w3.org/2018/credentials/examples/v1"), "\(error)")
        }
    }
}
