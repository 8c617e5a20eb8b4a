import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// IP address checks for fetching (security requirement 24): which hosts are loopback,
/// private (RFC 1918, RFC 4193), link-local, unspecified, shared (RFC 6598) or multicast, and
/// so are never fetched from.
enum NetworkAddress: Equatable {
    case v4([UInt8])
    case v6([UInt8])

    /// The address written in `host` (an IPv4 dotted quad, or IPv6 with or without brackets).
    static func literal(_ host: String) -> NetworkAddress? {
        var text = host
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return .v4(withUnsafeBytes(of: &v4) { Array($0) }) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return .v6(withUnsafeBytes(of: &v6) { Array($0) }) }
        return nil
    }

    static func isLocalHostName(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host == "localhost."
    }

    static func isLoopbackHost(_ host: String) -> Bool {
        if isLocalHostName(host) { return true }
        switch literal(host) {
        case .v4(let bytes)?: return bytes[0] == 127
        case .v6(let bytes)?: return bytes == [UInt8](repeating: 0, count: 15) + [1]
        case nil: return false
        }
    }

    static func isRestricted(_ address: NetworkAddress) -> Bool {
        switch address {
        case .v4(let b):
            return b[0] == 0 || b[0] == 10 || b[0] == 127                     // this network, private, loopback
                || (b[0] == 100 && b[1] & 0xC0 == 64)                         // 100.64/10 shared
                || (b[0] == 169 && b[1] == 254)                               // link-local
                || (b[0] == 172 && b[1] & 0xF0 == 16)                         // 172.16/12
                || (b[0] == 192 && b[1] == 168)                               // 192.168/16
                || b[0] >= 224                                                // multicast, reserved, broadcast
        case .v6(let b):
            if b.allSatisfy({ $0 == 0 }) || b == [UInt8](repeating: 0, count: 15) + [1] { return true }  // ::, ::1
            if b[0] & 0xFE == 0xFC || (b[0] == 0xFE && b[1] & 0xC0 == 0x80) || b[0] == 0xFF { return true }  // fc00::/7, fe80::/10, ff00::/8
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return isRestricted(.v4(Array(b[12...]))) }  // ::ffff:a.b.c.d
            return false
        }
    }

    /// The addresses `host` resolves to (empty when it does not resolve; the fetch then fails).
    static func resolve(_ host: String) -> [NetworkAddress] {
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
        var output: [NetworkAddress] = []
        var entry = list
        while let info = entry?.pointee {
            if info.ai_family == AF_INET, let address = info.ai_addr {
                var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                output.append(.v4(withUnsafeBytes(of: &v4) { Array($0) }))
            } else if info.ai_family == AF_INET6, let address = info.ai_addr {
                var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                output.append(.v6(withUnsafeBytes(of: &v6) { Array($0) }))
            }
            entry = info.ai_next
        }
        return output
    }
}
