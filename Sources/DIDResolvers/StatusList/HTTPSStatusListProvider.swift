public import Foundation
public import GuardedHTTP
import StrictJSON
public import VerifiableCredentials

/// Fetches status list credentials over HTTPS through the one guarded client (security
/// requirements 24, 31 and 38): HTTPS only, no refused address (loopback, private, link-local
/// and the rest of `AddressPolicy`, as literals or as resolved, the connection pinned to the
/// address checked), no credentials in the URL, redirects only to the same scheme, host and port,
/// `Accept-Encoding: identity` with any content coding refused, a raw size cap enforced while the
/// body arrives, and a total deadline. Lists are cached in memory until the earlier of their
/// `validUntil` and their `ttl` (Bitstring Status List §2.2, milliseconds), or a default time to
/// live; concurrent requests for one URL share one fetch.
///
/// A verifier that is given this provider fetches only when it meets a status entry; nothing is
/// fetched unless a caller builds one (the command line does so only with `--allow-network`).
/// This module, not `VerifiableCredentials`, owns it: an offline verifier links no HTTP client
/// (decision 0012).
public struct HTTPSStatusListProvider: StatusListProvider {
    /// What a provider may fetch, how long it caches, and its clock.
    public struct Options: Sendable {
        /// The guarded client's rules: allow-listed hosts, extra trust anchors, the resolver, the
        /// size cap (default 2 MiB: a 131,072-entry list is about 16 KiB even uncompressed) and
        /// the total deadline (default 10 s).
        public var network = GuardedHTTPConfiguration()
        /// How long a list without `ttl` or `validUntil` is cached (default 5 minutes).
        public var defaultTimeToLive: TimeInterval = 300
        /// The longest any list is cached, whatever it says (default 1 day).
        public var maximumTimeToLive: TimeInterval = 86_400
        /// When set, only these URLs are fetched (the command line's `--status-list URL`).
        public var allowedURLs: Set<String>?
        /// The clock for cache expiry and `validUntil`; the system clock unless a test injects one.
        public var now: @Sendable () -> Date = { Date() }

        /// The defaults: the guarded client's safe rules, 5 minutes without `ttl`, at most 1 day, any URL.
        public init() {}
    }

    /// The options this provider applies.
    public let options: Options
    let cache: StatusListCache

    /// A provider with `options` and an empty cache.
    public init(options: Options = Options()) {
        self.options = options
        self.cache = StatusListCache()
    }

    /// The status list credential at `url`: from the cache while fresh, else fetched through `GuardedHTTPClient`.
    ///
    /// - Throws: `VCError` `networkRefused` when a rule refuses the URL (or it is not in ``Options/allowedURLs``), `fetchFailed` when the fetch fails; the verifier then reports the status as unknown, never valid.
    public func statusListCredential(at url: String) async throws -> [UInt8] {
        let target = try checkedURL(url)
        let now = options.now()
        if let cached = await cache.fresh(url, at: now) { return cached }
        let client = GuardedHTTPClient(configuration: options.network)
        let bytes = try await cache.fetch(url) {
            do {
                return try await client.get(target.description, accept: "application/vc+jwt, application/vc, application/json;q=0.5").body
            } catch let error as GuardedHTTPError {
                throw Self.statusListError(error)
            }
        }
        await cache.store(url, bytes: bytes, until: cacheExpiry(of: bytes, fetchedAt: now))
        return bytes
    }

    /// The URL, if it may be fetched at all: a strict `https` URL (the guarded client's parse:
    /// no user information, a strict host), and among the allowed URLs when there are any.
    func checkedURL(_ text: String) throws(VCError) -> GuardedURL {
        let url: GuardedURL
        // The parse never repeats user information (user:password@) in its message.
        do { url = try GuardedURL(parsing: text) } catch { throw Self.statusListError(error) }
        if let allowed = options.allowedURLs, !allowed.contains(text) {
            throw VCError(.networkRefused, "\(url) is not among the status list URLs allowed to be fetched")
        }
        return url
    }

    /// A guarded-client error as the status list codes: a refusal by rule is `networkRefused`,
    /// anything else `fetchFailed`; the client's own code leads the message.
    static func statusListError(_ error: GuardedHTTPError) -> VCError {
        VCError(error.isRefusal ? .networkRefused : .fetchFailed, "\(error.code): \(error.message)")
    }

    /// When a list fetched at `now` stops being fresh: its `ttl` (milliseconds) or the default,
    /// no later than its `validUntil` (or a JWT's `exp`), and never beyond the maximum.
    public func cacheExpiry(of bytes: [UInt8], fetchedAt now: Date) -> Date {
        var document = try? JSONParser().parse(bytes)
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if document?.objectValue == nil, let jws = try? CompactJWS(parsing: text) {
            document = try? JSONParser().parse(jws.payload)
        }
        // NDA's status endpoint wraps the list credential in {"data": …} (decision 0028).
        if let object = document?.objectValue, object.count == 1, let inner = object["data"], inner.objectValue != nil { document = inner }
        var lifetime = options.defaultTimeToLive
        if let ttl = document?["credentialSubject"]?["ttl"]?.numberValue?.doubleValue, ttl.isFinite, ttl >= 0 {
            lifetime = ttl / 1000
        }
        var expiry = now.addingTimeInterval(min(lifetime, options.maximumTimeToLive))
        // The whole second at or before validUntil: a cached list is never kept past it.
        if let until = (document?["validUntil"]?.stringValue).flatMap(DateTimeStamp.init(parsing:)) {
            expiry = min(expiry, Date(timeIntervalSince1970: Double(until.secondsSince1970)))
        }
        if let exp = document?["exp"]?.numberValue?.doubleValue, exp.isFinite { expiry = min(expiry, Date(timeIntervalSince1970: exp)) }
        return expiry
    }
}

