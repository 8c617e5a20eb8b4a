import Crypto
import DIDCore
import Foundation
import GuardedHTTP
import OpenID4VC
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCrypto

/// SD-JWT VC issuer keys from JWT VC Issuer Metadata, fetched from a loopback HTTPS server the
/// test starts (`LoopbackHTTPServer` as `issuer.test`, the test CA trusted): the well-known
/// location, `jwks` and `jwks_uri`, and each attack refused — metadata for another issuer, an
/// unknown `kid`, a key of another algorithm.
@Suite struct JWTVCIssuerMetadataTests {
    /// The issuer's host: GETs answered from a table of paths (404 otherwise).
    struct IssuerHost: Sendable {
        /// The table, behind a lock: the server's event loop reads it.
        final class Routes: @unchecked Sendable {
            private let lock = NSLock()
            private var table: [String: String] = [:]
            subscript(path: String) -> String? {
                get { lock.withLock { table[path] } }
                set { lock.withLock { table[path] = newValue } }
            }
        }

        let server: LoopbackHTTPServer
        let routes: Routes

        static func start() async throws -> IssuerHost {
            let routes = Routes()
            let server = try await LoopbackHTTPServer(tls: true) { request in
                guard request.method == "GET", let json = routes[request.path] else { return .notFound }
                return .json(json)
            }
            return IssuerHost(server: server, routes: routes)
        }

        /// Answers `json` at `path`.
        func route(_ path: String, json: String) { routes[path] = json }

        /// `https://issuer.test:PORT` + `path`.
        func url(_ path: String = "") -> String { server.url(path, host: "issuer.test") }

        /// The paths asked for, in order.
        var paths: [String] { server.requests.map(\.path) }

        func client() throws -> GuardedHTTPClient { try GuardedHTTPClient.loopback([server]) }

        func stop() async { await server.stop() }
    }

    @Test(arguments: [
        ("https://example.com", "https://example.com/.well-known/jwt-vc-issuer"),
        ("https://example.com/", "https://example.com/.well-known/jwt-vc-issuer"),
        ("https://example.com/tenant/1234", "https://example.com/.well-known/jwt-vc-issuer/tenant/1234"),
        ("https://example.com/tenant/1234/", "https://example.com/.well-known/jwt-vc-issuer/tenant/1234"),
        ("https://example.com:8443/t", "https://example.com:8443/.well-known/jwt-vc-issuer/t"),
    ])
    func metadataLocation(iss: String, expected: String) throws {
        #expect(try JWTVCIssuerMetadataResolver.metadataURL(for: iss) == expected)
    }

    @Test(arguments: ["http://example.com", "https://example.com/?a=b", "https://example.com/#f", "example.com", "did:web:example.com", "https://"])
    func notAnHTTPSIssuerHasNoMetadata(iss: String) {
        #expect(throws: VCError(.invalidClaims, "")) { try JWTVCIssuerMetadataResolver.metadataURL(for: iss) }
    }

    /// The issuer's signing key and its JWK with `kid`.
    struct IssuerKey {
        let signer: InMemorySigner
        let kid: String
        var jwk: JSONValue {
            var members = JWK(publicSigningKey: signer.publicKey).jsonValue.objectValue!
            members["kid"] = .string(kid)
            return .object(members)
        }

        init(kid: String = "key-1") throws {
            signer = InMemorySigner(privateKey: .p256(WalletCrypto.P256.PrivateKey()), verificationMethodId: kid)
            self.kid = kid
        }
    }

    func verifier(_ server: IssuerHost?) throws -> VerifiableCredentials.Verifier {
        var policy = VerificationPolicy()
        policy.now = { X509TestPKI.now }
        var verifier = VerifiableCredentials.Verifier(policy: policy)
        verifier.sdJWTIssuerKeys = HTTPSIssuerKeyResolver(anchors: nil, client: try server?.client())
        return verifier
    }

    func credential(iss: String, key: IssuerKey, kid: String?) async throws -> String {
        try await X509TestSDJWT.issue(iss: iss, header: kid.map { ["kid": .string($0)] } ?? [:], signer: key.signer, holder: nil)
    }

    static func metadata(issuer: String, keys: [JSONValue]) -> String {
        JSONSerializer().string(["issuer": .string(issuer), "jwks": ["keys": .array(keys)]])
    }

    @Test func jwksByValueVerifies() async throws {
        let server = try await IssuerHost.start()
        defer { Task { await server.stop() } }
        let key = try IssuerKey(), other = try IssuerKey(kid: "key-2")
        let iss = server.url("/tenant")
        server.route("/.well-known/jwt-vc-issuer/tenant", json: Self.metadata(issuer: iss, keys: [other.jwk, key.jwk]))
        let report = try await verifier(server).verify(try await credential(iss: iss, key: key, kid: "key-1"))
        #expect(report.verified, "\(report.errors)")
        #expect(report.issuer == iss && report.verificationMethod == "key-1")
        #expect(server.paths == ["/.well-known/jwt-vc-issuer/tenant"])
    }

    @Test func jwksURIVerifiesAndASingleKeyNeedsNoKid() async throws {
        let server = try await IssuerHost.start()
        defer { Task { await server.stop() } }
        let key = try IssuerKey()
        let iss = server.url()
        server.route("/.well-known/jwt-vc-issuer", json: JSONSerializer().string(["issuer": .string(iss), "jwks_uri": .string(server.url("/jwks.json"))]))
        server.route("/jwks.json", json: JSONSerializer().string(["keys": [key.jwk]]))
        let report = try await verifier(server).verify(try await credential(iss: iss, key: key, kid: nil))
        #expect(report.verified, "\(report.errors)")
        #expect(server.paths == ["/.well-known/jwt-vc-issuer", "/jwks.json"])
    }

    @Test func metadataOfAnotherIssuerIsRefused() async throws {
        let server = try await IssuerHost.start()
        defer { Task { await server.stop() } }
        let key = try IssuerKey()
        let iss = server.url("/tenant")
        // The document at the tenant's location speaks for the host, not for the tenant.
        server.route("/.well-known/jwt-vc-issuer/tenant", json: Self.metadata(issuer: server.url(), keys: [key.jwk]))
        let report = try await verifier(server).verify(try await credential(iss: iss, key: key, kid: "key-1"))
        #expect(report.errors.map(\.code) == [.issuerNotBound])
    }

    @Test func unknownKidIsRefused() async throws {
        let server = try await IssuerHost.start()
        defer { Task { await server.stop() } }
        let key = try IssuerKey(), listed = try IssuerKey(kid: "key-2")
        let iss = server.url()
        server.route("/.well-known/jwt-vc-issuer", json: Self.metadata(issuer: iss, keys: [listed.jwk]))
        #expect(try await verifier(server).verify(try await credential(iss: iss, key: key, kid: "key-1")).errors.map(\.code) == [.verificationMethodNotFound])
        // Signed by a key that is not listed, under a kid that is: the signature fails.
        #expect(try await verifier(server).verify(try await credential(iss: iss, key: key, kid: "key-2")).errors.map(\.code) == [.invalidSignature])
        // Without a kid, two keys are ambiguous.
        server.route("/.well-known/jwt-vc-issuer", json: Self.metadata(issuer: iss, keys: [listed.jwk, key.jwk]))
        #expect(try await verifier(server).verify(try await credential(iss: iss, key: key, kid: nil)).errors.map(\.code) == [.verificationMethodNotFound])
    }

    @Test func keyOfAnotherAlgorithmIsRefused() async throws {
        let server = try await IssuerHost.start()
        defer { Task { await server.stop() } }
        let key = try IssuerKey()
        let iss = server.url()
        // The JWK says ES384 for a P-256 key signing ES256.
        var stated = key.jwk.objectValue!
        stated["alg"] = "ES384"
        server.route("/.well-known/jwt-vc-issuer", json: Self.metadata(issuer: iss, keys: [.object(stated)]))
        #expect(try await verifier(server).verify(try await credential(iss: iss, key: key, kid: "key-1")).errors.map(\.code) == [.algorithmKeyMismatch])
        // An Ed25519 key under the kid, the JWT ES256.
        var ed = JWK(ed25519: Ed25519.PrivateKey().publicKey).jsonValue.objectValue!
        ed["kid"] = "key-1"
        server.route("/.well-known/jwt-vc-issuer", json: Self.metadata(issuer: iss, keys: [.object(ed)]))
        #expect(try await verifier(server).verify(try await credential(iss: iss, key: key, kid: "key-1")).errors.map(\.code) == [.algorithmKeyMismatch])
    }

    @Test func unusableMetadataCannotBeChecked() async throws {
        let server = try await IssuerHost.start()
        defer { Task { await server.stop() } }
        let key = try IssuerKey()
        let iss = server.url()
        let credential = try await credential(iss: iss, key: key, kid: "key-1")
        // 404, both jwks and jwks_uri, not JSON.
        var report = try await verifier(server).verify(credential)
        #expect(report.errors.map(\.code) == [.issuerKeyUnavailable] && report.outcome == .couldNotCheck)
        server.route("/.well-known/jwt-vc-issuer", json: JSONSerializer().string(
            ["issuer": .string(iss), "jwks": ["keys": [key.jwk]], "jwks_uri": .string(server.url("/jwks.json"))]))
        report = try await verifier(server).verify(credential)
        #expect(report.errors.map(\.code) == [.issuerKeyUnavailable])
        server.route("/.well-known/jwt-vc-issuer", json: "{\"issuer\": 1, \"issuer\": 2}")
        report = try await verifier(server).verify(credential)
        #expect(report.errors.map(\.code) == [.issuerKeyUnavailable])
    }

    /// A clock the test moves.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var instant = X509TestPKI.now
        var now: Date { lock.withLock { instant } }
        func advance(_ seconds: TimeInterval) { lock.withLock { instant += seconds } }
    }

    @Test func keySetsAreCachedForTheirLifetimeAndFailuresAreNot() async throws {
        let server = try await IssuerHost.start()
        defer { Task { await server.stop() } }
        let key = try IssuerKey()
        let iss = server.url()
        let clock = Clock()
        var options = JWTVCIssuerMetadataResolver.Options()
        options.now = { clock.now }
        options.cacheLifetime = 300
        var policy = VerificationPolicy()
        policy.now = { X509TestPKI.now }
        var verifier = VerifiableCredentials.Verifier(policy: policy)
        verifier.sdJWTIssuerKeys = HTTPSIssuerKeyResolver(anchors: nil, client: try server.client(), metadataOptions: options)
        let credential = try await credential(iss: iss, key: key, kid: "key-1")
        // Not published yet: could not check, and the failure is not kept.
        #expect(await verifier.verify(credential).errors.map(\.code) == [.issuerKeyUnavailable])
        server.route("/.well-known/jwt-vc-issuer", json: Self.metadata(issuer: iss, keys: [key.jwk]))
        #expect(await verifier.verify(credential).verified)
        #expect(await verifier.verify(credential).verified)
        #expect(server.paths.count == 2, "\(server.paths)")
        // Past the lifetime the metadata is fetched again: a withdrawn key stops verifying.
        server.route("/.well-known/jwt-vc-issuer", json: Self.metadata(issuer: iss, keys: [try IssuerKey().jwk]))
        clock.advance(299)
        #expect(await verifier.verify(credential).verified)
        clock.advance(2)
        #expect(await verifier.verify(credential).errors.map(\.code) == [.invalidSignature])
        #expect(server.paths.count == 3, "\(server.paths)")
    }

    @Test func offlineNothingIsFetched() async throws {
        let server = try await IssuerHost.start()
        defer { Task { await server.stop() } }
        let key = try IssuerKey()
        let iss = server.url()
        server.route("/.well-known/jwt-vc-issuer", json: Self.metadata(issuer: iss, keys: [key.jwk]))
        let report = try await verifier(nil).verify(try await credential(iss: iss, key: key, kid: "key-1"))
        #expect(report.errors.map(\.code) == [.issuerKeyUnavailable] && report.outcome == .couldNotCheck)
        #expect(server.paths.isEmpty)
    }
}
