public import Foundation
import GRDB
public import WalletCrypto

/// Writing records, and reading one by kind and id.
extension Keystore {
    /// A record to store with ``insert(_:)`` or ``create(at:passphrase:parameters:policy:pageSize:records:replacingExisting:logger:)``.
    public struct NewRecord: Sendable {
        /// The record kind (`key`, `credential`...); not starting with `_`, at most ``Keystore/maximumNameLength`` bytes.
        public let kind: String
        /// The record id, unique within its kind; at most ``Keystore/maximumNameLength`` bytes.
        public let id: String
        /// The plaintext to seal (empty when the record holds a secret).
        public let payload: [UInt8]
        /// Searchable fields (name → value), stored only as keyed blind indexes, never in the clear.
        public let indexes: [String: String]
        /// The payload when it is a secret (then `payload` is empty).
        let secret: SecureBytes?

        /// A record whose payload is not secret.
        ///
        /// - Parameters:
        ///   - kind: The record kind.
        ///   - id: The record id, unique within its kind.
        ///   - payload: The plaintext to seal under the data key.
        ///   - indexes: Searchable fields, stored as blind indexes.
        public init(kind: String, id: String, payload: [UInt8], indexes: [String: String] = [:]) {
            self.kind = kind
            self.id = id
            self.payload = payload
            self.indexes = indexes
            self.secret = nil
        }

        /// A record whose payload is a secret: it stays in secure memory until sealed.
        public init(kind: String, id: String, secret: SecureBytes, indexes: [String: String] = [:]) {
            self.kind = kind
            self.id = id
            self.payload = []
            self.indexes = indexes
            self.secret = secret
        }

        func prepared(keys: KeystoreKeys, walletId: [UInt8]) throws(KeystoreError) -> PreparedWrite {
            if let secret { return try Keystore.prepare(kind: kind, id: id, payload: secret, indexes: indexes, keys: keys, walletId: walletId) }
            return try Keystore.prepare(kind: kind, id: id, payload: payload, indexes: indexes, keys: keys, walletId: walletId)
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction (docs/keystore-format.md §1): the changes
    /// of several records commit together or not at all, and what `body` reads stays current
    /// until they commit — concurrent writers, in this process or others, wait for the lock
    /// (busy timeout 30 s). Any error `body` throws rolls everything back and is rethrown.
    /// `body` runs synchronously on the keystore; keep slow work (a KDF) out of it.
    public func transaction<T>(_ body: (KeystoreTransaction) throws -> T) throws -> T {
        let keys = try requireKeys()
        let walletId = self.walletId
        do {
            return try Self.writeImmediately(database) { db in
                let transaction = try KeystoreTransaction(db: db, keys: keys, walletId: walletId)
                let result = try body(transaction)
                try transaction.finish()
                return result
            }
        } catch let error as DatabaseError {
            throw Self.storageError(error)
        }
    }

    /// Runs a transaction whose body throws only keystore errors.
    func keystoreTransaction<T>(_ body: (KeystoreTransaction) throws(KeystoreError) -> T) throws(KeystoreError) -> T {
        do {
            return try transaction { transaction in try body(transaction) }
        } catch let error as KeystoreError {
            throw error
        } catch {
            throw KeystoreError(.storageFailure, "\(error)")
        }
    }

    /// Stores a new record; `alreadyExists` if one with this kind and id exists. `indexes` are
    /// searchable fields, stored only as blind indexes.
    public func insert(kind: String, id: String, payload: some ContiguousBytes, indexes: [String: String] = [:]) throws(KeystoreError) {
        let write = try Self.prepare(kind: kind, id: id, payload: payload, indexes: indexes, keys: try requireKeys(), walletId: walletId)
        try keystoreTransaction { transaction throws(KeystoreError) in try transaction.insert(prepared: write) }
    }

    /// Stores a record, replacing one with the same kind and id.
    public func save(kind: String, id: String, payload: some ContiguousBytes, indexes: [String: String] = [:]) throws(KeystoreError) {
        let write = try Self.prepare(kind: kind, id: id, payload: payload, indexes: indexes, keys: try requireKeys(), walletId: walletId)
        try keystoreTransaction { transaction throws(KeystoreError) in try transaction.save(prepared: write) }
    }

    /// Stores a secret (a seed, an entropy) as a new record.
    public func insertSecret(kind: String, id: String, secret: SecureBytes) throws(KeystoreError) {
        try insert(kind: kind, id: id, payload: secret)
    }

    /// Stores many new records in one transaction: all or none (`alreadyExists` if any exists).
    public func insert(_ records: [NewRecord]) throws(KeystoreError) {
        let keys = try requireKeys()
        var prepared: [PreparedWrite] = []
        prepared.reserveCapacity(records.count)
        for record in records { prepared.append(try record.prepared(keys: keys, walletId: walletId)) }
        try keystoreTransaction { transaction throws(KeystoreError) in
            for write in prepared { try transaction.insert(prepared: write) }
        }
    }

    /// Deletes a record and its indexes; `notFound` if there is none.
    public func delete(kind: String, id: String) throws(KeystoreError) {
        try keystoreTransaction { transaction throws(KeystoreError) in try transaction.delete(kind: kind, id: id) }
    }

    /// The payload of a record; `notFound` if there is none, `corrupted` if it fails
    /// authentication or if the record is missing from a kind that no longer matches its
    /// manifest (a row moved to another kind, or removed).
    public func payload(kind: String, id: String) throws(KeystoreError) -> [UInt8] {
        let keys = try requireKeys()
        return try RecordSealing.open(try sealedRecord(kind: kind, id: id, keys: keys), keys: keys, walletId: walletId, kind: kind, id: id)
    }

    /// A secret record's payload, opened straight into secure memory.
    public func secret(kind: String, id: String) throws(KeystoreError) -> SecureBytes {
        let keys = try requireKeys()
        return try RecordSealing.openSecret(try sealedRecord(kind: kind, id: id, keys: keys), keys: keys, walletId: walletId, kind: kind, id: id)
    }

    private func sealedRecord(kind: String, id: String, keys: KeystoreKeys) throws(KeystoreError) -> [UInt8] {
        let walletId = self.walletId
        let sealed: [UInt8]? = try Self.mapStorageErrors {
            try database.read { db in
                if let sealed = try Self.fetchSealed(db, kind: kind, id: id) { return sealed }
                // A miss: a record that never existed, or one that was moved or removed? The
                // kind's manifest and the commitment tell.
                try Self.verifyCommitment(db, keys: keys, walletId: walletId)
                _ = try Self.verifiedRows(db, kind: kind, keys: keys, walletId: walletId)
                return nil
            }
        }
        guard let sealed else { throw KeystoreError(.notFound, "no \(kind) record \(id)") }
        return sealed
    }

    // MARK: Preparing a write

    static func checkName(_ name: String, _ what: String) throws(KeystoreError) {
        guard !name.isEmpty, name.utf8.count <= maximumNameLength else {
            throw KeystoreError(.invalidName, "a record \(what) is 1 to \(maximumNameLength) bytes")
        }
    }

    /// Checks the names, seals the payload and computes the index entries.
    static func prepare(kind: String, id: String, payload: some ContiguousBytes, indexes: [String: String], keys: KeystoreKeys,
                        walletId: [UInt8]) throws(KeystoreError) -> PreparedWrite {
        try checkName(kind, "kind")
        try checkName(id, "id")
        guard !kind.hasPrefix("_") else { throw KeystoreError(.invalidName, "record kinds starting with '_' are reserved") }
        let sealed = RecordSealing.seal(payload, keys: keys, walletId: walletId, kind: kind, id: id)
        let blind = indexes.sorted { $0.key < $1.key }.map { entry in
            let value = RecordSealing.blindIndex(kind: kind, field: entry.key, value: entry.value, keys: keys)
            return IndexEntry(field: entry.key, value: value, tag: RecordSealing.indexTag(kind: kind, field: entry.key, value: value, id: id, keys: keys))
        }
        return PreparedWrite(kind: kind, id: id, sealed: sealed, indexes: blind)
    }
}
