public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StrictJSON

/// Fetches status list credentials over HTTPS, within limits (security requirements 24 and 31):
/// HTTPS only, no loopback, private or link-local hosts (as literals or as resolved), no
/// credentials in the URL, no redirect off the host, a response size cap enforced while the body
/// arrives, and an overall time limit. Lists are cached in memory until the earlier of their
/// `validUntil` and their `ttl` (Bitstring Status List §2.2, milliseconds), or a default time to
/// live; concurrent requests for one URL share one fetch.
///
/// A verifier that is given this provider fetches only when it meets a status entry; nothing is
/// fetched unless a caller builds one (the command line does so only with `--allow-network`).
public struct HTTPSStatusListProvider: StatusListProvider {
    public struct Options: Sendable {
        /// The largest response accepted, in bytes (default 2 MiB: a 131,072-entry list is
        /// about 16 KiB even uncompressed).
        public var maximumBytes = 2 << 20
        /// The longest a fetch may take, redirects included (default 10 s).
        public var timeout: TimeInterval = 10
        /// How long a list without `ttl` or `validUntil` is cached (default 5 minutes).
        public var defaultTimeToLive: TimeInterval = 300
        /// The longest any list is cached, whatever it says (default 1 day).
        public var maximumTimeToLive: TimeInterval = 86_400
        /// When set, only these URLs are fetched (the command line's `--status-list URL`).
        public var allowedURLs: Set<String>?
        /// Lets tests fetch from a server they start on the loopback interface, over plain HTTP.
        /// Never set it elsewhere.
        public var allowLoopbackForTesting = false
        public var now: @Sendable () -> Date = { Date() }

        public init() {}
    }

    public let options: Options
    let cache: StatusListCache

    public init(options: Options = Options()) {
        self.options = options
        self.cache = StatusListCache()
    }

    public func statusListCredential(at url: String) async throws -> [UInt8] {
        let target = try checkedURL(url)
        let now = options.now()
        if let cached = await cache.fresh(url, at: now) { return cached }
        let bytes = try await cache.fetch(url) { [options] in
            try await BoundedFetch(url: target, options: options).run()
        }
        await cache.store(url, bytes: bytes, until: cacheExpiry(of: bytes, fetchedAt: now))
        return bytes
    }

    /// The URL, if it may be fetched at all.
    func checkedURL(_ text: String) throws(VCError) -> URL {
        // A URL with credentials is refused, and never repeated in a message (messages reach
        // reports and the command line).
        let components = URLComponents(string: text)
        guard components?.user == nil, components?.password == nil else {
            throw VCError(.networkRefused, "a status list URL with credentials (user:password@) is not fetched")
        }
        if let allowed = options.allowedURLs, !allowed.contains(text) {
            throw VCError(.networkRefused, "\(text) is not among the status list URLs allowed to be fetched")
        }
        guard let components, let host = components.host?.lowercased(), !host.isEmpty, let url = components.url else {
            throw VCError(.networkRefused, "\(text) is not an absolute URL with a host")
        }
        let loopbackTest = options.allowLoopbackForTesting && NetworkAddress.isLoopbackHost(host)
        switch components.scheme?.lowercased() {
        case "https": break
        case "http" where loopbackTest: break
        default: throw VCError(.networkRefused, "\(text): status lists are fetched over HTTPS only")
        }
        if !loopbackTest {
            if NetworkAddress.isLocalHostName(host) || NetworkAddress.literal(host).map(NetworkAddress.isRestricted) == true {
                throw VCError(.networkRefused, "\(text) names a loopback, private or link-local host")
            }
            if NetworkAddress.literal(host) == nil, NetworkAddress.resolve(host).contains(where: NetworkAddress.isRestricted) {
                throw VCError(.networkRefused, "\(host) resolves to a loopback, private or link-local address")
            }
        }
        return url
    }

    /// When a list fetched at `now` stops being fresh: its `ttl` (milliseconds) or the default,
    /// no later than its `validUntil` (or a JWT's `exp`), and never beyond the maximum.
    public func cacheExpiry(of bytes: [UInt8], fetchedAt now: Date) -> Date {
        var document = try? JSONParser().parse(bytes)
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if document?.objectValue == nil, let jws = try? CompactJWS(parsing: text) {
            document = try? JSONParser().parse(jws.payload)
        }
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

/// Fresh lists by URL, and the fetches in flight (so that a batch of credentials on one list
/// fetches it once).
actor StatusListCache {
    var entries: [String: (bytes: [UInt8], until: Date)] = [:]
    var inFlight: [String: Task<[UInt8], any Error>] = [:]

    func fresh(_ url: String, at now: Date) -> [UInt8]? {
        guard let entry = entries[url] else { return nil }
        if entry.until > now { return entry.bytes }
        entries[url] = nil
        return nil
    }

    func fetch(_ url: String, _ body: @escaping @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        if let running = inFlight[url] { return try await running.value }
        let task = Task { try await body() }
        inFlight[url] = task
        defer { inFlight[url] = nil }
        return try await task.value
    }

    func store(_ url: String, bytes: [UInt8], until: Date) {
        entries[url] = (bytes, until)
    }
}

/// One GET with the size cap applied as the body arrives, redirects kept on the same host and
/// scheme, and an overall deadline.
final class BoundedFetch: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let url: URL
    let options: HTTPSStatusListProvider.Options
    // Guarded by `lock`: the delegate runs on the session's queue.
    private let lock = NSLock()
    private var body: [UInt8] = []
    private var failure: VCError?
    private var continuation: CheckedContinuation<[UInt8], any Error>?

    init(url: URL, options: HTTPSStatusListProvider.Options) {
        self.url = url
        self.options = options
    }

    func run() async throws -> [UInt8] {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = options.timeout
        configuration.timeoutIntervalForResource = options.timeout
        configuration.httpMaximumConnectionsPerHost = 1
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: options.timeout)
        request.setValue("application/vc+jwt, application/vc, application/json;q=0.5", forHTTPHeaderField: "Accept")
        return try await withCheckedThrowingContinuation { continuation in
            lock.withLock { self.continuation = continuation }
            session.dataTask(with: request).resume()
        }
    }

    private func finish(_ result: Result<[UInt8], VCError>) {
        let continuation = lock.withLock { () -> CheckedContinuation<[UInt8], any Error>? in
            defer { self.continuation = nil }
            return self.continuation
        }
        continuation?.resume(with: result.mapError { $0 as any Error })
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status != 200 {
            lock.withLock { failure = failure ?? VCError(.fetchFailed, "\(url): HTTP status \(status)") }
            completionHandler(.cancel)
        } else if response.expectedContentLength > Int64(options.maximumBytes) {
            lock.withLock { failure = VCError(.fetchFailed, "\(url): the response announces \(response.expectedContentLength) bytes, over the limit of \(options.maximumBytes)") }
            completionHandler(.cancel)
        } else {
            completionHandler(.allow)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over = lock.withLock { () -> Bool in
            body.append(contentsOf: data)
            guard body.count > options.maximumBytes else { return false }
            failure = VCError(.fetchFailed, "\(url): the response is over the limit of \(options.maximumBytes) bytes")
            return true
        }
        if over { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        guard let target = request.url, target.scheme?.lowercased() == url.scheme?.lowercased(),
              target.host?.lowercased() == url.host?.lowercased() else {
            lock.withLock { failure = VCError(.fetchFailed, "\(url): redirected to another host or scheme (\(request.url?.absoluteString ?? "?"))") }
            completionHandler(nil)
            return
        }
        completionHandler(request)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (recorded, bytes) = lock.withLock { (failure, body) }
        if let recorded {
            finish(.failure(recorded))
        } else if let error {
            let reason = (error as? URLError)?.code == .timedOut ? "no answer within \(options.timeout) s" : error.localizedDescription
            finish(.failure(VCError(.fetchFailed, "\(url): \(reason)")))
        } else {
            finish(.success(bytes))
        }
    }
}
