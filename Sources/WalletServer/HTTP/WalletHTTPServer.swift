public import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import UnixSignals

/// `wallet serve`: an HTTP/1.1 server on Hummingbird 2 that routes requests to the issuer and
/// verifier roles and serves the verifier's request pages, over one ``ServerStateDatabase``.
///
/// It binds `127.0.0.1` unless its configuration names another address, reads at most
/// ``WalletServerConfiguration/maximumBodyBytes`` of any request body, closes idle connections,
/// and logs each request as its method, route pattern and status — never a path's identifiers,
/// a query, a header or a body (security requirement 50).
public struct WalletHTTPServer: Sendable {
    /// Where and how it listens.
    public let configuration: WalletServerConfiguration
    /// Offers, codes, nonces, requests and results.
    public let state: ServerStateDatabase
    let logger: Logger
    let routes: [@Sendable (Router<BasicRequestContext>, WalletServerContext) -> Void]
    /// The hosted roles, offered each request before the server's own routes.
    public let roles: [RoleHandler]

    /// A server over `state`.
    /// - Parameters:
    ///   - configuration: Where it listens and its limits.
    ///   - state: The state database.
    ///   - roles: The roles hosted (the issuer, the verifier), offered each request in order.
    ///   - logger: Where the server logs; discards by default. It receives no secret.
    public init(configuration: WalletServerConfiguration = WalletServerConfiguration(), state: ServerStateDatabase,
                roles: [RoleHandler] = [],
                logger: Logger = Logger(label: "wallet-serve", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.configuration = configuration
        self.state = state
        self.roles = roles
        self.logger = logger
        self.routes = [RequestPageRoutes.register]
    }

    /// A server that logs on standard error: one line per request at `info` (method, path with
    /// identifiers replaced, status), or only warnings and errors when `quiet`.
    public static func loggingToStandardError(configuration: WalletServerConfiguration, state: ServerStateDatabase,
                                              roles: [RoleHandler] = [], quiet: Bool = false) -> WalletHTTPServer {
        var logger = Logger(label: "wallet-serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = quiet ? .warning : .info
        return WalletHTTPServer(configuration: configuration, state: state, roles: roles, logger: logger)
    }

    /// Runs until the task is cancelled, or until SIGINT or SIGTERM when `handlingSignals`.
    /// - Parameters:
    ///   - handlingSignals: Whether SIGINT and SIGTERM stop the server gracefully.
    ///   - onListening: Called once the socket is bound, with the base URL wallets use and the
    ///     bound port.
    public func run(handlingSignals: Bool = false,
                    onListening: @escaping @Sendable (_ baseURL: String, _ port: Int) async -> Void = { _, _ in }) async throws {
        guard (0...65_535).contains(configuration.port) else {
            throw WalletServerError(.invalidConfiguration, "port \(configuration.port) is not 0 to 65535")
        }
        let boundPort = BoundPort()
        let context = WalletServerContext(configuration: configuration, state: state, logger: logger,
                                          baseURL: { [configuration] in configuration.baseURL(boundPort: boundPort.value) })
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: GuardMiddleware(maximumBodyBytes: configuration.maximumBodyBytes, logger: logger))
        router.add(middleware: RoleMiddleware(roles: roles, maximumBodyBytes: configuration.maximumBodyBytes))
        for register in routes { register(router, context) }
        let idle = configuration.idleTimeout.components
        let idleTimeout = TimeAmount.nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000)
        let application = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: idleTimeout)),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                boundPort.set(port)
                await onListening(configuration.baseURL(boundPort: port), port)
            },
            logger: logger
        )
        try await application.runService(gracefulShutdownSignals: handlingSignals ? [.sigterm, .sigint] : [])
    }
}

/// What the route handlers share.
struct WalletServerContext: Sendable {
    let configuration: WalletServerConfiguration
    let state: ServerStateDatabase
    let logger: Logger
    /// The base URL wallets use (known once the port is bound).
    let baseURL: @Sendable () -> String
}
