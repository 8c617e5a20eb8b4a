import Foundation

/// Fresh lists by URL, and the fetches in flight (so that a batch of credentials on one list
/// fetches it once).
actor StatusListCache {
    var entries: [String: (bytes: [UInt8], until: Date)] = [:]
    var inFlight: [String: Task<[UInt8], any Error>] = [:]

    func fresh(_ url: String, at now: Date) -> [UInt8]? {
        guard let entry = entries[url] else { return nil }
        if entry.until > now { return entry.bytes }
        entries[url] = nil
        return nil
    }

    func fetch(_ url: String, _ body: @escaping @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        if let running = inFlight[url] { return try await running.value }
        let task = Task { try await body() }
        inFlight[url] = task
        defer { inFlight[url] = nil }
        return try await task.value
    }

    func store(_ url: String, bytes: [UInt8], until: Date) {
        entries[url] = (bytes, until)
    }
}
