import Foundation
import GRDB
import WalletCrypto

/// The SQL schema (docs/keystore-format.md §1).
enum KeystoreSQL {
    /// `PRAGMA user_version`. (The commitment of header version 2 lives in the `manifest` table.)
    static let schemaVersion = 1

    static let schema = """
        CREATE TABLE header (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            header BLOB NOT NULL,
            wrapped_key BLOB NOT NULL
        );
        CREATE TABLE record (
            rowid INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            sealed BLOB NOT NULL,
            UNIQUE (kind, id)
        );
        CREATE TABLE record_index (
            kind TEXT NOT NULL,
            field TEXT NOT NULL,
            value BLOB NOT NULL,
            id TEXT NOT NULL,
            tag BLOB NOT NULL,
            PRIMARY KEY (kind, field, value, id)
        ) WITHOUT ROWID;
        CREATE INDEX record_index_by_record ON record_index (kind, id);
        CREATE TABLE manifest (
            kind TEXT PRIMARY KEY NOT NULL,
            sealed BLOB NOT NULL
        ) WITHOUT ROWID;
        """
}

/// A record sealed and indexed, ready for a transaction.
struct PreparedWrite {
    let kind: String
    let id: String
    let sealed: [UInt8]
    let indexes: [IndexEntry]
}

extension Keystore {
    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: the write lock is taken before the first
    /// read, so what the body reads cannot change before it commits (no stale read-modify-write),
    /// and a concurrent writer waits (busy timeout) instead of failing halfway.
    static func writeImmediately<T>(_ database: DatabaseQueue, _ body: (Database) throws -> T) throws -> T {
        try database.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// The rowids reserved for `kind`: one of 65,536 bands of 2^46, chosen by the first two
    /// bytes of SHA-256(kind). Only locality depends on it; kinds that share a band still get
    /// distinct rowids, and a full band falls back to SQLite's own choice.
    static func rowidBand(for kind: String) -> Range<Int64> {
        let digest = SHA256.hash(Array(kind.utf8))
        let start = (Int64(digest[0]) << 8 | Int64(digest[1]) + 1) << 46
        return start..<(start + (1 << 46))
    }

    /// Writes one prepared record and its index entries, updating `manifest`; returns an error
    /// (and writes nothing) when `mustBeNew` and the record exists.
    static func apply(_ write: PreparedWrite, db: Database, manifest: inout Manifest, mustBeNew: Bool, keys: KeystoreKeys) throws -> KeystoreError? {
        let (kind, id) = (write.kind, write.id)
        let existing = try Data.fetchOne(db.cachedStatement(sql: "SELECT sealed FROM record WHERE kind = ? AND id = ?"), arguments: [kind, id])
        if existing != nil && mustBeNew { return KeystoreError(.alreadyExists, "a \(kind) record \(id) already exists") }
        if let existing {
            let oldIndexes = try indexEntries(db, kind: kind, id: id)
            manifest.toggle(RecordSealing.manifestTag(kind: kind, id: id, sealed: Array(existing), indexes: oldIndexes, keys: keys))
        } else {
            manifest.count += 1
        }
        manifest.toggle(RecordSealing.manifestTag(kind: kind, id: id, sealed: write.sealed, indexes: write.indexes, keys: keys))
        // Rows of one kind share a band of rowids, so the table keeps them together and reading
        // many records of a kind (a listing) touches few pages (docs/keystore-format.md §1).
        let band = rowidBand(for: kind)
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO record (rowid, kind, id, sealed) VALUES (
                (SELECT CASE WHEN next < ?2 THEN next ELSE NULL END
                 FROM (SELECT COALESCE(MAX(rowid) + 1, ?1) AS next FROM record WHERE rowid >= ?1 AND rowid < ?2)),
                ?3, ?4, ?5)
            """).execute(arguments: [band.lowerBound, band.upperBound, kind, id, Data(write.sealed)])
        if existing != nil {
            try db.execute(sql: "DELETE FROM record_index WHERE kind = ? AND id = ?", arguments: [kind, id])
        }
        let insertIndex = try db.cachedStatement(sql: "INSERT INTO record_index (kind, field, value, id, tag) VALUES (?, ?, ?, ?, ?)")
        for entry in write.indexes {
            try insertIndex.execute(arguments: [kind, entry.field, Data(entry.value), id, Data(entry.tag)])
        }
        return nil
    }

    /// Deletes one record and its index entries, updating `manifest`; `false` if there is none.
    static func remove(kind: String, id: String, db: Database, manifest: inout Manifest, keys: KeystoreKeys) throws -> Bool {
        guard let existing = try Data.fetchOne(db, sql: "SELECT sealed FROM record WHERE kind = ? AND id = ?", arguments: [kind, id]) else {
            return false
        }
        let oldIndexes = try indexEntries(db, kind: kind, id: id)
        manifest.toggle(RecordSealing.manifestTag(kind: kind, id: id, sealed: Array(existing), indexes: oldIndexes, keys: keys))
        manifest.count = manifest.count > 0 ? manifest.count - 1 : 0
        try db.execute(sql: "DELETE FROM record WHERE kind = ? AND id = ?", arguments: [kind, id])
        try db.execute(sql: "DELETE FROM record_index WHERE kind = ? AND id = ?", arguments: [kind, id])
        return true
    }

    static func indexEntries(_ db: Database, kind: String, id: String) throws -> [IndexEntry] {
        try Row.fetchAll(db, sql: "SELECT field, value, tag FROM record_index WHERE kind = ? AND id = ? ORDER BY field", arguments: [kind, id]).map { row in
            let value: Data = try row.keystoreColumn("value"), tag: Data = try row.keystoreColumn("tag")
            return IndexEntry(field: try row.keystoreColumn("field"), value: Array(value), tag: Array(tag))
        }
    }

    static func fetchSealed(_ db: Database, kind: String, id: String) throws -> [UInt8]? {
        try Data.fetchOne(db.cachedStatement(sql: "SELECT sealed FROM record WHERE kind = ? AND id = ?"), arguments: [kind, id]).map { Array($0) }
    }

    // MARK: Errors

    /// Runs `body`, turning SQLite errors into keystore errors with codes.
    static func mapStorageErrors<T>(_ body: () throws -> T) throws(KeystoreError) -> T {
        do {
            return try body()
        } catch let error as KeystoreError {
            throw error
        } catch let error as DatabaseError {
            throw storageError(error)
        } catch {
            throw KeystoreError(.corrupted, "unexpected data in the wallet: \(error)")
        }
    }

    static func storageError(_ error: DatabaseError) -> KeystoreError {
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT, .SQLITE_MISMATCH, .SQLITE_RANGE, .SQLITE_CONSTRAINT, .SQLITE_ERROR, .SQLITE_SCHEMA, .SQLITE_TOOBIG:
            KeystoreError(.corrupted, "the wallet database is damaged: \(error.message ?? "\(error.resultCode)")")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            KeystoreError(.storageFailure, "the wallet is busy (locked by another process for too long)")
        default:
            KeystoreError(.storageFailure, "the wallet database failed: \(error.message ?? "\(error.resultCode)")")
        }
    }
}

extension Row {
    /// The value of a keystore column as the schema types it. A value of another type — a file
    /// changed behind the keystore's back — is `corrupted`, never a trap (GRDB's non-optional
    /// subscript stops the process on a failed conversion).
    func keystoreColumn<Value: DatabaseValueConvertible>(_ column: String) throws(KeystoreError) -> Value {
        do { return try decode(Value.self, forColumn: column) } catch {
            throw KeystoreError(.corrupted, "the keystore's \(column) column holds a value of another type")
        }
    }

    /// ``keystoreColumn(_:)`` by position.
    func keystoreColumn<Value: DatabaseValueConvertible>(atIndex index: Int) throws(KeystoreError) -> Value {
        do { return try decode(Value.self, atIndex: index) } catch {
            throw KeystoreError(.corrupted, "the keystore's column \(index) holds a value of another type")
        }
    }
}
