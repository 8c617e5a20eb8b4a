import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An HTTP/1.1 server on 127.0.0.1 and a port the kernel picks, plain or TLS (a certificate of
/// the test CA, ``LoopbackPKI``), on which the tests host the issuer and verifier role types: every
/// request — method, path, query, headers, body — goes to one `handler` closure, whose answer is
/// sent back. It is the only network the OpenID4VC tests use. It records each request, bounds
/// the request it reads (head by NIO, body at ``maximumBodyBytes``) and keeps connections alive
/// as HTTP/1.1 allows.
///
/// This type shadows `TestSupport.LoopbackHTTPServer` (a socket server answering GETs from a
/// table) inside this test target.
final class LoopbackHTTPServer: Sendable {
    /// One request as the handler sees it.
    struct Request: Sendable {
        let method: String
        /// The path, without the query.
        let path: String
        /// The raw query (after `?`), if any.
        let query: String?
        let headers: [(String, String)]
        let body: [UInt8]

        /// The first value of the header `name` (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The query's parameters, percent-decoded (`+` as a space).
        var queryItems: [String: String] { Self.formFields(query ?? "") }

        /// The body as `application/x-www-form-urlencoded` fields, percent-decoded (`+` as a space).
        var formFields: [String: String] { Self.formFields(String(decoding: body, as: UTF8.self)) }

        /// The body as text.
        var bodyText: String { String(decoding: body, as: UTF8.self) }

        static func formFields(_ text: String) -> [String: String] {
            var fields: [String: String] = [:]
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decode(_ part: Substring) -> String {
                    part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
                }
                fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
            }
            return fields
        }
    }

    /// What the handler answers.
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// A JSON body (`Content-Type: application/json`, `Cache-Control: no-store`).
        static func json(_ text: String, status: Int = 200) -> Response {
            Response(status: status, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")], body: Array(text.utf8))
        }

        /// A body of the given media type.
        static func bytes(_ body: [UInt8], contentType: String, status: Int = 200) -> Response {
            Response(status: status, headers: [("Content-Type", contentType)], body: body)
        }

        static let notFound = Response(status: 404)
    }

    typealias Handler = @Sendable (Request) async -> Response

    /// The largest request body read; a larger one is answered 413 without calling the handler.
    static let maximumBodyBytes = 1 << 20

    let port: Int
    let isTLS: Bool
    private let channel: any Channel
    private let state: State

    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var handler: Handler
        var requests: [Request] = []
        init(handler: @escaping Handler) { self.handler = handler }
    }

    /// Starts a server on 127.0.0.1 (`port` 0: the kernel picks), over TLS with the test CA's
    /// leaf when `tls` is true.
    init(tls: Bool = false, port: Int = 0, handler: @escaping Handler) async throws {
        let state = State(handler: handler)
        let context = tls ? try LoopbackPKI.shared.get().serverContext() : nil
        self.state = state
        self.isTLS = tls
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ExchangeHandler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        self.port = channel.localAddress?.port ?? 0
    }

    /// `https://127.0.0.1:PORT` (or `http://`), or with `host` as the authority's name (one the
    /// test's resolver maps to 127.0.0.1 and the leaf certificate names).
    func origin(host: String = "127.0.0.1") -> String { "\(isTLS ? "https" : "http")://\(host):\(port)" }

    /// ``origin(host:)`` + `path`.
    func url(_ path: String, host: String = "127.0.0.1") -> String { origin(host: host) + path }

    /// Every request received so far, in order.
    var requests: [Request] { state.lock.withLock { state.requests } }

    /// Replaces the handler.
    func setHandler(_ handler: @escaping Handler) { state.lock.withLock { state.handler = handler } }

    func stop() async { try? await channel.close() }

    /// Collects one request (head, then body parts, then end) and writes the handler's answer.
    private final class ExchangeHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let state: State
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        var tooLarge = false

        init(state: State) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
                tooLarge = false
            case .body(var buffer):
                if body.count + buffer.readableBytes > LoopbackHTTPServer.maximumBodyBytes {
                    tooLarge = true
                } else {
                    body += buffer.readBytes(length: buffer.readableBytes) ?? []
                }
            case .end:
                guard let head else { return }
                self.head = nil
                let keepAlive = head.isKeepAlive
                if tooLarge {
                    write(Response(status: 413), keepAlive: false, context: context)
                    return
                }
                let target = head.uri
                let question = target.firstIndex(of: "?")
                let request = Request(
                    method: head.method.rawValue,
                    path: question.map { String(target[..<$0]) } ?? target,
                    query: question.map { String(target[target.index(after: $0)...]) },
                    headers: head.headers.map { ($0.name, $0.value) },
                    body: body
                )
                let handler = state.lock.withLock { () -> Handler in
                    state.requests.append(request)
                    return state.handler
                }
                let loop = context.eventLoop
                let bound = NIOLoopBound((self, context), eventLoop: loop)
                let promise = loop.makePromise(of: Response.self)
                promise.completeWithTask { await handler(request) }
                promise.futureResult.whenSuccess { response in
                    let (handler, context) = bound.value
                    handler.write(response, keepAlive: keepAlive, context: context)
                }
            }
        }

        func write(_ response: Response, keepAlive: Bool, context: ChannelHandlerContext) {
            var headers = HTTPHeaders(response.headers)
            if !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: String(response.body.count)) }
            if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive { done.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) } }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }
}
