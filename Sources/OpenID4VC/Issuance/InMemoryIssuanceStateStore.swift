import Foundation
public import StrictJSON
import WalletCrypto

/// An ``IssuanceStateStore`` in memory: records indexed by the SHA-256 of their key, expired ones
/// dropped when met and swept as records are added, at most ``maximumRecords`` live at once (a
/// `put` beyond that is ``OpenID4VCError/Code/messageTooLarge``, so no client can grow it without
/// bound).
public actor InMemoryIssuanceStateStore: IssuanceStateStore {
    private struct Entry {
        let value: JSONValue
        let expires: ContinuousClock.Instant
    }

    private var entries: [String: Entry] = [:]
    /// The most live records kept.
    public let maximumRecords: Int

    /// An empty store holding at most `maximumRecords` live records.
    public init(maximumRecords: Int = 100_000) {
        self.maximumRecords = maximumRecords
    }

    private static func index(_ kind: IssuanceRecordKind, _ key: String) -> String {
        kind.rawValue + ":" + Hex.encode(WalletCrypto.SHA256.hash(Array(key.utf8)))
    }

    /// Stores `value` under `key` for `lifetime`.
    public func put(_ kind: IssuanceRecordKind, key: String, value: JSONValue, lifetime: Duration) throws(OpenID4VCError) {
        let now = ContinuousClock.now
        if entries.count >= maximumRecords { entries = entries.filter { $0.value.expires > now } }
        guard entries.count < maximumRecords else {
            throw OpenID4VCError(.messageTooLarge, "the issuer keeps at most \(maximumRecords) live records")
        }
        entries[Self.index(kind, key)] = Entry(value: value, expires: now + lifetime)
    }

    /// Removes and returns the live record under `key`.
    public func take(_ kind: IssuanceRecordKind, key: String) -> JSONValue? {
        guard let entry = entries.removeValue(forKey: Self.index(kind, key)), entry.expires > .now else { return nil }
        return entry.value
    }

    /// The live record under `key`.
    public func read(_ kind: IssuanceRecordKind, key: String) -> JSONValue? {
        let index = Self.index(kind, key)
        guard let entry = entries[index] else { return nil }
        guard entry.expires > .now else {
            entries.removeValue(forKey: index)
            return nil
        }
        return entry.value
    }

    /// How many records are held (live or not yet swept).
    public var count: Int { entries.count }
}
