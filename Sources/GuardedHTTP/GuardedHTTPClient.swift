import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// The one HTTP client of the wallet (security requirement 38): every fetch — status lists
/// today, DID documents and OpenID messages next — goes through it.
///
/// A request (``get(_:accept:)``, or ``send(_:)`` for a POST or more headers):
/// 1. parses the URL strictly (``GuardedURL``) and refuses any scheme but `https` (plain `http`
///    only for an allow-listed host);
/// 2. resolves the host once through the configured ``Resolver``, refuses it when *any* address
///    is in a refused range (``AddressPolicy``) unless the host is allow-listed, and connects to
///    exactly the address it checked — the connection never resolves the name again (no DNS
///    rebinding); TLS still verifies the certificate for the host name, which is also the SNI
///    (RFC 6066 §3) and the `Host` header (RFC 9110 §7.2);
/// 3. sends `Accept-Encoding: identity` (RFC 9110 §12.5.3) and refuses a response with any
///    `Content-Encoding` (RFC 9110 §8.4) or a `Transfer-Encoding` other than `chunked` (RFC 9112
///    §6.1): nothing is ever decompressed;
/// 4. caps the raw body: an announced `Content-Length` over the cap is refused before the body is
///    read, and the body is streamed and abandoned at the first byte over the cap;
/// 5. follows at most ``GuardedHTTPConfiguration/maximumRedirects`` redirects of a GET (RFC 9110
///    §15.4), each to the same scheme, host and port, each hop resolved and checked again; a POST
///    is never redirected (its body is not sent again anywhere);
/// 6. enforces one total deadline itself, lookups, connects, redirects and body included, and
///    cancels the request when it passes.
///
/// Errors are ``GuardedHTTPError`` with stable codes; nothing in here traps on remote input.
public struct GuardedHTTPClient: Sendable {
    /// A complete response: 2xx, or 4xx/5xx when the request asked for them
    /// (``GuardedHTTPRequest/errorStatusesReturned``).
    public struct Response: Sendable {
        /// The URL that answered (after redirects).
        public let url: GuardedURL
        /// The HTTP status code: 2xx unless the request returns error statuses.
        public let status: Int
        /// The `Content-Type` header, if any.
        public let contentType: String?
        /// The raw body, at most ``GuardedHTTPConfiguration/maximumBodyBytes`` bytes.
        public let body: [UInt8]
        /// The response's header fields (name, value) in the order received, at most
        /// ``GuardedHTTPClient/maximumResponseHeaders`` of them (a response with more is refused).
        public let headers: [(String, String)]

        /// The values of the header `name` (compared without regard to case).
        public func headerValues(_ name: String) -> [String] {
            let wanted = name.lowercased()
            return headers.filter { $0.0.lowercased() == wanted }.map(\.1)
        }
    }

    /// The most header fields a response may carry; one with more is ``GuardedHTTPError/Code/responseTooLarge``.
    public static let maximumResponseHeaders = 100

    /// What this client may fetch and within which limits.
    public let configuration: GuardedHTTPConfiguration

    /// A client applying `configuration` (the safe defaults unless stated).
    public init(configuration: GuardedHTTPConfiguration = GuardedHTTPConfiguration()) {
        self.configuration = configuration
    }

    /// Fetches `url` with a GET, within every rule of the type.
    /// - Parameter url: The URL to fetch, parsed strictly as a ``GuardedURL``.
    /// - Parameter accept: the `Accept` header to send, if any.
    public func get(_ url: String, accept: String? = nil) async throws(GuardedHTTPError) -> Response {
        try await send(GuardedHTTPRequest(method: .get, url: url, accept: accept))
    }

    /// Sends `request` within every rule of the type: a GET follows same-origin redirects, a POST
    /// refuses any 3xx (``GuardedHTTPError/Code/redirectRefused``); the address checks, the body
    /// cap, the total deadline and the refusal of content codings apply to both.
    /// - Parameter request: The request; headers the client owns are refused
    ///   (``GuardedHTTPError/Code/invalidRequest``).
    public func send(_ request: GuardedHTTPRequest) async throws(GuardedHTTPError) -> Response {
        try request.validate()
        let deadline = ContinuousClock.now + configuration.deadline
        let limit = configuration.deadline
        do {
            return try await withThrowingTaskGroup(of: Response.self) { group in
                group.addTask { try await self.follow(request, deadline: deadline) }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    throw GuardedHTTPError(.deadlineExceeded, "no complete answer within \(limit)")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw CancellationError() }
                return first
            }
        } catch let error as GuardedHTTPError {
            throw error
        } catch is CancellationError {
            throw GuardedHTTPError(.deadlineExceeded, "the fetch was cancelled")
        } catch {
            throw GuardedHTTPError(.connectionFailed, "\(error)")
        }
    }

    /// The request, then each allowed redirect.
    func follow(_ request: GuardedHTTPRequest, deadline: ContinuousClock.Instant) async throws -> Response {
        let origin = try GuardedURL(parsing: request.url)
        try checkScheme(origin)
        var url = origin
        var redirects = 0
        while true {
            switch try await fetchOnce(url, request: request, deadline: deadline) {
            case .response(let response):
                return response
            case .redirect(let status, let location):
                guard request.method == .get else {
                    throw GuardedHTTPError(.redirectRefused, "\(url): status \(status) to a POST; a POST is never redirected")
                }
                guard redirects < configuration.maximumRedirects else {
                    throw GuardedHTTPError(.tooManyRedirects, "\(origin): more than \(configuration.maximumRedirects) redirects")
                }
                redirects += 1
                guard let location else { throw GuardedHTTPError(.redirectRefused, "\(url): status \(status) without a Location") }
                let next: GuardedURL
                do { next = try url.resolving(location: location) } catch {
                    throw GuardedHTTPError(.redirectRefused, "\(url): a redirect to an unusable location (\(error.code))")
                }
                guard next.hasSameOrigin(as: origin) else {
                    throw GuardedHTTPError(.redirectRefused, "\(url): a redirect to \(next.scheme)://\(next.host):\(next.port), not the same scheme, host and port")
                }
                url = next
            }
        }
    }

    func checkScheme(_ url: GuardedURL) throws(GuardedHTTPError) {
        if url.scheme == "https" { return }
        guard configuration.allows(url) else {
            throw GuardedHTTPError(.schemeRefused, "\(url): plain http is fetched only from an allow-listed host")
        }
    }

    /// The address to dial for `url`: the literal, or the resolver's answer, every address checked.
    func checkedAddress(for url: GuardedURL) async throws -> IPAddress {
        let allowed = configuration.allows(url)
        let addresses: [IPAddress]
        switch url.host {
        case .address(let address):
            addresses = [address]
        case .name(let name):
            // RFC 6761 §6.3: these names are loopback whatever a resolver says.
            if !allowed && (name == "localhost" || name.hasSuffix(".localhost")) {
                throw GuardedHTTPError(.refusedAddress, "\(name) is a loopback name (RFC 6761 §6.3)")
            }
            do { addresses = try await configuration.resolver.addresses(of: name) } catch let error as CancellationError { throw error } catch {
                throw GuardedHTTPError(.resolutionFailed, "\(name) does not resolve: \(error)")
            }
        }
        guard let first = addresses.first else { throw GuardedHTTPError(.resolutionFailed, "\(url.host) does not resolve") }
        if !allowed {
            for address in addresses {
                if let reason = AddressPolicy.refusal(for: address) {
                    throw GuardedHTTPError(.refusedAddress, "\(url.host) is refused: \(reason)")
                }
            }
        }
        return first
    }

    enum Outcome {
        case response(Response)
        case redirect(status: Int, location: String?)
    }

    /// One request to one checked address, on a client of its own (so that its address pin and
    /// its connections end with it).
    func fetchOnce(_ url: GuardedURL, request: GuardedHTTPRequest, deadline: ContinuousClock.Instant) async throws -> Outcome {
        let checked = try await checkedAddress(for: url)
        let dialled = try configuration.dialHook?(url.host, checked, url.port) ?? checked
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration(url: url, checked: checked, dialled: dialled, deadline: deadline))
        do {
            let outcome = try await transfer(url, request: request, on: client, deadline: deadline)
            try? await client.shutdown()
            return outcome
        } catch {
            try? await client.shutdown()
            throw Self.mapped(error, url: url)
        }
    }

    func clientConfiguration(url: GuardedURL, checked: IPAddress, dialled: IPAddress, deadline: ContinuousClock.Instant) -> HTTPClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = .fullVerification
        if let anchors = configuration.trustAnchors { tls.additionalTrustRoots = [.certificates(anchors.certificates)] }
        let remaining = TimeAmount.nanoseconds(max(1, Self.nanoseconds(deadline - .now)))
        var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(1))
        pool.retryConnectionEstablishment = false
        var settings = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow, timeout: .init(connect: remaining, read: remaining),
            connectionPool: pool, proxy: nil, ignoreUncleanSSLShutdown: false, decompression: .disabled
        )
        settings.httpVersion = .http1Only
        switch url.host {
        case .name(let name):
            // The name stays the SNI, the certificate name and the Host header; only the dial is pinned.
            settings.dnsOverride = [name: dialled.description]
        case .address:
            if dialled != checked { settings.dnsOverride = [url.host.description: dialled.description] }
        }
        return settings
    }

    func transfer(_ url: GuardedURL, request wanted: GuardedHTTPRequest, on client: HTTPClient, deadline: ContinuousClock.Instant) async throws -> Outcome {
        var request = HTTPClientRequest(url: url.description)
        request.method = wanted.method == .post ? .POST : .GET
        for (name, value) in wanted.headers { request.headers.add(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Accept-Encoding", value: "identity")
        request.headers.replaceOrAdd(name: "User-Agent", value: configuration.userAgent)
        if let accept = wanted.accept { request.headers.replaceOrAdd(name: "Accept", value: accept) }
        if let contentType = wanted.contentType { request.headers.replaceOrAdd(name: "Content-Type", value: contentType) }
        if let body = wanted.body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, deadline: .now() + .nanoseconds(max(1, Self.nanoseconds(deadline - .now))))
        let status = Int(response.status.code)
        if (300..<400).contains(status) && wanted.method == .post {
            // RFC 9110 §15.4: a client may change a redirected POST into a GET or repeat it; this one does neither.
            return .redirect(status: status, location: nil)
        }
        if [301, 302, 303, 307, 308].contains(status) {
            return .redirect(status: status, location: response.headers.first(name: "Location"))
        }
        let returned = wanted.errorStatusesReturned && (400..<600).contains(status)
        guard (200..<300).contains(status) || returned else {
            throw GuardedHTTPError(.httpStatus, "\(url): HTTP status \(status)", status: status)
        }
        guard response.headers.count <= Self.maximumResponseHeaders else {
            throw GuardedHTTPError(.responseTooLarge, "\(url): more than \(Self.maximumResponseHeaders) header fields")
        }
        for value in response.headers[canonicalForm: "Content-Encoding"] where value.lowercased() != "identity" {
            throw GuardedHTTPError(.contentEncodingRefused, "\(url): the response is encoded (\(value.prefix(40))); only identity is accepted")
        }
        for value in response.headers[canonicalForm: "Transfer-Encoding"] where !["chunked", "identity"].contains(value.lowercased()) {
            throw GuardedHTTPError(.contentEncodingRefused, "\(url): the response has the transfer coding \(value.prefix(40)); only chunked is accepted")
        }
        let cap = configuration.maximumBodyBytes
        let announced = response.headers[canonicalForm: "Content-Length"]
        if let text = announced.first, announced.count == 1, let length = Int(text), length >= 0 {
            if length > cap {
                throw GuardedHTTPError(.responseTooLarge, "\(url): the response announces \(length) bytes, over the limit of \(cap)")
            }
        } else if !announced.isEmpty {
            throw GuardedHTTPError(.connectionFailed, "\(url): an invalid Content-Length")
        }
        var body: [UInt8] = []
        for try await chunk in response.body {
            guard body.count + chunk.readableBytes <= cap else {
                throw GuardedHTTPError(.responseTooLarge, "\(url): the response is over the limit of \(cap) bytes")
            }
            body.append(contentsOf: chunk.readableBytesView)
        }
        return .response(Response(
            url: url, status: status, contentType: response.headers.first(name: "Content-Type"), body: body,
            headers: response.headers.map { ($0.name, $0.value) }
        ))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// A library error as a ``GuardedHTTPError``.
    static func mapped(_ error: any Error, url: GuardedURL) -> any Error {
        switch error {
        case let error as GuardedHTTPError: return error
        case is CancellationError: return error
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return GuardedHTTPError(.tlsFailure, "\(url.scheme)://\(url.host):\(url.port): TLS failed: \(error)")
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .cancelled:
                return GuardedHTTPError(.deadlineExceeded, "\(url): \(error)")
            default:
                return GuardedHTTPError(.connectionFailed, "\(url): \(error)")
            }
        default:
            return GuardedHTTPError(.connectionFailed, "\(url): \(error)")
        }
    }
}
