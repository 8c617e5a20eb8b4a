import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small HTTP/1.1 server on a loopback address and a port the kernel picks (or a given one),
/// plain or TLS, for the guarded client's tests — the only network they use. It counts TCP
/// connections as they are accepted (before any TLS), records each request's path and headers,
/// and answers each request by what `route` says for its path, closing the connection after.
final class TestServer: @unchecked Sendable {
    /// What to answer.
    enum Answer: Sendable {
        /// A complete response (Content-Length added unless `headers` has one or `closeDelimited`).
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [], closeDelimited: Bool = false)
        /// 200 with `Content-Length: count`, then one byte every `interval`.
        case trickle(count: Int, interval: TimeAmount)
        /// 200 with no length (the body ends when the connection closes), `total` bytes of `byte`
        /// in `chunk`-sized writes, each written only after the previous one was flushed.
        case stream(total: Int, chunk: Int, headers: [(String, String)] = [])
    }

    struct Request: Sendable {
        let path: String
        let headers: [(String, String)]
        var method = "GET"
        var body: [UInt8] = []
        func header(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
    }

    let host: String
    let port: Int
    let isTLS: Bool
    private let channel: any Channel
    private let state: State

    final class State: @unchecked Sendable {
        let lock = NSLock()
        var connections = 0
        var requests: [Request] = []
        var bytesSent = 0
        var route: @Sendable (String) -> Answer

        init(route: @escaping @Sendable (String) -> Answer) { self.route = route }
    }

    /// Starts a server on `host` (a loopback address) and `port` (0: the kernel picks).
    init(host: String = "127.0.0.1", port: Int = 0, tls: NIOSSLContext? = nil, route: @escaping @Sendable (String) -> Answer) async throws {
        precondition(host.hasPrefix("127.") || host == "::1", "test servers listen on loopback only")
        let state = State(route: route)
        self.state = state
        self.host = host
        self.isTLS = tls != nil
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                state.lock.withLock { state.connections += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(state: state))
                }
            }
            .bind(host: host, port: port).get()
        self.port = channel.localAddress?.port ?? 0
    }

    /// `scheme://authority:PORT` + `path`, with the authority given (a name the test's resolver
    /// answers for, or the listening address).
    func url(_ path: String, authority: String? = nil) -> String {
        "\(isTLS ? "https" : "http")://\(authority ?? host):\(port)\(path)"
    }

    var connections: Int { state.lock.withLock { state.connections } }
    var requests: [Request] { state.lock.withLock { state.requests } }
    var bytesSent: Int { state.lock.withLock { state.bytesSent } }
    func setRoute(_ route: @escaping @Sendable (String) -> Answer) { state.lock.withLock { state.route = route } }

    func stop() async { try? await channel.close() }

    /// Reads one request head, then writes the answer.
    final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let state: State
        var received: [UInt8] = []
        var answered = false

        init(state: State) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !answered else { return }
            var buffer = unwrapInboundIn(data)
            received += buffer.readBytes(length: buffer.readableBytes) ?? []
            guard let end = received.firstRange(of: Array("\r\n\r\n".utf8)) else {
                if received.count > 65_536 { context.close(promise: nil) }
                return
            }
            let lines = String(decoding: received[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let requestLine = lines.first?.split(separator: " ") ?? []
            let path = requestLine.count >= 2 ? String(requestLine[1]) : "/"
            let headers = lines.dropFirst().compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            // A body announced with Content-Length (the POST tests) is read whole before answering.
            let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
            guard received.count - end.upperBound >= min(length, 1 << 20) else { return }
            answered = true
            let request = Request(
                path: path, headers: headers, method: requestLine.first.map(String.init) ?? "",
                body: Array(received[end.upperBound...].prefix(length))
            )
            let answer = state.lock.withLock { () -> Answer in
                state.requests.append(request)
                return state.route(path)
            }
            reply(answer, on: context.channel)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }

        private func head(_ status: Int, _ headers: [(String, String)]) -> [UInt8] {
            var text = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            return Array((text + "Connection: close\r\n\r\n").utf8)
        }

        private func reply(_ answer: Answer, on channel: any Channel) {
            let state = self.state
            @Sendable func send(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
                state.lock.withLock { state.bytesSent += bytes.count }
                return channel.writeAndFlush(ByteBuffer(bytes: bytes))
            }
            switch answer {
            case .respond(let status, var headers, let body, let closeDelimited):
                if !closeDelimited && !headers.contains(where: { $0.0.lowercased() == "content-length" }) {
                    headers.append(("Content-Length", String(body.count)))
                }
                send(head(status, headers) + body).whenComplete { _ in channel.close(promise: nil) }
            case .trickle(let count, let interval):
                @Sendable func drip(_ left: Int) {
                    guard left > 0, channel.isActive else { channel.close(promise: nil); return }
                    channel.eventLoop.scheduleTask(in: interval) {
                        send([0x20]).whenComplete { result in
                            if case .success = result { drip(left - 1) } else { channel.close(promise: nil) }
                        }
                    }
                }
                send(head(200, [("Content-Length", String(count))])).whenSuccess { drip(count) }
            case .stream(let total, let chunk, let headers):
                @Sendable func pour(_ left: Int) {
                    guard left > 0, channel.isActive else { channel.close(promise: nil); return }
                    send([UInt8](repeating: 0x41, count: min(chunk, left))).whenComplete { result in
                        if case .success = result { pour(left - min(chunk, left)) } else { channel.close(promise: nil) }
                    }
                }
                send(head(200, headers)).whenSuccess { pour(total) }
            }
        }
    }
}
