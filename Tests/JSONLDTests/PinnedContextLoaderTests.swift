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
    @Test("All 18 pinned contexts load, each matching its pinned SHA-256; an unknown URL is contextNotAllowed")
    func bundled() throws {
        let loader = PinnedContextLoader.bundled
        #expect(loader.entries.count == 18)
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
}
