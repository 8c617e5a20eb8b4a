#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers
import NIOPosix

/// The default ``Resolver``: the system's `getaddrinfo` (POSIX.1-2017; `AF_UNSPEC`,
/// `SOCK_STREAM`), run on NIO's blocking-I/O thread pool so that it never holds a task thread.
/// The order is the system's (RFC 6724 destination address selection).
///
/// `getaddrinfo` cannot be interrupted, so a cancelled lookup (the fetch's deadline passed)
/// returns at once with `CancellationError` and its thread finishes the lookup alone: the
/// deadline never waits for a slow DNS server.
public struct SystemResolver: Resolver {
    let lookUp: @Sendable (String) -> [IPAddress]

    /// The system resolver.
    public init() { lookUp = Self.lookUp }

    /// A resolver that runs `lookUp` (a blocking call) the way this type runs `getaddrinfo`; for tests.
    package init(blocking lookUp: @escaping @Sendable (String) -> [IPAddress]) { self.lookUp = lookUp }

    /// The addresses of `host`, in the system's order; empty when it does not resolve.
    ///
    /// - Throws: `CancellationError` when the task is cancelled (the lookup finishes alone).
    public func addresses(of host: String) async throws -> [IPAddress] {
        let outcome = OneShot()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.install(continuation)
                NIOThreadPool.singleton.submit { [lookUp] state in
                    guard case .active = state else { return outcome.resume(.failure(CancellationError())) }
                    outcome.resume(.success(lookUp(host)))
                }
            }
        } onCancel: {
            outcome.resume(.failure(CancellationError()))
        }
    }

    /// A continuation resumed once: by the lookup or by cancellation, whichever comes first.
    final class OneShot: Sendable {
        private struct State {
            var continuation: CheckedContinuation<[IPAddress], any Error>?
            var result: Result<[IPAddress], any Error>?
        }
        private let state = NIOLockedValueBox(State())

        func install(_ continuation: CheckedContinuation<[IPAddress], any Error>) {
            let done = state.withLockedValue { state -> Result<[IPAddress], any Error>? in
                if state.result == nil { state.continuation = continuation }
                return state.result
            }
            if let done { continuation.resume(with: done) }
        }

        func resume(_ result: Result<[IPAddress], any Error>) {
            let waiting = state.withLockedValue { state -> CheckedContinuation<[IPAddress], any Error>? in
                guard state.result == nil else { return nil }
                state.result = result
                defer { state.continuation = nil }
                return state.continuation
            }
            waiting?.resume(with: result)
        }
    }

    static func lookUp(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var output: [IPAddress] = []
        var entry = list
        while let info = entry?.pointee {
            if info.ai_family == AF_INET, let address = info.ai_addr {
                var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                if let parsed = IPAddress(bytes: withUnsafeBytes(of: &v4) { Array($0) }) { output.append(parsed) }
            } else if info.ai_family == AF_INET6, let address = info.ai_addr {
                var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                if let parsed = IPAddress(bytes: withUnsafeBytes(of: &v6) { Array($0) }), !output.contains(parsed) { output.append(parsed) }
            }
            entry = info.ai_next
        }
        return output
    }
}
