import Foundation
import StrictJSON
import VerifiableCredentials

/// The JWK Sets a ``JWTVCIssuerMetadataResolver`` obtained, by issuer — only after the metadata's
/// `issuer` was found identical to it: at most `capacity` entries, each for at most `lifetime`
/// seconds by the resolver's clock, and the fetches in flight, so that concurrent verifications
/// of one issuer's credentials fetch once. Failures are never kept.
actor JWTVCIssuerMetadataCache {
    let capacity: Int
    let lifetime: TimeInterval
    private var entries: [String: (keySet: JSONObject, fetched: Date)] = [:]
    /// Insertion order, oldest first: the entry dropped when the cache is full.
    private var order: [String] = []
    private var inFlight: [String: Task<JSONObject, any Error>] = [:]

    init(capacity: Int, lifetime: TimeInterval) {
        self.capacity = max(capacity, 0)
        self.lifetime = lifetime
    }

    /// The key set of `issuer` while it is younger than the lifetime at `now`.
    func fresh(_ issuer: String, at now: Date) -> JSONObject? {
        guard let entry = entries[issuer] else { return nil }
        if now.timeIntervalSince(entry.fetched) < lifetime, now >= entry.fetched { return entry.keySet }
        entries[issuer] = nil
        order.removeAll { $0 == issuer }
        return nil
    }

    /// Runs `fetch` for `issuer`, or joins the one already running, and keeps what it returns.
    func fetch(_ issuer: String, at now: Date, _ fetch: @escaping @Sendable () async throws(VCError) -> JSONObject) async throws(VCError) -> JSONObject {
        let task = inFlight[issuer] ?? Task { try await fetch() }
        if inFlight[issuer] == nil {
            inFlight[issuer] = task
        }
        let keySet: JSONObject
        do { keySet = try await task.value } catch {
            inFlight[issuer] = nil
            throw error as? VCError ?? VCError(.issuerKeyUnavailable, "\(error)")
        }
        inFlight[issuer] = nil
        store(issuer, keySet, fetched: now)
        return keySet
    }

    private func store(_ issuer: String, _ keySet: JSONObject, fetched: Date) {
        guard capacity > 0, lifetime > 0 else { return }
        if entries[issuer] != nil { order.removeAll { $0 == issuer } }
        entries[issuer] = (keySet, fetched)
        order.append(issuer)
        while order.count > capacity { entries[order.removeFirst()] = nil }
    }

    /// The number of key sets held.
    var count: Int { entries.count }
}
