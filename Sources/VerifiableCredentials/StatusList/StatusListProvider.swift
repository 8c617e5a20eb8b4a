import Foundation

/// Where a verifier gets status list credentials from (files, a cache, HTTPS...). Nothing is
/// fetched unless the caller passes a provider.
public protocol StatusListProvider: Sendable {
    /// The status list credential published at `url` (its bytes: JSON or a compact JWT).
    func statusListCredential(at url: String) async throws -> [UInt8]
}

/// Status list credentials given up front, by the URL they are published at (their `id`).
public struct StaticStatusListProvider: StatusListProvider {
    /// The list credentials' bytes by the URL they are published at.
    public let lists: [String: [UInt8]]

    /// A provider serving `lists` (URL → bytes) and nothing else.
    public init(lists: [String: [UInt8]]) { self.lists = lists }

    /// No list is given for `url`.
    public struct NotFound: Error { public let url: String }

    /// The bytes given for `url`.
    ///
    /// - Throws: ``NotFound`` when there are none.
    public func statusListCredential(at url: String) async throws -> [UInt8] {
        guard let bytes = lists[url] else { throw NotFound(url: url) }
        return bytes
    }
}

/// Asks each provider in turn and returns the first list found: for example files given on the
/// command line first, then HTTPS when the caller allowed the network.
public struct StatusListProviderChain: StatusListProvider {
    /// The providers, in the order they are asked.
    public let providers: [any StatusListProvider]

    /// A chain asking `providers` in order.
    public init(_ providers: [any StatusListProvider]) { self.providers = providers }

    /// The first list a provider returns for `url`.
    ///
    /// - Throws: The last provider's error when none has it (``StaticStatusListProvider/NotFound`` for an empty chain).
    public func statusListCredential(at url: String) async throws -> [UInt8] {
        var lastError: (any Error)?
        for provider in providers {
            do { return try await provider.statusListCredential(at: url) } catch { lastError = error }
        }
        throw lastError ?? StaticStatusListProvider.NotFound(url: url)
    }
}
