public import Foundation
import GRDB
public import WalletCrypto

/// Reads and writes inside one `BEGIN IMMEDIATE` transaction, given to the body of
/// ``Keystore/transaction(_:)``: everything it reads is current until the commit (no other
/// writer runs meanwhile), and its writes commit together or not at all. Valid only inside the
/// body.
///
/// The commitment over the manifests is checked when the transaction starts and written again
/// when the body returns, with every manifest the body changed.
public final class KeystoreTransaction {
    let db: Database
    let keys: KeystoreKeys
    let walletId: [UInt8]
    private var manifests: [String: Manifest] = [:]
    private var changedKinds: Set<String> = []

    init(db: Database, keys: KeystoreKeys, walletId: [UInt8]) throws {
        self.db = db
        self.keys = keys
        self.walletId = walletId
        try Keystore.verifyCommitment(db, keys: keys, walletId: walletId)
    }

    // MARK: Reads

    /// The payload of a record; `notFound` if there is none (`corrupted` if its kind no longer
    /// matches its manifest: a row was moved or removed).
    public func payload(kind: String, id: String) throws(KeystoreError) -> [UInt8] {
        if let payload = try payloadIfPresent(kind: kind, id: id) { return payload }
        return try missing(kind: kind, id: id)
    }

    /// The payload of a record, or `nil` if there is none.
    public func payloadIfPresent(kind: String, id: String) throws(KeystoreError) -> [UInt8]? {
        guard let sealed = try Keystore.mapStorageErrors({ try Keystore.fetchSealed(db, kind: kind, id: id) }) else { return nil }
        return try RecordSealing.open(sealed, keys: keys, walletId: walletId, kind: kind, id: id)
    }

    /// A secret record's payload, opened straight into secure memory.
    public func secret(kind: String, id: String) throws(KeystoreError) -> SecureBytes {
        guard let sealed = try Keystore.mapStorageErrors({ try Keystore.fetchSealed(db, kind: kind, id: id) }) else {
            return try missing(kind: kind, id: id)
        }
        return try RecordSealing.openSecret(sealed, keys: keys, walletId: walletId, kind: kind, id: id)
    }

    private func missing<T>(kind: String, id: String) throws(KeystoreError) -> T {
        try flushManifests()
        try Keystore.mapStorageErrors { _ = try Keystore.verifiedRows(db, kind: kind, keys: keys, walletId: walletId) }
        throw KeystoreError(.notFound, "no \(kind) record \(id)")
    }

    /// The ids of `kind` records whose field `field` was stored with `value` (each entry's tag checked).
    public func ids(kind: String, field: String, value: String) throws(KeystoreError) -> [String] {
        try Keystore.mapStorageErrors { try Keystore.indexLookup(db, kind: kind, field: field, value: value, keys: keys) }
    }

    /// Every record of `kind`, checked against its manifest.
    public func records(kind: String) throws(KeystoreError) -> [(id: String, payload: [UInt8])] {
        try flushManifests()
        let rows = try Keystore.mapStorageErrors { try Keystore.verifiedRows(db, kind: kind, keys: keys, walletId: walletId) }
        var output: [(id: String, payload: [UInt8])] = []
        output.reserveCapacity(rows.count)
        for (id, sealed) in rows { output.append((id, try RecordSealing.open(sealed, keys: keys, walletId: walletId, kind: kind, id: id))) }
        return output
    }

    // MARK: Writes

    /// Stores a new record; `alreadyExists` if one with this kind and id exists.
    public func insert(kind: String, id: String, payload: some ContiguousBytes, indexes: [String: String] = [:]) throws(KeystoreError) {
        try write(Keystore.prepare(kind: kind, id: id, payload: payload, indexes: indexes, keys: keys, walletId: walletId), mustBeNew: true)
    }

    /// Stores a secret (a seed, an entropy) as a new record.
    public func insertSecret(kind: String, id: String, secret: SecureBytes) throws(KeystoreError) {
        try insert(kind: kind, id: id, payload: secret)
    }

    /// Stores a record, replacing one with the same kind and id.
    public func save(kind: String, id: String, payload: some ContiguousBytes, indexes: [String: String] = [:]) throws(KeystoreError) {
        try write(Keystore.prepare(kind: kind, id: id, payload: payload, indexes: indexes, keys: keys, walletId: walletId), mustBeNew: false)
    }

    /// Stores new records (`alreadyExists` if any exists).
    public func insert(_ records: [Keystore.NewRecord]) throws(KeystoreError) {
        var prepared: [PreparedWrite] = []
        prepared.reserveCapacity(records.count)
        for record in records { prepared.append(try record.prepared(keys: keys, walletId: walletId)) }
        for write in prepared { try self.write(write, mustBeNew: true) }
    }

    /// Deletes a record and its index entries; `notFound` if there is none.
    public func delete(kind: String, id: String) throws(KeystoreError) {
        var manifest = try manifest(kind)
        let found = try Keystore.mapStorageErrors { try Keystore.remove(kind: kind, id: id, db: db, manifest: &manifest, keys: keys) }
        guard found else { return try missing(kind: kind, id: id) }
        manifests[kind] = manifest
        changedKinds.insert(kind)
    }

    func insert(prepared write: PreparedWrite) throws(KeystoreError) { try self.write(write, mustBeNew: true) }
    func save(prepared write: PreparedWrite) throws(KeystoreError) { try self.write(write, mustBeNew: false) }

    private func write(_ write: PreparedWrite, mustBeNew: Bool) throws(KeystoreError) {
        var manifest = try manifest(write.kind)
        let error = try Keystore.mapStorageErrors { try Keystore.apply(write, db: db, manifest: &manifest, mustBeNew: mustBeNew, keys: keys) }
        if let error { throw error }
        manifests[write.kind] = manifest
        changedKinds.insert(write.kind)
    }

    private func manifest(_ kind: String) throws(KeystoreError) -> Manifest {
        if let manifest = manifests[kind] { return manifest }
        let manifest = try Keystore.mapStorageErrors { try Keystore.loadManifest(db, kind: kind, keys: keys, walletId: walletId) }
        manifests[kind] = manifest
        return manifest
    }

    /// Writes the manifests changed so far (before a listing reads them).
    private func flushManifests() throws(KeystoreError) {
        let kinds = changedKinds
        for kind in kinds.sorted() {
            guard let manifest = manifests[kind] else { continue }
            try Keystore.mapStorageErrors { try Keystore.storeManifest(db, manifest, kind: kind, keys: keys, walletId: walletId) }
        }
        if !kinds.isEmpty { manifestsChanged = true }
        changedKinds = []
    }

    private var manifestsChanged = false

    /// Writes the changed manifests and the new commitment (the end of the body).
    func finish() throws(KeystoreError) {
        try flushManifests()
        guard manifestsChanged else { return }
        try Keystore.mapStorageErrors {
            try Keystore.storeCommitment(db, Keystore.commitment(over: try Keystore.sealedManifests(db), keys: keys, walletId: walletId))
        }
    }
}
