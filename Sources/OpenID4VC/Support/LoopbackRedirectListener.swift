import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The redirect URI of a native app's authorization request (RFC 8252 §7.3): an HTTP listener on
/// 127.0.0.1 and a port the kernel picks, which waits for the one request to its path, answers it
/// with a short page, and closes. Other requests (a browser's `favicon.ico`) get 404 and do not end
/// the wait; at most ``maximumConnections`` connections are read, each head at most 8 KiB, and the
/// whole wait ends at a deadline. It runs on a thread of its own (never blocking Swift's
/// cooperative threads) and listens on loopback only, so nothing off the machine can reach it.
public final class LoopbackRedirectListener: @unchecked Sendable {
    /// The most connections read before giving up.
    public static let maximumConnections = 16

    /// The listening port.
    public let port: Int
    /// The path the redirect comes to (`/callback/<random>`).
    public let path: String
    private let socket: Int32
    private let lock = NSLock()
    private var closed = false

    /// `http://127.0.0.1:<port><path>`.
    public var redirectURI: String { "http://127.0.0.1:\(port)\(path)" }

    /// Opens the listener (it accepts nothing until ``waitForRedirect(timeout:)``).
    /// - Throws: ``OpenID4VCError/Code/authorizationFailed`` when no loopback socket can be opened.
    public init() throws(OpenID4VCError) {
        #if canImport(Glibc)
        let listener = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let listener = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard listener >= 0 else { throw OpenID4VCError(.authorizationFailed, "cannot open a socket for the redirect") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else {
            close(listener)
            throw OpenID4VCError(.authorizationFailed, "cannot listen on 127.0.0.1 for the redirect")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        socket = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        path = "/callback/" + Base64URLText.random(bytes: 12)
    }

    deinit { shutdown() }

    /// Waits for the request to ``path`` and returns its query parameters (decoded; a repeated
    /// name refused).
    /// - Throws: ``OpenID4VCError/Code/authorizationFailed`` at the deadline, after too many other
    ///   requests, or when the listener was closed.
    public func waitForRedirect(timeout: Duration = .seconds(300)) async throws(OpenID4VCError) -> [String: String] {
        let result: Result<String, OpenID4VCError> = await withCheckedContinuation { continuation in
            let thread = Thread { [self] in continuation.resume(returning: acceptLoop(deadline: Date().addingTimeInterval(Self.seconds(timeout)))) }
            thread.start()
        }
        shutdown()
        let query = try result.get()
        return try FormEncoding.dictionary(query)
    }

    /// Closes the listening socket (idempotent).
    public func shutdown() {
        let wasOpen = lock.withLock { () -> Bool in
            defer { closed = true }
            return !closed
        }
        if wasOpen {
            #if canImport(Glibc)
            _ = Glibc.shutdown(socket, Int32(SHUT_RDWR))
            #else
            _ = Darwin.shutdown(socket, SHUT_RDWR)
            #endif
            close(socket)
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    #if canImport(Glibc)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif

    /// Accepts connections until one asks for ``path``; returns its raw query.
    private func acceptLoop(deadline: Date) -> Result<String, OpenID4VCError> {
        var connections = 0
        while connections < Self.maximumConnections {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return .failure(OpenID4VCError(.authorizationFailed, "no redirect arrived before the deadline")) }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(left, 1) * 1000))
            if lock.withLock({ closed }) { return .failure(OpenID4VCError(.authorizationFailed, "the redirect listener was closed")) }
            guard ready > 0 else { continue }
            let connection = accept(socket, nil, nil)
            guard connection >= 0 else { continue }
            connections += 1
            defer { close(connection) }
            guard let target = readTarget(connection, deadline: deadline) else { continue }
            let question = target.firstIndex(of: "?")
            let requestPath = question.map { String(target[..<$0]) } ?? target
            guard requestPath == path else {
                respond(connection, status: "404 Not Found", text: "Not found.")
                continue
            }
            respond(connection, status: "200 OK", text: "The wallet received the authorization response. You can close this window.")
            return .success(question.map { String(target[target.index(after: $0)...]) } ?? "")
        }
        return .failure(OpenID4VCError(.authorizationFailed, "too many requests to the redirect listener without the redirect"))
    }

    /// The request target of a `GET` (the head read up to 8 KiB, within the deadline).
    private func readTarget(_ connection: Int32, deadline: Date) -> String? {
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while head.count < 8192, head.firstRange(of: [13, 10, 13, 10]) == nil {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var descriptor = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(min(left, 5) * 1000)) > 0 else { return nil }
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return nil }
            head.append(contentsOf: buffer[0..<count])
        }
        guard let line = String(validating: head.prefix { $0 != 13 }, as: UTF8.self)?.split(separator: " "), line.count == 3, line[0] == "GET" else {
            return nil
        }
        return String(line[1])
    }

    private func respond(_ connection: Int32, status: String, text: String) {
        let body = "<!doctype html><meta charset=utf-8><title>swift-did-wallet</title><p>\(text)</p>\n"
        let response = "HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Cache-Control: no-store\r\nConnection: close\r\n\r\n" + body
        let bytes = Array(response.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Self.noSignal) }
            if count <= 0 { return }
            sent += count
        }
    }
}
