import Foundation
import GuardedHTTP
import Logging
import WalletServer

/// A `wallet serve` server on 127.0.0.1 and a port the system picks, for one test: started by
/// ``start(state:configure:logger:)``, stopped by ``stop()`` (which cancels its task).
struct ServerHarness {
    let port: Int
    let baseURL: String
    let task: Task<Void, any Error>

    static func start(state: ServerStateDatabase, roles: [RoleHandler] = [], logger: Logger? = nil,
                      configure: (inout WalletServerConfiguration) -> Void = { _ in }) async throws -> ServerHarness {
        var configuration = WalletServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        let server = logger.map { WalletHTTPServer(configuration: configuration, state: state, roles: roles, logger: $0) }
            ?? WalletHTTPServer(configuration: configuration, state: state, roles: roles)
        let (stream, continuation) = AsyncStream.makeStream(of: (String, Int).self)
        let task = Task { try await server.run { url, port in continuation.yield((url, port)) } }
        var iterator = stream.makeAsyncIterator()
        guard let (url, port) = await iterator.next() else { throw RawHTTPClient.Failure(description: "the server did not start") }
        return ServerHarness(port: port, baseURL: url, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// The project's guarded client, allowed to reach this server (loopback, plain http).
    var client: GuardedHTTPClient {
        var configuration = GuardedHTTPConfiguration()
        configuration.allowedHosts = [try! AllowedHost(parsing: "127.0.0.1:\(port)")]
        // The whole test run shares two cores: a loaded machine answers slowly, not wrongly.
        configuration.deadline = .seconds(60)
        return GuardedHTTPClient(configuration: configuration)
    }

    func get(_ path: String, headers: [String] = []) async throws -> RawHTTPClient.Response {
        try await RawHTTPClient.exchange(port: port, head: ["GET \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)"] + headers)
    }

    func post(_ path: String, body: [UInt8], contentType: String = "application/x-www-form-urlencoded",
              headers: [String] = []) async throws -> RawHTTPClient.Response {
        try await RawHTTPClient.exchange(port: port, head: [
            "POST \(path) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Content-Type: \(contentType)", "Content-Length: \(body.count)",
        ] + headers, body: body)
    }
}
