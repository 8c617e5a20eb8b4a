/// Where `wallet serve` listens, the URL it is reached at, and its limits. The defaults are the
/// safe ones (security requirement 50): loopback only, 64 KiB bodies, 30 s idle connections.
public struct WalletServerConfiguration: Sendable {
    /// The address to bind: `127.0.0.1` unless told otherwise. Any other address serves the
    /// network, which the tool only does when `--bind` says so.
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one (reported by ``WalletHTTPServer/run(handlingSignals:onListening:)``).
    public var port = 8080
    /// The URL that wallets reach the server at, without a trailing slash (an HTTPS URL of a
    /// reverse proxy in production). `nil`: `http://HOST:PORT` of the bound address.
    public var publicBaseURL: String?
    /// The largest request body read, in bytes: the largest message a wallet sends is a
    /// `vp_token` or a JWE of a few credentials.
    public var maximumBodyBytes = 64 * 1024
    /// How long a connection may sit idle (a slow peer holds no connection longer).
    public var idleTimeout: Duration = .seconds(30)
    /// How long a presentation request (and its page) lives.
    public var requestLifetime: Duration = .seconds(600)
    /// How long a verification result stays readable after the response arrives.
    public var resultLifetime: Duration = .seconds(3600)

    /// The defaults: `127.0.0.1:8080`, 64 KiB bodies, 30 s idle timeout.
    public init() {}

    /// Whether ``host`` is a loopback address (`127.0.0.0/8`, `::1`, `localhost`).
    public var bindsLoopbackOnly: Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// ``publicBaseURL``, else the bound address as an `http` URL.
    func baseURL(boundPort: Int) -> String {
        if let publicBaseURL { return publicBaseURL }
        let authority = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "http://\(authority):\(boundPort)"
    }
}
