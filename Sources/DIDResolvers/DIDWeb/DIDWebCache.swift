import DIDCore
import Foundation

/// Documents fetched by a ``DIDWebResolver``, by DID: at most `capacity` entries, each for at
/// most `lifetime` seconds by the resolver's clock (security requirement 44), and the fetches
/// in flight, so that concurrent resolutions of one DID (a batch from one issuer) fetch once.
/// Failures are never kept.
actor DIDWebCache {
    let capacity: Int
    let lifetime: TimeInterval
    private var entries: [String: (document: DIDDocument, fetched: Date)] = [:]
    /// Insertion order, oldest first: the entry dropped when the cache is full.
    private var order: [String] = []
    private var inFlight: [String: Task<DIDDocument, any Error>] = [:]

    init(capacity: Int, lifetime: TimeInterval) {
        self.capacity = max(capacity, 0)
        self.lifetime = lifetime
    }

    /// The cached document of `did` while it is younger than the lifetime at `now`.
    func fresh(_ did: String, at now: Date) -> DIDDocument? {
        guard let entry = entries[did] else { return nil }
        if now.timeIntervalSince(entry.fetched) < lifetime, now >= entry.fetched { return entry.document }
        remove(did)
        return nil
    }

    /// Runs `fetch` for `did`, or joins the one already running.
    func fetch(_ did: String, _ fetch: @escaping @Sendable () async throws -> DIDDocument) async throws -> DIDDocument {
        if let running = inFlight[did] { return try await running.value }
        let task = Task { try await fetch() }
        inFlight[did] = task
        defer { inFlight[did] = nil }
        return try await task.value
    }

    /// Keeps `document`, dropping the oldest entries past the capacity.
    func store(_ did: String, _ document: DIDDocument, fetched: Date) {
        guard capacity > 0, lifetime > 0 else { return }
        if entries[did] != nil { order.removeAll { $0 == did } }
        entries[did] = (document, fetched)
        order.append(did)
        while order.count > capacity { entries[order.removeFirst()] = nil }
    }

    private func remove(_ did: String) {
        entries[did] = nil
        order.removeAll { $0 == did }
    }

    /// The number of documents held.
    var count: Int { entries.count }
}
