import Foundation
import DIDCore
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

@Suite("DID documents and resolution")
struct DocumentAndResolutionTests {
    static let documentText = #"""
    {"id":"did:example:123","@context":"https://www.w3.org/ns/did/v1","custom":{"keep":[1.50,"me"]},
     "controller":"did:example:456",
     "verificationMethod":[{"id":"#key-1","type":"Multikey","controller":"did:example:123",
       "publicKeyMultibase":"z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","extra":true}],
     "authentication":["#key-1",{"id":"did:example:123#key-2","type":"JsonWebKey2020","controller":"did:example:123",
       "publicKeyJwk":{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}],
     "assertionMethod":["did:example:123#key-1"],
     "service":[{"id":"#linked","type":"LinkedDomains","serviceEndpoint":"https://example.com"}]}
    """#

    @Test("Parse and serialise: unknown members and member order kept, relationships embedded or referenced")
    func roundTrip() throws {
        let json = try JSONValue(parsing: Self.documentText)
        let document = try DIDDocument(json: json)
        #expect(document.id.description == "did:example:123")
        #expect(document.controller == ["did:example:456"])
        #expect(document.additionalMembers["custom"]?["keep"]?[0]?.numberValue?.text == "1.50")
        #expect(document.verificationMethod[0].additionalMembers["extra"] == true)
        #expect(document[.authentication].count == 2)
        #expect(document.verificationMethods(for: .authentication).count == 2)
        #expect(document.authorizes("did:example:123#key-1", for: .assertionMethod))
        #expect(document.authorizes("#key-1", for: .authentication))
        #expect(!document.authorizes("#key-2", for: .assertionMethod))
        #expect(document.verificationMethod(withId: "did:example:123#key-2")?.type == "JsonWebKey2020")
        #expect(try document.verificationMethod(withId: "#key-1")?.ed25519PublicKey().rawRepresentation
            == hexBytes("2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6"))
        // Serialisation keeps every member, in the original order, and numbers as written.
        #expect(document.jsonValue == json)
        #expect(document.jsonValue.compactString == json.compactString)
    }

    @Test("Invalid documents fail with codes", arguments: [
        (##"[]"##, "invalidDocument"), (##"{}"##, "invalidDocument"), (##"{"id":"not a did"}"##, "invalidDocument"),
        (##"{"id":"did:ex:1","verificationMethod":{}}"##, "invalidDocument"),
        (##"{"id":"did:ex:1","verificationMethod":[{"id":"#a","type":"Multikey"}]}"##, "invalidVerificationMethod"),
        (##"{"id":"did:ex:1","authentication":[7]}"##, "invalidDocument"),
        (##"{"id":"did:ex:1","controller":["x"]}"##, "invalidDocument"),
        (##"{"id":"did:ex:1","verificationMethod":[{"id":"#a","type":"JsonWebKey2020","controller":"did:ex:1","publicKeyJwk":{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}]}"##, "invalidJwk"),
        (##"{"id":"did:ex:1","id":"did:ex:2"}"##, "invalidDocument"),
    ])
    func invalid(_ text: String, _ code: String) {
        do {
            _ = try DIDDocument(jsonBytes: Array(text.utf8))
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.code.rawValue == code, "\(text): \(error)")
        }
    }

    @Test("A key of the wrong kind is refused with a code")
    func wrongKeyKind() throws {
        let method = VerificationMethod(id: "#x", type: "Multikey", controller: "did:ex:1",
                                        publicKeyMultibase: "z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p")
        #expect(throws: DIDError(.invalidPublicKey, "")) { try method.ed25519PublicKey() }
        #expect(throws: DIDError(.invalidVerificationMethod, "")) {
            try VerificationMethod(id: "#x", type: "RsaVerificationKey2018", controller: "did:ex:1").ed25519PublicKey()
        }
    }

    @Test("Resolution errors: invalidDid, methodNotSupported, representationNotSupported, notFound")
    func resolutionErrors() async throws {
        let registry = DIDResolverRegistry.standard
        #expect(await registry.resolve("did:key").error?.code == .invalidDid)
        #expect(await registry.resolve("not-a-did").error?.code == .invalidDid)
        #expect(await registry.resolve("did:web:example.com").error?.code == .methodNotSupported)
        let did = DIDKey.did(for: Ed25519.PrivateKey().publicKey)
        #expect(await registry.resolve(did.description, options: .init(accept: "text/html")).error?.code == .representationNotSupported)
        let plain = await registry.resolve(did.description, options: .init(accept: DIDResolutionOptions.didJSON))
        #expect(plain.contentType == DIDResolutionOptions.didJSON && plain.didDocument?.context == nil)
        await #expect(throws: DIDError(.notFound, "")) { try await registry.verificationMethod("\(did)#nope") }
        await #expect(throws: DIDError(.notFound, "")) { try await registry.verificationMethod(did.description) }
        await #expect(throws: DIDError(.methodNotSupported, "")) { try await registry.verificationMethod("did:web:x#a") }
        await #expect(throws: DIDError(.invalidDidUrl, "")) { try await registry.verificationMethod("did:key:z#a#b") }
        #expect(registry.supportedMethods == ["key", "jwk"])
    }

    @Test("The resolution result's JSON carries document and metadata")
    func resultJSON() async throws {
        let did = DIDKey.did(for: Ed25519.PrivateKey().publicKey)
        let json = await DIDResolverRegistry.standard.resolve(did.description).jsonValue
        #expect(json["didDocument"]?["id"]?.stringValue == did.description)
        #expect(json["didResolutionMetadata"]?["contentType"]?.stringValue == "application/did+ld+json")
        #expect(json["didDocumentMetadata"]?.objectValue?.isEmpty == true)
        let failed = await DIDResolverRegistry.standard.resolve("did:nope:1").jsonValue
        #expect(failed["didDocument"] == .null)
        #expect(failed["didResolutionMetadata"]?["error"]?.stringValue == "methodNotSupported")
    }
}

@Suite("Resolution cache")
struct ResolutionCacheTests {
    /// Counts the resolutions that reach it.
    final class CountingResolver: DIDResolver, @unchecked Sendable {
        var calls = 0
        let inner = DIDResolverRegistry.standard
        var supportedMethods: Set<String> { inner.supportedMethods }
        func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult {
            calls += 1
            return await inner.resolve(did, options: options)
        }
    }

    @Test("Hits are served from the cache; failures are not cached; capacity and lifetime evict")
    func cache() async throws {
        let counting = CountingResolver()
        final class Clock: @unchecked Sendable { var now = 0.0 }
        let clock = Clock()
        let cache = DIDResolutionCache(counting, capacity: 2, lifetime: 60, clock: { clock.now })
        let dids = (1...3).map { DIDKey.did(for: try! Ed25519.PrivateKey(seedBytes: [UInt8](repeating: UInt8($0), count: 32)).publicKey) }
        let first = await cache.resolve(dids[0], options: .init())
        let again = await cache.resolve(dids[0], options: .init())
        #expect(first == again && counting.calls == 1)
        _ = await cache.resolve("did:key:zBAD")  // resolves to an error: counted, not cached
        _ = await cache.resolve(try DID(parsing: "did:web:example.com"), options: .init())
        _ = await cache.resolve(try DID(parsing: "did:web:example.com"), options: .init())
        #expect(counting.calls == 4 && cache.count == 1)
        _ = await cache.resolve(dids[1], options: .init())
        _ = await cache.resolve(dids[2], options: .init())  // evicts dids[0]
        #expect(cache.count == 2)
        _ = await cache.resolve(dids[0], options: .init())
        #expect(counting.calls == 7)
        clock.now = 120  // everything expired
        _ = await cache.resolve(dids[0], options: .init())
        #expect(counting.calls == 8)
    }
}
