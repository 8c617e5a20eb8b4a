public import Foundation

/// Where a verifier gets status list credentials from (files, a cache, HTTPS...). Nothing is
/// fetched unless the caller passes a provider.
public protocol StatusListProvider: Sendable {
    /// The status list credential published at `url` (its bytes: JSON or a compact JWT).
    func statusListCredential(at url: String) async throws -> [UInt8]
}

/// Status list credentials given up front, by the URL they are published at (their `id`).
public struct StaticStatusListProvider: StatusListProvider {
    public let lists: [String: [UInt8]]

    public init(lists: [String: [UInt8]]) { self.lists = lists }

    public struct NotFound: Error { public let url: String }

    public func statusListCredential(at url: String) async throws -> [UInt8] {
        guard let bytes = lists[url] else { throw NotFound(url: url) }
        return bytes
    }
}
