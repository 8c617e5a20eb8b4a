import Foundation
import GRDB
public import WalletCrypto

/// Reading many records: a whole kind (checked against its manifest and the commitment) or the
/// matches of a blind index.
extension Keystore {
    /// Every record of `kind`, ordered by id, after checking them against the kind's manifest and
    /// the manifests against the commitment: a row removed, added, moved or changed outside the
    /// keystore, or the whole kind removed or rolled back, fails with `corrupted`.
    public func records(kind: String) throws(KeystoreError) -> [(id: String, payload: [UInt8])] {
        try records(kind: kind) { id, payload throws(KeystoreError) in (id, payload) }
    }

    /// As ``records(kind:)``, with each opened record passed through `decode` in the same
    /// parallel pass.
    public func records<Value: Sendable>(kind: String, decode: @Sendable (_ id: String, _ payload: [UInt8]) throws(KeystoreError) -> Value) throws(KeystoreError) -> [Value] {
        let keys = try requireKeys()
        let walletId = self.walletId
        return try Self.concurrentMap(try verifiedRows(kind: kind, keys: keys)) { row throws(KeystoreError) in
            try decode(row.0, try RecordSealing.open(row.1, keys: keys, walletId: walletId, kind: kind, id: row.0))
        }
    }

    /// Every record of `kind` opened into secure memory (for backups of secrets), checked
    /// like ``records(kind:)``.
    public func secretRecords(kind: String) throws(KeystoreError) -> [(id: String, payload: SecureBytes)] {
        let keys = try requireKeys()
        var output: [(id: String, payload: SecureBytes)] = []
        for (id, sealed) in try verifiedRows(kind: kind, keys: keys) {
            output.append((id, try RecordSealing.openSecret(sealed, keys: keys, walletId: walletId, kind: kind, id: id)))
        }
        return output
    }

    private func verifiedRows(kind: String, keys: KeystoreKeys) throws(KeystoreError) -> [(String, [UInt8])] {
        let walletId = self.walletId
        return try Self.mapStorageErrors {
            try database.read { db in
                try Self.verifyCommitment(db, keys: keys, walletId: walletId)
                return try Self.verifiedRows(db, kind: kind, keys: keys, walletId: walletId)
            }
        }
    }

    /// The rows of `kind` (id, sealed), checked against the kind's manifest.
    static func verifiedRows(_ db: Database, kind: String, keys: KeystoreKeys, walletId: [UInt8]) throws -> [(String, [UInt8])] {
        // Rows and index entries both in id order (SQLite's BINARY collation: UTF-8 bytes),
        // read through cursors, then matched by a merge instead of a dictionary.
        var rows: [(String, [UInt8])] = []
        let rowCursor = try Row.fetchCursor(db, sql: "SELECT id, sealed FROM record WHERE kind = ? ORDER BY id", arguments: [kind])
        while let row = try rowCursor.next() {
            rows.append((try row.keystoreColumn(atIndex: 0), try row.withUnsafeData(atIndex: 1) { $0.map { Array($0) } ?? [] }))
        }
        var entries: [(id: String, entry: IndexEntry)] = []
        let entryCursor = try Row.fetchCursor(db, sql: "SELECT id, field, value, tag FROM record_index WHERE kind = ? ORDER BY id, field", arguments: [kind])
        while let row = try entryCursor.next() {
            let value = try row.withUnsafeData(atIndex: 2) { $0.map { Array($0) } ?? [] }
            let tag = try row.withUnsafeData(atIndex: 3) { $0.map { Array($0) } ?? [] }
            entries.append((try row.keystoreColumn(atIndex: 0), IndexEntry(field: try row.keystoreColumn(atIndex: 1), value: value, tag: tag)))
        }
        let manifest = try loadManifest(db, kind: kind, keys: keys, walletId: walletId)

        func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(rows.count)
        var position = 0
        for (id, _) in rows {
            if position < entries.count, precedes(entries[position].id, id) {
                throw KeystoreError(.corrupted, "the \(kind) index has entries for records that do not exist")
            }
            let start = position
            while position < entries.count, same(entries[position].id, id) { position += 1 }
            ranges.append(start..<position)
        }
        guard position == entries.count else {
            throw KeystoreError(.corrupted, "the \(kind) index has entries for records that do not exist")
        }
        // Each row's manifest tag is independent (they are combined by XOR): on all cores.
        let entryRanges = ranges
        let rowsToTag = rows
        let entriesToTag = entries
        let tags = try concurrentMap(Array(rows.indices)) { index throws(KeystoreError) in
            RecordSealing.manifestTag(kind: kind, id: rowsToTag[index].0, sealed: rowsToTag[index].1,
                                      indexes: entriesToTag[entryRanges[index]].map(\.entry), keys: keys)
        }
        var computed = Manifest.empty
        computed.count = UInt64(rows.count)
        for tag in tags { computed.toggle(tag) }
        guard computed.count == manifest.count, ConstantTime.equals(computed.accumulator, manifest.accumulator) else {
            throw KeystoreError(.corrupted, "the \(kind) records do not match their manifest (\(rows.count) rows, \(manifest.count) expected): rows were removed, added or changed")
        }
        return rows
    }

    /// The ids of `kind` records whose field `field` was stored with `value` (blind index lookup).
    public func ids(kind: String, field: String, value: String) throws(KeystoreError) -> [String] {
        let keys = try requireKeys()
        return try Self.mapStorageErrors { try database.read { db in try Self.indexLookup(db, kind: kind, field: field, value: value, keys: keys) } }
    }

    static func indexLookup(_ db: Database, kind: String, field: String, value: String, keys: KeystoreKeys) throws -> [String] {
        let blind = RecordSealing.blindIndex(kind: kind, field: field, value: value, keys: keys)
        let rows: [(id: String, tag: [UInt8])] = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, tag FROM record_index WHERE kind = ? AND field = ? AND value = ? ORDER BY id"),
            arguments: [kind, field, Data(blind)]
        ).map { row in
            let tag: Data = try row.keystoreColumn("tag")
            return (try row.keystoreColumn("id"), Array(tag))
        }
        // Each entry carries a tag binding it to its record, so a changed entry cannot point
        // a lookup at another record.
        for row in rows {
            let expected = RecordSealing.indexTag(kind: kind, field: field, value: blind, id: row.id, keys: keys)
            guard ConstantTime.equals(expected, row.tag) else {
                throw KeystoreError(.corrupted, "a \(kind) index entry failed authentication")
            }
        }
        return rows.map(\.id)
    }

    /// The records of `kind` whose field `field` was stored with `value`, in one query: each
    /// index entry's tag and each record's seal are checked.
    public func records(kind: String, field: String, value: String) throws(KeystoreError) -> [(id: String, payload: [UInt8])] {
        try records(kind: kind, field: field, value: value) { id, payload throws(KeystoreError) in (id, payload) }
    }

    /// As ``records(kind:field:value:)``, with each opened record passed through `decode` in the
    /// same parallel pass (for example to parse it); `decode` reports bad content as `corrupted`.
    public func records<Value: Sendable>(kind: String, field: String, value: String,
                                         decode: @Sendable (_ id: String, _ payload: [UInt8]) throws(KeystoreError) -> Value) throws(KeystoreError) -> [Value] {
        let keys = try requireKeys()
        let walletId = self.walletId
        let blind = RecordSealing.blindIndex(kind: kind, field: field, value: value, keys: keys)
        let rows: [(id: String, tag: [UInt8], sealed: [UInt8])] = try Self.mapStorageErrors {
            try database.read { db in
                // A cursor reads the columns in place (no Row copies): listings run over every match.
                let cursor = try Row.fetchCursor(db, sql: """
                    SELECT i.id AS id, i.tag AS tag, r.sealed AS sealed FROM record_index i
                    JOIN record r ON r.kind = i.kind AND r.id = i.id
                    WHERE i.kind = ? AND i.field = ? AND i.value = ? ORDER BY i.id
                    """, arguments: [kind, field, Data(blind)])
                var rows: [(id: String, tag: [UInt8], sealed: [UInt8])] = []
                while let row = try cursor.next() {
                    let tag = try row.withUnsafeData(atIndex: 1) { $0.map { Array($0) } ?? [] }
                    let sealed = try row.withUnsafeData(atIndex: 2) { $0.map { Array($0) } ?? [] }
                    rows.append((try row.keystoreColumn(atIndex: 0), tag, sealed))
                }
                return rows
            }
        }
        // Each entry's tag is checked and its record opened independently: spread over the cores.
        return try Self.concurrentMap(rows) { row throws(KeystoreError) in
            let expected = RecordSealing.indexTag(kind: kind, field: field, value: blind, id: row.id, keys: keys)
            guard ConstantTime.equals(expected, row.tag) else {
                throw KeystoreError(.corrupted, "a \(kind) index entry failed authentication")
            }
            return try decode(row.id, try RecordSealing.open(row.sealed, keys: keys, walletId: walletId, kind: kind, id: row.id))
        }
    }

    /// The number of records of `kind` (unverified: a count, not content).
    public func count(kind: String) throws(KeystoreError) -> Int {
        try Self.mapStorageErrors {
            try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE kind = ?", arguments: [kind]) ?? 0 }
        }
    }

    /// The kinds that have records.
    public func kinds() throws(KeystoreError) -> [String] {
        try Self.mapStorageErrors {
            try database.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT kind FROM record ORDER BY kind") }
        }
    }
}
