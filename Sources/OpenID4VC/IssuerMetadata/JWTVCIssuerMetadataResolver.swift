import DIDCore
public import Foundation
public import GuardedHTTP
import StrictJSON
public import VerifiableCredentials
public import WalletCrypto

/// The key of an SD-JWT VC issuer from its JWT VC Issuer Metadata (SD-JWT VC, "JWT VC Issuer
/// Metadata"), fetched through the guarded client (security requirement 38):
/// `/.well-known/jwt-vc-issuer` inserted between the host and the path of `iss`; the document's
/// `issuer` must be `iss` exactly; its keys are `jwks` by value or the JWK Set at `jwks_uri`
/// (one of the two, never both); `kid` selects the key — without a `kid` the set must hold
/// exactly one. A key whose `use` is not `sig`, or whose `alg` is not the JWT's, is refused.
///
/// Nothing is fetched unless an app builds this resolver with a client (the command line does so
/// only with `--allow-network`). Key sets are cached — at most ``Options/cacheCapacity`` issuers,
/// each for ``Options/cacheLifetime`` — and concurrent verifications of one issuer share one
/// fetch; failures are never cached.
public struct JWTVCIssuerMetadataResolver: SDJWTIssuerKeyResolver {
    /// The cache bounds and the clock.
    public struct Options: Sendable {
        /// The most issuers whose key sets are kept (default 64); the oldest is dropped first.
        public var cacheCapacity = 64
        /// How long a key set is kept, in seconds (default 300): a key the issuer withdraws stops
        /// being accepted at most this long after. 0 turns the cache off.
        public var cacheLifetime: TimeInterval = 300
        /// The clock for cache expiry; the system clock unless a test injects one.
        public var now: @Sendable () -> Date = { Date() }

        /// The defaults: 64 issuers for 5 minutes, the system clock.
        public init() {}
    }

    /// The guarded client that fetches, with its allowances and caps.
    public let client: GuardedHTTPClient
    /// The cache bounds and the clock.
    public let options: Options
    let cache: JWTVCIssuerMetadataCache

    /// The largest metadata document or JWK Set accepted, in bytes (the client's own cap
    /// applies too, whichever is smaller).
    public static let maximumDocumentBytes = 256 << 10
    /// The most keys a JWK Set may hold.
    public static let maximumKeys = 100

    /// A resolver fetching through `client`, caching as `options` says.
    public init(client: GuardedHTTPClient, options: Options = Options()) {
        var configuration = client.configuration
        configuration.maximumBodyBytes = min(configuration.maximumBodyBytes, Self.maximumDocumentBytes)
        self.client = GuardedHTTPClient(configuration: configuration)
        self.options = options
        cache = JWTVCIssuerMetadataCache(capacity: options.cacheCapacity, lifetime: options.cacheLifetime)
    }

    /// The metadata URL of `issuer`: `https://host[:port]/.well-known/jwt-vc-issuer[/path]`, the
    /// path's terminating `/` removed.
    ///
    /// - Throws: `VCError` `invalidClaims` when `issuer` is not an `https` URL with a host and
    ///   neither query nor fragment.
    public static func metadataURL(for issuer: String) throws(VCError) -> String {
        guard issuer.hasPrefix("https://"), !issuer.contains("?"), !issuer.contains("#"),
              let url = try? GuardedURL(parsing: issuer), url.scheme == "https" else {
            throw VCError(.invalidClaims, "iss \(issuer.prefix(200)) is not an https URL without query or fragment")
        }
        let rest = issuer.dropFirst("https://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var path = rest[slash...]
        while path.hasSuffix("/") { path = path.dropLast() }
        return "https://\(rest[..<slash])/.well-known/jwt-vc-issuer\(path)"
    }

    /// The key `request.keyId` names in `request.issuer`'s metadata.
    ///
    /// - Throws: `VCError` `invalidClaims` (an `iss` that is not an https URL),
    ///   `issuerKeyUnavailable` (a fetch that failed, a document that is not metadata or a JWK
    ///   Set), `issuerNotBound` (`issuer` is not `iss`), `verificationMethodNotFound` (no key
    ///   under `kid`, or several without one), `algorithmKeyMismatch` (the key's `alg` is not the
    ///   JWT's).
    public func issuerKey(for request: SDJWTIssuerKeyRequest) async throws(VCError) -> PublicSigningKey {
        let metadataURL = try Self.metadataURL(for: request.issuer)
        let now = options.now()
        if let keySet = await cache.fresh(request.issuer, at: now) { return try Self.select(from: keySet, request: request) }
        let keySet = try await cache.fetch(request.issuer, at: now) { () throws(VCError) in
            try await fetchKeySet(metadataURL, issuer: request.issuer)
        }
        return try Self.select(from: keySet, request: request)
    }

    /// The metadata at `metadataURL`, checked to be `issuer`'s, and its JWK Set.
    private func fetchKeySet(_ metadataURL: String, issuer expected: String) async throws(VCError) -> JSONObject {
        let metadata = try await fetchObject(metadataURL, what: "JWT VC Issuer Metadata")
        guard let issuer = metadata["issuer"]?.stringValue else {
            throw VCError(.issuerKeyUnavailable, "the JWT VC Issuer Metadata at \(metadataURL) has no issuer")
        }
        // SD-JWT VC, "JWT VC Issuer Metadata Validation": identical, or the document is not used.
        guard issuer.hasSameScalars(as: expected) else {
            throw VCError(.issuerNotBound, "the JWT VC Issuer Metadata names the issuer \(issuer.prefix(200)), not \(expected)")
        }
        let keySet: JSONObject
        switch (metadata["jwks"], metadata["jwks_uri"]) {
        case (.some(let jwks), nil):
            guard let object = jwks.objectValue else { throw VCError(.issuerKeyUnavailable, "the metadata's jwks is not a JSON object") }
            keySet = object
        case (nil, .some(let uri)):
            guard let uri = uri.stringValue else { throw VCError(.issuerKeyUnavailable, "the metadata's jwks_uri is not a string") }
            keySet = try await fetchObject(uri, what: "JWK Set")
        case (.some, .some): throw VCError(.issuerKeyUnavailable, "the metadata has both jwks and jwks_uri")
        case (nil, nil): throw VCError(.issuerKeyUnavailable, "the metadata has neither jwks nor jwks_uri")
        }
        return keySet
    }

    /// The key of `keySet` (RFC 7517 §5) that `request` names.
    static func select(from keySet: JSONObject, request: SDJWTIssuerKeyRequest) throws(VCError) -> PublicSigningKey {
        guard let keys = keySet["keys"]?.arrayValue else { throw VCError(.issuerKeyUnavailable, "the JWK Set has no keys array") }
        guard keys.count <= maximumKeys else { throw VCError(.issuerKeyUnavailable, "the JWK Set holds \(keys.count) keys; at most \(maximumKeys) are read") }
        let candidates: [JSONValue]
        if let keyId = request.keyId {
            candidates = keys.filter { $0["kid"]?.stringValue?.hasSameScalars(as: keyId) == true }
            guard candidates.count == 1 else {
                throw VCError(.verificationMethodNotFound, candidates.isEmpty
                              ? "the issuer's JWK Set has no key with kid \(keyId.prefix(200))" : "the issuer's JWK Set has several keys with kid \(keyId.prefix(200))")
            }
        } else {
            guard keys.count == 1 else {
                throw VCError(.verificationMethodNotFound, "the JWT has no kid and the issuer's JWK Set holds \(keys.count) keys")
            }
            candidates = keys
        }
        let member = candidates[0]
        if let use = member["use"], use.stringValue != "sig" {
            throw VCError(.verificationMethodNotFound, "the issuer's key \(request.keyId ?? "") is not for signatures (use \(use))")
        }
        if let alg = member["alg"], alg.stringValue != request.algorithm.rawValue {
            throw VCError(.algorithmKeyMismatch, "the issuer's key is for alg \(alg), the JWT is \(request.algorithm.rawValue)")
        }
        do { return try JWK(json: member).publicSigningKey() } catch {
            throw VCError(.verificationMethodNotFound, "the issuer's key \(request.keyId ?? "") is not a public signing key: \(error.message)")
        }
    }

    /// GET `url` (JSON) and parse it strictly as an object.
    private func fetchObject(_ url: String, what: String) async throws(VCError) -> JSONObject {
        let response: GuardedHTTPClient.Response
        do { response = try await client.get(url, accept: "application/json") } catch {
            throw VCError(.issuerKeyUnavailable, "the \(what) at \(url.prefix(200)) could not be fetched: \(error.code): \(error.message)")
        }
        let value: JSONValue
        do throws(JSONError) {
            value = try JSONParser(options: .init(maxDepth: 16, maxBytes: Self.maximumDocumentBytes)).parse(response.body)
        } catch {
            throw VCError(.issuerKeyUnavailable, "the \(what) at \(url.prefix(200)) is not strict JSON: \(error)")
        }
        guard let object = value.objectValue else { throw VCError(.issuerKeyUnavailable, "the \(what) at \(url.prefix(200)) is not a JSON object") }
        return object
    }
}
