public import DIDCore
public import Foundation
public import GuardedHTTP
import StrictJSON

/// Resolves `did:web` DIDs (W3C CCG did:web Method Specification, §"Read (Resolve)") by fetching
/// `did.json` over HTTPS through the one guarded client (security requirements 24, 38 and 44):
/// HTTPS only, no refused address unless explicitly allowed, the connection pinned to the
/// checked address, no redirect to another scheme, host or port, a size cap while the body
/// arrives and a total deadline.
///
/// The DID becomes a URL by `DIDWeb.location(of:)` (IP addresses, empty, dot and encoded
/// separator segments refused); the body is parsed by the strict JSON parser within the size
/// and depth caps; the document's `id` must be the DID itself, compared code point for code
/// point (`documentIdMismatch` otherwise). Documents are cached — at most
/// ``Options/cacheCapacity`` DIDs, each for ``Options/cacheLifetime`` — and concurrent
/// resolutions of one DID share one fetch; failures are never cached.
///
/// Nothing is fetched unless an app builds this resolver with a client and registers it
/// (`DIDResolverRegistry.networked(web:)`); the command line does so only with `--allow-network`.
public struct DIDWebResolver: DIDResolver {
    /// The document cap, the cache bounds and the clock.
    public struct Options: Sendable {
        /// The largest document accepted, in bytes (default 256 KiB; the client's own cap
        /// applies too, whichever is smaller). A document with a thousand keys is about 200 KiB.
        public var maximumDocumentBytes = 256 << 10
        /// The deepest JSON nesting accepted (default 32; DID documents nest a few levels).
        public var maximumDepth = 32
        /// The most DIDs whose documents are kept (default 256); the oldest is dropped first.
        public var cacheCapacity = 256
        /// How long a document is kept, in seconds (default 300): a rotated key stops being
        /// accepted at most this long after the new document is published. 0 turns the cache off.
        public var cacheLifetime: TimeInterval = 300
        /// The clock for cache expiry; the system clock unless a test injects one.
        public var now: @Sendable () -> Date = { Date() }

        /// The defaults: 256 KiB, depth 32, 256 documents for 5 minutes.
        public init() {}
    }

    /// The guarded client that fetches, with its allowances (hosts, trust anchors) and caps.
    public let client: GuardedHTTPClient
    /// The document cap, cache bounds and clock.
    public let options: Options
    let cache: DIDWebCache

    /// A resolver fetching through `client` (the guarded client's safe defaults unless stated).
    public init(client: GuardedHTTPClient = GuardedHTTPClient(), options: Options = Options()) {
        var configuration = client.configuration
        configuration.maximumBodyBytes = min(configuration.maximumBodyBytes, options.maximumDocumentBytes)
        self.client = GuardedHTTPClient(configuration: configuration)
        self.options = options
        self.cache = DIDWebCache(capacity: options.cacheCapacity, lifetime: options.cacheLifetime)
    }

    /// `["web"]`.
    public var supportedMethods: Set<String> { [DIDWeb.methodName] }

    /// The document of `did`: from the cache while fresh, else fetched and checked. A failure is
    /// a result with a stable code: `invalidDid`, `notFound` (404, 410), `networkRefused`,
    /// `fetchFailed`, `documentTooLarge`, `invalidDocument`, `documentIdMismatch`,
    /// `representationNotSupported`.
    public func resolve(_ did: DID, options resolution: DIDResolutionOptions) async -> DIDResolutionResult {
        let contentType: String
        switch resolution.accept {
        case DIDResolutionOptions.didLDJSON, "application/ld+json", "*/*": contentType = DIDResolutionOptions.didLDJSON
        case DIDResolutionOptions.didJSON, "application/json": contentType = DIDResolutionOptions.didJSON
        default: return .failure(DIDError(.representationNotSupported, "representation \(resolution.accept) is not supported"))
        }
        do {
            var document = try await document(of: did)
            if contentType == DIDResolutionOptions.didJSON { document.context = nil }
            return .success(document, contentType: contentType)
        } catch let error as DIDError {
            return .failure(error)
        } catch {
            return .failure(DIDError(.fetchFailed, "\(error)"))
        }
    }

    /// The checked document of `did`, cached.
    func document(of did: DID) async throws -> DIDDocument {
        let location = try DIDWeb.location(of: did)
        let key = did.description
        let now = options.now()
        if let cached = await cache.fresh(key, at: now) { return cached }
        let document = try await cache.fetch(key) { [client, options] in
            try await Self.fetch(did, from: location, client: client, options: options)
        }
        await cache.store(key, document, fetched: now)
        return document
    }

    /// Fetches and checks one document (did:web §"Read (Resolve)", steps 6–7).
    static func fetch(_ did: DID, from location: DIDWeb.Location, client: GuardedHTTPClient, options: Options) async throws(DIDError) -> DIDDocument {
        let body: [UInt8]
        do {
            body = try await client.get(location.documentURL, accept: "application/did+json, application/did+ld+json, application/json;q=0.5").body
        } catch {
            throw Self.resolutionError(error, url: location.documentURL)
        }
        let json: JSONValue
        do { json = try JSONParser(options: .init(maxDepth: options.maximumDepth, maxBytes: options.maximumDocumentBytes)).parse(body) } catch {
            throw DIDError(.invalidDocument, "\(location.documentURL) is not strict JSON: \(error)")
        }
        guard let id = json["id"]?.stringValue else {
            throw DIDError(.invalidDocument, "\(location.documentURL) holds no DID document (no string \"id\")")
        }
        guard did.isWritten(as: id) else {
            throw DIDError(.documentIdMismatch, "the document at \(location.documentURL) is for \(id.prefix(200)), not \(did)")
        }
        return try DIDDocument(json: json)
    }

    /// A guarded-client error as a resolution error: 404 and 410 are `notFound` (did:web
    /// §"Deactivate": a removed `did.json`); a body over the cap `documentTooLarge`; a refusal
    /// by rule `networkRefused`; anything else `fetchFailed`. The client's code leads the message.
    static func resolutionError(_ error: GuardedHTTPError, url: String) -> DIDError {
        let message = "\(error.code): \(error.message) (\(url))"
        if error.code == .httpStatus, let status = error.status, status == 404 || status == 410 {
            return DIDError(.notFound, message)
        }
        if error.code == .responseTooLarge { return DIDError(.documentTooLarge, message) }
        return DIDError(error.isRefusal ? .networkRefused : .fetchFailed, message)
    }

    /// The number of documents in the cache.
    public var cachedCount: Int { get async { await cache.count } }
}
