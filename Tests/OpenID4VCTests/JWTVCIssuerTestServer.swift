import Foundation
import GuardedHTTP
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SwiftASN1
import X509

/// A TLS server on 127.0.0.1 (a port the kernel picks) that answers GETs from a table of paths,
/// for the JWT VC Issuer Metadata tests: its certificate is a leaf for `issuer.test` under a test
/// root, and ``client`` is a guarded client that resolves `issuer.test` to it and trusts the root.
/// It records the paths asked for.
final class JWTVCIssuerTestServer: @unchecked Sendable {
    let port: Int
    let root: X509TestPKI.Issued
    private let channel: any Channel
    private let state: State

    /// The routes and the paths asked for, behind a lock (the event loop reads them).
    final class State: @unchecked Sendable {
        let lock = NSLock()
        var routes: [String: (Int, [UInt8])] = [:]
        var requested: [String] = []

        func answer(_ path: String) -> (Int, [UInt8]) {
            lock.withLock {
                requested.append(path)
                return routes[path] ?? (404, Array("{}".utf8))
            }
        }
    }

    init() async throws {
        // TLS checks certificates against the real clock: these are valid around now.
        let root = X509TestPKI.root("metadata server root", notBefore: Date().addingTimeInterval(-3600), notAfter: Date().addingTimeInterval(86_400))
        self.root = root
        let tlsLeaf = X509TestPKI.issue("issuer.test", by: root, isCA: false, keyUsage: KeyUsage(digitalSignature: true),
                                       dnsNames: ["issuer.test"], notBefore: Date().addingTimeInterval(-3600),
                                       notAfter: Date().addingTimeInterval(86_400))
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: tlsLeaf.der, format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(try tlsLeaf.key.serializeAsPEM().pemString.utf8), format: .pem)))
        let context = try NIOSSLContext(configuration: configuration)
        let state = State()
        self.state = state
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(answer: state.answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    /// `https://issuer.test:PORT` + `path`.
    func url(_ path: String = "") -> String { "https://issuer.test:\(port)\(path)" }

    /// Sets what `path` answers.
    func route(_ path: String, status: Int = 200, json: String) { state.lock.withLock { state.routes[path] = (status, Array(json.utf8)) } }

    /// The paths asked for, in order.
    var paths: [String] { state.lock.withLock { state.requested } }

    /// A guarded client that reaches this server as `issuer.test` and trusts its root.
    func client() throws -> GuardedHTTPClient {
        var configuration = GuardedHTTPConfiguration()
        configuration.resolver = LoopbackResolver()
        configuration.allowedHosts = [try AllowedHost(parsing: "issuer.test:\(port)")]
        configuration.trustAnchors = try TrustAnchors(pemBytes: Array(root.pem.utf8))
        return GuardedHTTPClient(configuration: configuration)
    }

    func stop() async { try? await channel.close() }

    struct LoopbackResolver: GuardedHTTP.Resolver {
        func addresses(of host: String) async throws -> [IPAddress] { [IPAddress(parsing: "127.0.0.1")!] }
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let answer: @Sendable (String) -> (Int, [UInt8])
        var path = "/"

        init(answer: @escaping @Sendable (String) -> (Int, [UInt8])) { self.answer = answer }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): path = head.uri
            case .body: break
            case .end:
                let (status, body) = answer(path)
                let headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", String(body.count)), ("Connection", "close")])
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}
