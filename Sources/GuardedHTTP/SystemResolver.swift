#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOPosix

/// The default ``Resolver``: the system's `getaddrinfo` (POSIX.1-2017; `AF_UNSPEC`,
/// `SOCK_STREAM`), run on NIO's blocking-I/O thread pool so that it never holds a task thread.
/// The order is the system's (RFC 6724 destination address selection).
public struct SystemResolver: Resolver {
    public init() {}

    public func addresses(of host: String) async throws -> [IPAddress] {
        try await NIOThreadPool.singleton.runIfActive { Self.lookUp(host) }
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
