import DIDCore
import DIDResolvers
import Foundation
import GuardedHTTP
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCrypto

/// did:web resolution through the guarded client (security requirements 24, 38 and 44), against
/// a TLS server on 127.0.0.1 with the test's own CA, named `wallet.test` by the test's resolver.
/// The host and port are allow-listed (that is what lets loopback through); one test shows the
/// refusal without that allowance.
@Suite("did:web: resolution over HTTPS, checks, cache")
struct DIDWebResolverTests {
    /// A did:web publisher: a TLS server serving documents by path, and the keys behind them.
    final class Publisher: @unchecked Sendable {
        let server: TestServer
        let store = Documents()

        init() async throws {
            let store = self.store
            server = try await TestServer(tls: try TestPKI.make().serverContext()) { path in store.answer(path) }
        }

        /// `did:web:wallet.test%3APORT` + `suffix` (`:users:alice`).
        func did(_ suffix: String = "") -> DID { try! DID(parsing: "did:web:wallet.test%3A\(server.port)\(suffix)") }

        func serve(_ path: String, _ answer: TestServer.Answer) { store.set(path, answer) }
        func serve(_ path: String, document: JSONValue) { serve(path, .respond(status: 200, headers: [("Content-Type", "application/did+json")], body: JSONSerializer().serialize(document))) }
        func requests(_ path: String) -> Int { server.requests.filter { $0.path == path }.count }
    }

    final class Documents: @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [String: TestServer.Answer] = [:]
        func set(_ path: String, _ answer: TestServer.Answer) { lock.withLock { answers[path] = answer } }
        func answer(_ path: String) -> TestServer.Answer { lock.withLock { answers[path] } ?? .respond(status: 404) }
    }

    /// A client that trusts the test CA and allows `wallet.test` on the server's port.
    static func client(port: Int, allow: Bool = true, change: (inout GuardedHTTPConfiguration) -> Void = { _ in }) throws -> GuardedHTTPClient {
        var configuration = GuardedHTTPConfiguration()
        if allow { configuration.allowedHosts = [try AllowedHost(parsing: "wallet.test:\(port)")] }
        configuration.resolver = ScriptedResolver([["127.0.0.1"]])
        configuration.trustAnchors = try TrustAnchors(pemFile: try TestPKI.make().caFile)
        configuration.deadline = .seconds(10)
        change(&configuration)
        return GuardedHTTPClient(configuration: configuration)
    }

    /// A document for `did` with Ed25519 keys `keys` (`#key-1`, …), the last one (or `authorised`) under assertionMethod.
    static func document(_ did: DID, keys: [Ed25519.PublicKey], authorised: Int? = nil, id: String? = nil) -> JSONValue {
        let methods: [JSONValue] = keys.enumerated().map { index, key in
            ["id": .string("\(did)#key-\(index + 1)"), "type": "Multikey", "controller": .string(did.description),
             "publicKeyMultibase": .string(DIDKey.multibase(key))]
        }
        let current = JSONValue.string("\(did)#key-\((authorised ?? keys.count - 1) + 1)")
        return ["@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], "id": .string(id ?? did.description),
                "verificationMethod": .array(methods), "authentication": [current], "assertionMethod": [current]]
    }

    static func key(_ seed: UInt8) -> Ed25519.PrivateKey { try! Ed25519.PrivateKey(seedBytes: [UInt8](repeating: seed, count: 32)) }

    @Test("Resolves: a path DID at /users/alice/did.json, a bare domain at /.well-known/did.json; did+json drops @context")
    func resolves() async throws {
        let publisher = try await Publisher()
        let alice = publisher.did(":users:alice"), domain = publisher.did()
        publisher.serve("/users/alice/did.json", document: Self.document(alice, keys: [Self.key(1).publicKey]))
        publisher.serve("/.well-known/did.json", document: Self.document(domain, keys: [Self.key(2).publicKey]))
        let resolver = DIDWebResolver(client: try Self.client(port: publisher.server.port))
        let result = await resolver.resolve(alice, options: DIDResolutionOptions())
        #expect(result.error == nil, "\(String(describing: result.error))")
        #expect(result.didDocument?.id == alice && result.contentType == DIDResolutionOptions.didLDJSON)
        #expect(try result.didDocument?.verificationMethods(for: .assertionMethod).first?.ed25519PublicKey() == Self.key(1).publicKey)
        let bare = await resolver.resolve(domain, options: DIDResolutionOptions(accept: DIDResolutionOptions.didJSON))
        #expect(bare.didDocument?.id == domain && bare.didDocument?.context == nil && bare.contentType == DIDResolutionOptions.didJSON)
        #expect(publisher.requests("/users/alice/did.json") == 1 && publisher.requests("/.well-known/did.json") == 1)
        // Through a registry, beside the offline methods.
        let registry = DIDResolverRegistry.networked(web: resolver)
        #expect(registry.supportedMethods == ["key", "jwk", "web"])
        #expect(await registry.resolve(alice, options: DIDResolutionOptions()).didDocument?.id == alice)
        await publisher.server.stop()
    }

    @Test("A document whose id is not the DID is refused (documentIdMismatch), even when it differs only by case or by a suffix")
    func idMismatch() async throws {
        let publisher = try await Publisher()
        let did = publisher.did(":users:bob")
        let resolver = DIDWebResolver(client: try Self.client(port: publisher.server.port))
        for wrong in ["did:web:evil.test:users:bob", did.description.uppercased().replacingOccurrences(of: "DID:WEB:", with: "did:web:"),
                      did.description + ":x"] {
            publisher.serve("/users/bob/did.json", document: Self.document(did, keys: [Self.key(3).publicKey], id: wrong))
            let result = await resolver.resolve(did, options: DIDResolutionOptions())
            #expect(result.error?.code == .documentIdMismatch && result.didDocument == nil, "\(wrong): \(String(describing: result.error))")
        }
        // Control: the same document with the right id resolves.
        publisher.serve("/users/bob/did.json", document: Self.document(did, keys: [Self.key(3).publicKey]))
        #expect(await resolver.resolve(did, options: DIDResolutionOptions()).error == nil)
        // Not a document at all, or not strict JSON.
        publisher.serve("/users/bob/did.json", .respond(status: 200, body: Array(#"{"id": "a", "id": "b"}"#.utf8)))
        let duplicate = DIDWebResolver(client: try Self.client(port: publisher.server.port))
        #expect(await duplicate.resolve(did, options: DIDResolutionOptions()).error?.code == .invalidDocument)
        await publisher.server.stop()
    }

    @Test("Oversized documents are refused (documentTooLarge), announced or streamed; the resolver's cap is below the client's")
    func oversized() async throws {
        let publisher = try await Publisher()
        let did = publisher.did(":big")
        var options = DIDWebResolver.Options()
        options.maximumDocumentBytes = 4096
        let resolver = DIDWebResolver(client: try Self.client(port: publisher.server.port), options: options)
        #expect(resolver.client.configuration.maximumBodyBytes == 4096)
        publisher.serve("/big/did.json", .respond(status: 200, body: [UInt8](repeating: 0x20, count: 5000)))
        #expect(await resolver.resolve(did, options: DIDResolutionOptions()).error?.code == .documentTooLarge)
        publisher.serve("/big/did.json", .stream(total: 1 << 20, chunk: 1024))
        #expect(await resolver.resolve(did, options: DIDResolutionOptions()).error?.code == .documentTooLarge)
        // Control: a padded document under the cap resolves.
        var padded = Self.document(did, keys: [Self.key(4).publicKey]).objectValue!
        padded["padding"] = .string(String(repeating: "x", count: 3000))
        publisher.serve("/big/did.json", document: .object(padded))
        #expect(await resolver.resolve(did, options: DIDResolutionOptions()).error == nil)
        // Nesting deeper than the cap is refused by the strict parser.
        var deep = "1"
        for _ in 0..<40 { deep = "[\(deep)]" }
        publisher.serve("/big/did.json", .respond(status: 200, body: Array("{\"id\":\"\(did)\",\"x\":\(deep)}".utf8)))
        #expect(await DIDWebResolver(client: try Self.client(port: publisher.server.port)).resolve(did, options: DIDResolutionOptions()).error?.code == .invalidDocument)
        await publisher.server.stop()
    }

    @Test("Redirects to another host or to http are refused (networkRefused); same-origin ones are followed; 404 is notFound")
    func redirectsAndStatus() async throws {
        let publisher = try await Publisher()
        let port = publisher.server.port
        let did = publisher.did(":moved")
        let resolver = DIDWebResolver(client: try Self.client(port: port) { $0.allowedHosts.append(try! AllowedHost(parsing: "other.test:\(port)")) },
                                      options: { var options = DIDWebResolver.Options(); options.cacheLifetime = 0; return options }())
        for location in ["https://other.test:\(port)/moved/did.json", "http://wallet.test:\(port)/moved/did.json"] {
            publisher.serve("/moved/did.json", .respond(status: 302, headers: [("Location", location)]))
            let result = await resolver.resolve(did, options: DIDResolutionOptions())
            #expect(result.error?.code == .networkRefused && result.error?.message.hasPrefix("redirectRefused") == true, "\(location): \(String(describing: result.error))")
        }
        publisher.serve("/moved/did.json", .respond(status: 301, headers: [("Location", "/elsewhere/did.json")]))
        publisher.serve("/elsewhere/did.json", document: Self.document(did, keys: [Self.key(5).publicKey]))
        #expect(await resolver.resolve(did, options: DIDResolutionOptions()).error == nil)
        #expect(await resolver.resolve(publisher.did(":gone"), options: DIDResolutionOptions()).error?.code == .notFound)
        publisher.serve("/fail/did.json", .respond(status: 500))
        #expect(await resolver.resolve(publisher.did(":fail"), options: DIDResolutionOptions()).error?.code == .fetchFailed)
        await publisher.server.stop()
    }

    @Test("Without the host allowed, loopback is refused before any connection; without the CA, TLS fails; an IP DID is invalidDid")
    func refusals() async throws {
        let publisher = try await Publisher()
        let did = publisher.did()
        publisher.serve("/.well-known/did.json", document: Self.document(did, keys: [Self.key(6).publicKey]))
        let refused = await DIDWebResolver(client: try Self.client(port: publisher.server.port, allow: false)).resolve(did, options: DIDResolutionOptions())
        #expect(refused.error?.code == .networkRefused && refused.error?.message.hasPrefix("refusedAddress") == true, "\(String(describing: refused.error))")
        #expect(publisher.server.connections == 0)
        let untrusted = await DIDWebResolver(client: try Self.client(port: publisher.server.port) { $0.trustAnchors = nil }).resolve(did, options: DIDResolutionOptions())
        #expect(untrusted.error?.code == .fetchFailed && untrusted.error?.message.hasPrefix("tlsFailure") == true, "\(String(describing: untrusted.error))")
        let ip = await DIDWebResolver(client: try Self.client(port: publisher.server.port)).resolve("did:web:127.0.0.1%3A\(publisher.server.port)")
        #expect(ip.error?.code == .invalidDid)
        // Control: allowed and trusted, it resolves.
        #expect(await DIDWebResolver(client: try Self.client(port: publisher.server.port)).resolve(did, options: DIDResolutionOptions()).error == nil)
        await publisher.server.stop()
    }

    @Test("The cache: a fresh document is not fetched again; past the lifetime it is; past the capacity the oldest goes; failures are not kept; concurrent resolutions share a fetch")
    func cacheBounds() async throws {
        let publisher = try await Publisher()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        var options = DIDWebResolver.Options()
        options.cacheCapacity = 2
        options.cacheLifetime = 60
        options.now = { clock.now }
        let resolver = DIDWebResolver(client: try Self.client(port: publisher.server.port), options: options)
        let dids = (1...3).map { publisher.did(":u\($0)") }
        for (index, did) in dids.enumerated() {
            publisher.serve("/u\(index + 1)/did.json", document: Self.document(did, keys: [Self.key(UInt8(10 + index)).publicKey]))
        }
        // Concurrent first resolutions: one fetch.
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 { group.addTask { await resolver.resolve(dids[0], options: DIDResolutionOptions()).error == nil } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 6))
        #expect(publisher.requests("/u1/did.json") == 1)
        clock.advance(59)
        _ = await resolver.resolve(dids[0], options: DIDResolutionOptions())
        #expect(publisher.requests("/u1/did.json") == 1)
        clock.advance(2)  // past the lifetime
        _ = await resolver.resolve(dids[0], options: DIDResolutionOptions())
        #expect(publisher.requests("/u1/did.json") == 2)
        // Capacity 2: a third DID drops the oldest (u1).
        _ = await resolver.resolve(dids[1], options: DIDResolutionOptions())
        _ = await resolver.resolve(dids[2], options: DIDResolutionOptions())
        #expect(await resolver.cachedCount == 2)
        _ = await resolver.resolve(dids[2], options: DIDResolutionOptions())
        _ = await resolver.resolve(dids[0], options: DIDResolutionOptions())
        #expect(publisher.requests("/u3/did.json") == 1 && publisher.requests("/u1/did.json") == 3)
        // A failure is not cached: the next resolution asks again.
        let missing = publisher.did(":missing")
        _ = await resolver.resolve(missing, options: DIDResolutionOptions())
        _ = await resolver.resolve(missing, options: DIDResolutionOptions())
        #expect(publisher.requests("/missing/did.json") == 2)
        await publisher.server.stop()
    }

    @Test("A credential signed by a did:web key verifies through Verifier; after rotation it fails with verificationMethodNotAuthorized, and one by the new key verifies")
    func rotation() async throws {
        let publisher = try await Publisher()
        let did = publisher.did(":issuers:agency")
        let old = Self.key(20), new = Self.key(21)
        publisher.serve("/issuers/agency/did.json", document: Self.document(did, keys: [old.publicKey]))
        var options = DIDWebResolver.Options()
        options.cacheLifetime = 0  // each verification sees the document as published now
        let verifier = Verifier(resolver: DIDResolverRegistry.networked(web: DIDWebResolver(client: try Self.client(port: publisher.server.port), options: options)))
        func issue(_ key: Ed25519.PrivateKey, _ fragment: String) async throws -> String {
            let credential = Issuer.credential(issuer: did.description, subject: ["id": "did:example:holder", "name": "An"],
                                               validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)))
            return try await Issuer.issueJOSE(.object(credential), signer: InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(fragment)"))
        }
        let before = try await issue(old, "key-1")
        let report = await verifier.verify(before)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        // Rotation: key-2 authorised, key-1 kept in verificationMethod but under no relationship.
        publisher.serve("/issuers/agency/did.json", document: Self.document(did, keys: [old.publicKey, new.publicKey]))
        let after = await verifier.verify(before)
        #expect(!after.verified && after.errors.map(\.code) == [.verificationMethodNotAuthorized], "\(after.jsonValue.prettyString)")
        let fresh = await verifier.verify(try await issue(new, "key-2"))
        #expect(fresh.verified, "\(fresh.jsonValue.prettyString)")
        // The old key signing as the new method's id: the signature does not verify.
        #expect(await verifier.verify(try await issue(old, "key-2")).errors.map(\.code) == [.invalidSignature])
        await publisher.server.stop()
    }
}
