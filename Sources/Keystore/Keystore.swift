public import Foundation
import GRDB
public import Logging
public import WalletCrypto

/// The encrypted store on disk: one SQLite database (WAL) holding a header, a wrapped data key,
/// sealed records, blind indexes and per-kind manifests. The byte layout is specified in
/// docs/keystore-format.md.
///
/// Passphrase → Argon2id → key-encryption key → unwraps the random 32-byte data key →
/// subkeys seal records (XChaCha20-Poly1305, additional data binding wallet id, kind and id) and
/// compute blind indexes. Every write is one SQLite transaction (`BEGIN IMMEDIATE`, synchronous
/// FULL), so a crash loses nothing that was reported committed and concurrent processes
/// serialise on SQLite's lock (with a busy timeout) instead of losing updates.
public actor Keystore {
    public nonisolated let directory: URL
    public nonisolated let databaseURL: URL
    /// The random identifier of this wallet (bound into every record's additional data).
    public nonisolated let walletId: [UInt8]

    private let database: DatabaseQueue
    private let policy: KDFPolicy
    private let logger: Logger
    private var header: KeystoreHeader
    private var unlocked: (dataKey: SecureBytes, keys: KeystoreKeys)?

    /// Kinds and ids are non-empty, at most this many UTF-8 bytes.
    public static let maximumNameLength = 256

    private init(directory: URL, database: DatabaseQueue, header: KeystoreHeader, policy: KDFPolicy, logger: Logger,
                 dataKey: SecureBytes? = nil) {
        self.directory = directory
        self.databaseURL = WalletLocation.databaseURL(in: directory)
        self.database = database
        self.header = header
        self.walletId = header.walletId
        self.policy = policy
        self.logger = logger
        self.unlocked = dataKey.map { ($0, KeystoreKeys(dataKey: $0)) }
    }

    public static let noOpLogger = Logger(label: "Keystore", factory: { _ in SwiftLogNoOpLogHandler() })

    // MARK: Create and open

    /// Creates a new wallet in `directory` (created with mode 0700 if needed) and returns it unlocked.
    public static func create(
        at directory: URL, passphrase: Passphrase, parameters: Argon2id.Parameters = KDFPreset.default.parameters,
        policy: KDFPolicy = .standard, pageSize: Int = 4096, logger: Logger = noOpLogger
    ) throws(KeystoreError) -> Keystore {
        precondition([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536].contains(pageSize), "pageSize must be a power of two from 512 to 65536")
        guard policy.allows(parameters) else {
            throw KeystoreError(.unsupportedFormat, "KDF parameters \(parameters) are outside the accepted range")
        }
        let manager = FileManager.default
        let databaseURL = WalletLocation.databaseURL(in: directory)
        if manager.fileExists(atPath: databaseURL.path) {
            throw KeystoreError(.alreadyExists, "a wallet already exists at \(directory.path)")
        }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeystoreError(.storageFailure, "cannot create the wallet directory \(directory.path): \(error.localizedDescription)")
        }
        // Create the file with mode 0600 before SQLite opens it; SQLite gives its -wal and -shm
        // files the same mode.
        let descriptor = Foundation.open(databaseURL.path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw KeystoreError(.alreadyExists, "a wallet already exists at \(directory.path)") }
            throw KeystoreError(.storageFailure, "cannot create \(databaseURL.path): \(String(cString: strerror(errno)))")
        }
        Foundation.close(descriptor)

        let header = KeystoreHeader(walletId: SecureRandom.bytes(count: 16), parameters: parameters,
                                    salt: SecureRandom.bytes(count: Argon2id.saltLength))
        let dataKey = SecureBytes.random(count: 32)
        do {
            let wrapped = try wrap(dataKey, passphrase: passphrase, header: header)
            let database = try openDatabase(databaseURL, pageSize: pageSize)
            try mapStorageErrors {
                try database.write { db in
                    try db.execute(sql: Schema.version1)
                    try db.execute(sql: "INSERT INTO header (id, header, wrapped_key) VALUES (1, ?, ?)",
                                   arguments: [Data(header.encoded), Data(wrapped)])
                    try db.execute(sql: "PRAGMA user_version = 1")
                }
            }
            let keystore = Keystore(directory: directory, database: database, header: header, policy: policy, logger: logger, dataKey: dataKey)
            logger.info("wallet created", metadata: ["walletId": "\(Hex.encode(header.walletId))"])
            return keystore
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: databaseURL.path + suffix) }
            throw error
        }
    }

    /// Opens the wallet in `directory`, locked. Fails with `notFound` if there is none, and with
    /// `corrupted` or `unsupportedFormat` if its header cannot be read — before any KDF work.
    public static func open(at directory: URL, policy: KDFPolicy = .standard, logger: Logger = noOpLogger) throws(KeystoreError) -> Keystore {
        let databaseURL = WalletLocation.databaseURL(in: directory)
        guard FileManager.default.fileExists(atPath: databaseURL.path) else {
            throw KeystoreError(.notFound, "no wallet at \(directory.path) (create one with `wallet init`)")
        }
        let database = try openDatabase(databaseURL)
        let header = try readHeader(database, policy: policy).header
        return Keystore(directory: directory, database: database, header: header, policy: policy, logger: logger)
    }

    private static func openDatabase(_ url: URL, pageSize: Int? = nil) throws(KeystoreError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(30)
        configuration.label = "wallet"
        configuration.prepareDatabase { db in
            // Only takes effect on a new, empty database, before WAL mode is set.
            if let pageSize { try db.execute(sql: "PRAGMA page_size = \(pageSize)") }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Up to 64 MiB of page cache (SQLite's default is 2 MiB): listings of large wallets
            // then read pages from memory instead of the file. Pages hold only sealed bytes.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return try mapStorageErrors { try DatabaseQueue(path: url.path, configuration: configuration) }
    }

    private static func readHeader(_ database: DatabaseQueue, policy: KDFPolicy) throws(KeystoreError) -> (header: KeystoreHeader, wrapped: [UInt8]) {
        let row: (version: Int, header: [UInt8]?, wrapped: [UInt8]?) = try mapStorageErrors {
            try database.read { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                guard version == 1 else { return (version, nil, nil) }
                guard let row = try Row.fetchOne(db, sql: "SELECT header, wrapped_key FROM header WHERE id = 1") else {
                    return (version, nil, nil)
                }
                let header: Data? = row["header"]
                let wrapped: Data? = row["wrapped_key"]
                return (version, header.map { Array($0) }, wrapped.map { Array($0) })
            }
        }
        guard row.version == 1 else {
            if row.version == 0 { throw KeystoreError(.corrupted, "the database is not a swift-did-wallet keystore (user_version 0)") }
            throw KeystoreError(.unsupportedFormat, "keystore schema version \(row.version) is not supported (this version reads 1)")
        }
        guard let headerBytes = row.header, let wrapped = row.wrapped else {
            throw KeystoreError(.corrupted, "the keystore header row is missing or incomplete")
        }
        let header = try KeystoreHeader(decoding: headerBytes, policy: policy)
        guard wrapped.count == 24 + 32 + 16 else {
            throw KeystoreError(.corrupted, "the wrapped data key has \(wrapped.count) bytes, expected 72")
        }
        return (header, wrapped)
    }

    private static func wrap(_ dataKey: SecureBytes, passphrase: Passphrase, header: KeystoreHeader) throws(KeystoreError) -> [UInt8] {
        let keyEncryptionKey = try deriveKeyEncryptionKey(passphrase, header: header)
        let box = try! XChaCha20Poly1305.seal(dataKey, key: keyEncryptionKey, additionalData: header.encoded)
        return box.nonce + box.ciphertextAndTag
    }

    private static func deriveKeyEncryptionKey(_ passphrase: Passphrase, header: KeystoreHeader) throws(KeystoreError) -> SecureBytes {
        do {
            return try Argon2id.deriveKey(passphrase: passphrase.bytes, salt: header.salt, parameters: header.parameters)
        } catch {
            throw KeystoreError(.storageFailure, "the key derivation failed: \(error.code)")
        }
    }

    // MARK: Lock state

    public var isUnlocked: Bool { unlocked != nil }

    /// The stored KDF parameters.
    public var kdfParameters: Argon2id.Parameters { header.parameters }

    /// Unlocks with `passphrase`, after the full KDF; `wrongPassphrase` releases nothing. When
    /// `upgradeTo` is stronger than the stored parameters, the data key is re-wrapped with them.
    public func unlock(_ passphrase: Passphrase, upgradeTo target: Argon2id.Parameters? = nil) throws(KeystoreError) {
        let (header, wrapped) = try Self.readHeader(database, policy: policy)
        let keyEncryptionKey = try Self.deriveKeyEncryptionKey(passphrase, header: header)
        let box = XChaCha20Poly1305.SealedBox(nonce: Array(wrapped[0..<24]), ciphertextAndTag: Array(wrapped[24...]))
        let dataKey: SecureBytes
        do {
            dataKey = try XChaCha20Poly1305.openSecret(box, key: keyEncryptionKey, additionalData: header.encoded)
        } catch {
            logger.notice("unlock refused")
            throw KeystoreError(.wrongPassphrase, "the passphrase is wrong (or the keystore header was changed)")
        }
        guard header.walletId == walletId else {
            throw KeystoreError(.corrupted, "the wallet id in the header changed while the wallet was open")
        }
        self.header = header
        unlocked = (dataKey, KeystoreKeys(dataKey: dataKey))
        if let target, header.parameters.isWeaker(than: target), policy.allows(target) {
            try rewrap(passphrase: passphrase, parameters: target)
            logger.info("KDF parameters upgraded", metadata: ["ops": "\(target.opsLimit)", "mem": "\(target.memLimit)"])
        }
    }

    /// Forgets the keys. Records stay on disk, sealed.
    public func lock() { unlocked = nil }

    /// Re-wraps the data key under `new` (fresh salt and nonce); records are untouched
    /// (security requirement 6). `old` must unlock the wallet.
    public func changePassphrase(from old: Passphrase, to new: Passphrase, parameters: Argon2id.Parameters? = nil) throws(KeystoreError) {
        try unlock(old)
        try rewrap(passphrase: new, parameters: parameters ?? header.parameters)
    }

    private func rewrap(passphrase: Passphrase, parameters: Argon2id.Parameters) throws(KeystoreError) {
        guard let dataKey = unlocked?.dataKey else { throw KeystoreError(.locked, "the wallet is locked") }
        guard policy.allows(parameters) else {
            throw KeystoreError(.unsupportedFormat, "KDF parameters \(parameters) are outside the accepted range")
        }
        let oldHeader = header
        let newHeader = KeystoreHeader(walletId: walletId, parameters: parameters, salt: SecureRandom.bytes(count: Argon2id.saltLength))
        let wrapped = try Self.wrap(dataKey, passphrase: passphrase, header: newHeader)
        let changed: Int = try Self.mapStorageErrors {
            try database.write { db in
                try db.execute(sql: "UPDATE header SET header = ?, wrapped_key = ? WHERE id = 1 AND header = ?",
                               arguments: [Data(newHeader.encoded), Data(wrapped), Data(oldHeader.encoded)])
                return db.changesCount
            }
        }
        guard changed == 1 else {
            throw KeystoreError(.storageFailure, "the keystore header was changed by another process; try again")
        }
        header = newHeader
    }

    // MARK: Records

    private func requireKeys() throws(KeystoreError) -> KeystoreKeys {
        guard let keys = unlocked?.keys else { throw KeystoreError(.locked, "the wallet is locked") }
        return keys
    }

    private static func checkName(_ name: String, _ what: String) throws(KeystoreError) {
        guard !name.isEmpty, name.utf8.count <= maximumNameLength else {
            throw KeystoreError(.notFound, "a record \(what) is 1 to \(maximumNameLength) bytes")
        }
    }

    /// Stores a new record; `alreadyExists` if one with this kind and id exists. `indexes` are
    /// searchable fields, stored only as blind indexes.
    public func insert(kind: String, id: String, payload: some ContiguousBytes, indexes: [String: String] = [:]) throws(KeystoreError) {
        try write(kind: kind, id: id, payload: payload, indexes: indexes, mustBeNew: true)
    }

    /// Stores a record, replacing one with the same kind and id.
    public func save(kind: String, id: String, payload: some ContiguousBytes, indexes: [String: String] = [:]) throws(KeystoreError) {
        try write(kind: kind, id: id, payload: payload, indexes: indexes, mustBeNew: false)
    }

    /// A record to store with ``insert(_:)``.
    public struct NewRecord: Sendable {
        public let kind: String
        public let id: String
        public let payload: [UInt8]
        public let indexes: [String: String]

        public init(kind: String, id: String, payload: [UInt8], indexes: [String: String] = [:]) {
            self.kind = kind
            self.id = id
            self.payload = payload
            self.indexes = indexes
        }
    }

    /// Stores many new records in one transaction: all or none (`alreadyExists` if any exists).
    public func insert(_ records: [NewRecord]) throws(KeystoreError) {
        let keys = try requireKeys()
        var prepared: [PreparedWrite] = []
        prepared.reserveCapacity(records.count)
        for record in records {
            prepared.append(try prepare(kind: record.kind, id: record.id, payload: record.payload, indexes: record.indexes, keys: keys))
        }
        let walletId = self.walletId
        let outcome: KeystoreError? = try Self.mapStorageErrors {
            try database.write { db -> KeystoreError? in
                var manifests: [String: Manifest] = [:]
                for write in prepared {
                    if manifests[write.kind] == nil { manifests[write.kind] = try Self.loadManifest(db, kind: write.kind, keys: keys, walletId: walletId) }
                    if let error = try Self.apply(write, db: db, manifest: &manifests[write.kind]!, mustBeNew: true, keys: keys) {
                        throw error  // throwing rolls the whole transaction back
                    }
                }
                for (kind, manifest) in manifests { try Self.storeManifest(db, manifest, kind: kind, keys: keys, walletId: walletId) }
                return nil
            }
        }
        if let outcome { throw outcome }
    }

    /// A record sealed and indexed, ready for a transaction.
    struct PreparedWrite {
        let kind: String
        let id: String
        let sealed: [UInt8]
        let indexes: [IndexEntry]
    }

    private func prepare(kind: String, id: String, payload: some ContiguousBytes, indexes: [String: String], keys: KeystoreKeys) throws(KeystoreError) -> PreparedWrite {
        try Self.checkName(kind, "kind")
        try Self.checkName(id, "id")
        guard !kind.hasPrefix("_") else { throw KeystoreError(.notFound, "record kinds starting with '_' are reserved") }
        let sealed = RecordSealing.seal(payload, keys: keys, walletId: walletId, kind: kind, id: id)
        let blind = indexes.sorted { $0.key < $1.key }.map { entry in
            let value = RecordSealing.blindIndex(kind: kind, field: entry.key, value: entry.value, keys: keys)
            return IndexEntry(field: entry.key, value: value, tag: RecordSealing.indexTag(kind: kind, field: entry.key, value: value, id: id, keys: keys))
        }
        return PreparedWrite(kind: kind, id: id, sealed: sealed, indexes: blind)
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
    private static func apply(_ write: PreparedWrite, db: Database, manifest: inout Manifest, mustBeNew: Bool, keys: KeystoreKeys) throws -> KeystoreError? {
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
        // many records of a kind (a listing) touches few pages (docs/keystore-format.md §3).
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

    private func write(kind: String, id: String, payload: some ContiguousBytes, indexes: [String: String], mustBeNew: Bool) throws(KeystoreError) {
        let keys = try requireKeys()
        let walletId = self.walletId
        let write = try prepare(kind: kind, id: id, payload: payload, indexes: indexes, keys: keys)
        let outcome: KeystoreError? = try Self.mapStorageErrors {
            try database.write { db -> KeystoreError? in
                var manifest = try Self.loadManifest(db, kind: kind, keys: keys, walletId: walletId)
                if let error = try Self.apply(write, db: db, manifest: &manifest, mustBeNew: mustBeNew, keys: keys) { throw error }
                try Self.storeManifest(db, manifest, kind: kind, keys: keys, walletId: walletId)
                return nil
            }
        }
        if let outcome { throw outcome }
    }

    /// Stores a secret (a seed, an entropy) as a new record.
    public func insertSecret(kind: String, id: String, secret: SecureBytes) throws(KeystoreError) {
        try write(kind: kind, id: id, payload: secret, indexes: [:], mustBeNew: true)
    }

    /// The payload of a record; `notFound` if there is none, `corrupted` if it fails authentication.
    public func payload(kind: String, id: String) throws(KeystoreError) -> [UInt8] {
        let keys = try requireKeys()
        return try RecordSealing.open(try fetchSealed(kind: kind, id: id), keys: keys, walletId: walletId, kind: kind, id: id)
    }

    /// A secret record's payload, opened straight into secure memory.
    public func secret(kind: String, id: String) throws(KeystoreError) -> SecureBytes {
        let keys = try requireKeys()
        return try RecordSealing.openSecret(try fetchSealed(kind: kind, id: id), keys: keys, walletId: walletId, kind: kind, id: id)
    }

    private func fetchSealed(kind: String, id: String) throws(KeystoreError) -> [UInt8] {
        let sealed: Data? = try Self.mapStorageErrors {
            try database.read { db in try Data.fetchOne(db, sql: "SELECT sealed FROM record WHERE kind = ? AND id = ?", arguments: [kind, id]) }
        }
        guard let sealed else { throw KeystoreError(.notFound, "no \(kind) record \(id)") }
        return Array(sealed)
    }

    /// Every record of `kind`, ordered by id, after checking them against the kind's manifest:
    /// a row removed, added, moved or changed outside the keystore fails with `corrupted`.
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
    /// against the manifest like ``records(kind:)``.
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
        // Rows and index entries both in id order (SQLite's BINARY collation: UTF-8 bytes),
        // read through cursors, then matched by a merge instead of a dictionary.
        let (rows, entries, manifest): ([(String, [UInt8])], [(id: String, entry: IndexEntry)], Manifest) = try Self.mapStorageErrors {
            try database.read { db in
                var rows: [(String, [UInt8])] = []
                let rowCursor = try Row.fetchCursor(db, sql: "SELECT id, sealed FROM record WHERE kind = ? ORDER BY id", arguments: [kind])
                while let row = try rowCursor.next() {
                    rows.append((row[0], try row.withUnsafeData(atIndex: 1) { $0.map { Array($0) } ?? [] }))
                }
                var entries: [(id: String, entry: IndexEntry)] = []
                let entryCursor = try Row.fetchCursor(db, sql: "SELECT id, field, value, tag FROM record_index WHERE kind = ? ORDER BY id, field", arguments: [kind])
                while let row = try entryCursor.next() {
                    let value = try row.withUnsafeData(atIndex: 2) { $0.map { Array($0) } ?? [] }
                    let tag = try row.withUnsafeData(atIndex: 3) { $0.map { Array($0) } ?? [] }
                    entries.append((row[0], IndexEntry(field: row[1], value: value, tag: tag)))
                }
                return (rows, entries, try Self.loadManifest(db, kind: kind, keys: keys, walletId: walletId))
            }
        }
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
        let tags = try Self.concurrentMap(Array(rows.indices)) { index throws(KeystoreError) in
            RecordSealing.manifestTag(kind: kind, id: rows[index].0, sealed: rows[index].1, indexes: entries[entryRanges[index]].map(\.entry), keys: keys)
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
        let blind = RecordSealing.blindIndex(kind: kind, field: field, value: value, keys: keys)
        let rows: [(id: String, tag: [UInt8])] = try Self.mapStorageErrors {
            try database.read { db in
                try Row.fetchAll(db, sql: "SELECT id, tag FROM record_index WHERE kind = ? AND field = ? AND value = ? ORDER BY id",
                                 arguments: [kind, field, Data(blind)]).map { row in
                    let tag: Data = row["tag"]
                    return (row["id"], Array(tag))
                }
            }
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
                    rows.append((row[0], tag, sealed))
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

    /// `transform` over `elements` in order, on all cores for long inputs; the first error (by
    /// position) is thrown.
    static func concurrentMap<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) throws(KeystoreError) -> Result
    ) throws(KeystoreError) -> [Result] {
        let count = elements.count
        guard count >= 512 else {
            var output: [Result] = []
            output.reserveCapacity(count)
            for element in elements { output.append(try transform(element)) }
            return output
        }
        let chunks = min(ProcessInfo.processInfo.activeProcessorCount * 4, count / 128)
        let results = ConcurrentResults<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
            for index in range {
                do throws(KeystoreError) { results.set(index, try transform(elements[index])) } catch {
                    results.fail(index, error)
                    return
                }
            }
        }
        return try results.collect()
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

    /// Deletes a record and its indexes; `notFound` if there is none.
    public func delete(kind: String, id: String) throws(KeystoreError) {
        let keys = try requireKeys()
        let walletId = self.walletId
        let found: Bool = try Self.mapStorageErrors {
            try database.write { db in
                guard let existing = try Data.fetchOne(db, sql: "SELECT sealed FROM record WHERE kind = ? AND id = ?", arguments: [kind, id]) else {
                    return false
                }
                var manifest = try Self.loadManifest(db, kind: kind, keys: keys, walletId: walletId)
                let oldIndexes = try Self.indexEntries(db, kind: kind, id: id)
                manifest.toggle(RecordSealing.manifestTag(kind: kind, id: id, sealed: Array(existing), indexes: oldIndexes, keys: keys))
                manifest.count = manifest.count > 0 ? manifest.count - 1 : 0
                try db.execute(sql: "DELETE FROM record WHERE kind = ? AND id = ?", arguments: [kind, id])
                try db.execute(sql: "DELETE FROM record_index WHERE kind = ? AND id = ?", arguments: [kind, id])
                try Self.storeManifest(db, manifest, kind: kind, keys: keys, walletId: walletId)
                return true
            }
        }
        guard found else { throw KeystoreError(.notFound, "no \(kind) record \(id)") }
    }

    /// Writes the WAL back into the database file, so that the wallet is one self-contained file.
    public func checkpoint() throws(KeystoreError) {
        try Self.mapStorageErrors {
            _ = try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// Checkpoints and closes the database; the keystore cannot be used afterwards.
    public func close() throws(KeystoreError) {
        unlocked = nil
        try? checkpoint()
        try Self.mapStorageErrors { try database.close() }
    }

    // MARK: Manifests

    private static let manifestKind = "_manifest"

    private static func loadManifest(_ db: Database, kind: String, keys: KeystoreKeys, walletId: [UInt8]) throws -> Manifest {
        guard let sealed = try Data.fetchOne(db, sql: "SELECT sealed FROM manifest WHERE kind = ?", arguments: [kind]) else {
            return .empty
        }
        let bytes = try RecordSealing.open(Array(sealed), keys: keys, walletId: walletId, kind: manifestKind, id: kind)
        return try Manifest(decoding: bytes, kind: kind)
    }

    private static func indexEntries(_ db: Database, kind: String, id: String) throws -> [IndexEntry] {
        try Row.fetchAll(db, sql: "SELECT field, value, tag FROM record_index WHERE kind = ? AND id = ? ORDER BY field", arguments: [kind, id]).map { row in
            let value: Data = row["value"], tag: Data = row["tag"]
            return IndexEntry(field: row["field"], value: Array(value), tag: Array(tag))
        }
    }

    private static func storeManifest(_ db: Database, _ manifest: Manifest, kind: String, keys: KeystoreKeys, walletId: [UInt8]) throws {
        let sealed = RecordSealing.seal(manifest.encoded, keys: keys, walletId: walletId, kind: manifestKind, id: kind)
        try db.execute(sql: "INSERT OR REPLACE INTO manifest (kind, sealed) VALUES (?, ?)", arguments: [kind, Data(sealed)])
    }

    // MARK: Errors

    /// Runs `body`, turning SQLite errors into keystore errors with codes.
    static func mapStorageErrors<T>(_ body: () throws -> T) throws(KeystoreError) -> T {
        do {
            return try body()
        } catch let error as KeystoreError {
            throw error
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT, .SQLITE_MISMATCH, .SQLITE_RANGE, .SQLITE_CONSTRAINT, .SQLITE_ERROR, .SQLITE_SCHEMA, .SQLITE_TOOBIG:
                throw KeystoreError(.corrupted, "the wallet database is damaged: \(error.message ?? "\(error.resultCode)")")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                throw KeystoreError(.storageFailure, "the wallet is busy (locked by another process for too long)")
            default:
                throw KeystoreError(.storageFailure, "the wallet database failed: \(error.message ?? "\(error.resultCode)")")
            }
        } catch {
            throw KeystoreError(.corrupted, "unexpected data in the wallet: \(error)")
        }
    }
}

/// The SQL schema, version 1 (docs/keystore-format.md §1).
enum Schema {
    static let version1 = """
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
