#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A resolver that remembers successful resolutions of another resolver, for verifiers that
/// see the same issuers again and again.
///
/// Entries are kept for `lifetime` seconds (forever is right for did:key and did:jwk, whose
/// documents are a pure function of the DID) and at most `capacity` at once; failures are not
/// cached. Safe to share between tasks.
public final class DIDResolutionCache: DIDResolver, @unchecked Sendable {
    private let resolver: any DIDResolver
    private let capacity: Int
    private let lifetime: Double?
    private let clock: @Sendable () -> Double
    private let lock = Lock()
    private var entries: [Key: (result: DIDResolutionResult, stored: Double)] = [:]
    private var order: [Key] = []

    private struct Key: Hashable {
        let did: DID
        let options: DIDResolutionOptions
    }

    /// - Parameters:
    ///   - resolver: The resolver whose successful results are kept.
    ///   - capacity: The most results kept; past it the oldest entry is dropped first.
    ///   - lifetime: seconds an entry stays valid; `nil` keeps it until evicted.
    ///   - clock: the current time in seconds (injected for tests).
    public init(_ resolver: any DIDResolver, capacity: Int = 1024, lifetime: Double? = nil,
                clock: (@Sendable () -> Double)? = nil) {
        precondition(capacity > 0, "capacity must be positive")
        self.resolver = resolver
        self.capacity = capacity
        self.lifetime = lifetime
        self.clock = clock ?? { Double(DispatchTimeSource.now()) / 1e9 }
    }

    /// The methods of the wrapped resolver.
    public var supportedMethods: Set<String> { resolver.supportedMethods }

    /// The cached result for `did` and `options` while it is fresh, else the wrapped resolver's, which is then cached.
    public func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult {
        let key = Key(did: did, options: options)
        // The clock is read only when entries expire.
        let now = lifetime == nil ? 0 : clock()
        if let cached: DIDResolutionResult = lock.withLock({
            guard let entry = entries[key] else { return nil }
            if let lifetime, now - entry.stored > lifetime {
                entries[key] = nil
                order.removeAll { $0 == key }
                return nil
            }
            return entry.result
        }) {
            return cached
        }
        let result = await resolver.resolve(did, options: options)
        guard result.error == nil else { return result }
        lock.withLock {
            if entries[key] == nil { order.append(key) }
            entries[key] = (result, now)
            while order.count > capacity { entries[order.removeFirst()] = nil }
        }
        return result
    }

    /// The number of cached resolutions.
    public var count: Int { lock.withLock { entries.count } }
}

/// A monotonic nanosecond clock without Foundation.
enum DispatchTimeSource {
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
