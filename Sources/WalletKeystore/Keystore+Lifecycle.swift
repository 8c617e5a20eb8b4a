public import Foundation
import GRDB
public import Logging
public import WalletCrypto

/// Creating, opening and replacing a wallet's database.
extension Keystore {
    /// The database file's name inside a wallet directory.
    public static let databaseFileName = "wallet.sqlite"

    /// The database file inside a wallet directory.
    public static func databaseURL(in directory: URL) -> URL {
        directory.appendingPathComponent(databaseFileName)
    }

    // MARK: Create

    /// Creates a new wallet in `directory` (created with mode 0700 if needed) holding `records`,
    /// and returns it unlocked.
    ///
    /// The new database is built completely — schema, header, every record, manifests and
    /// commitment in one transaction — in a temporary file beside the wallet's, closed, and only
    /// then put in place: hard-linked to the wallet's name when there is no wallet
    /// (`alreadyExists` if one appeared meanwhile), or renamed over the existing wallet when
    /// `replacingExisting` (rename(2) is atomic: a reader sees the old wallet or the new one,
    /// never a mix). Any failure before that leaves the directory as it was.
    public static func create(
        at directory: URL, passphrase: Passphrase, parameters: Argon2id.Parameters,
        policy: KDFPolicy = .standard, pageSize: Int = 4096, records: [NewRecord] = [], replacingExisting: Bool = false,
        logger: Logger = noOpLogger
    ) throws(KeystoreError) -> Keystore {
        precondition([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536].contains(pageSize), "pageSize must be a power of two from 512 to 65536")
        guard policy.allows(parameters) else {
            throw KeystoreError(.unsupportedFormat, "KDF parameters \(parameters) are outside the accepted range")
        }
        let manager = FileManager.default
        let databaseURL = databaseURL(in: directory)
        if !replacingExisting && manager.fileExists(atPath: databaseURL.path) {
            throw KeystoreError(.alreadyExists, "a wallet already exists at \(directory.path)")
        }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeystoreError(.storageFailure, "cannot create the wallet directory \(directory.path): \(error.localizedDescription)")
        }
        let header = KeystoreHeader(walletId: SecureRandom.bytes(count: 16), parameters: parameters,
                                    salt: SecureRandom.bytes(count: Argon2id.saltLength))
        let dataKey = SecureBytes.random(count: 32)
        let keys = KeystoreKeys(dataKey: dataKey)
        // Sealed and checked before any file is touched.
        var prepared: [PreparedWrite] = []
        prepared.reserveCapacity(records.count)
        for record in records { prepared.append(try record.prepared(keys: keys, walletId: header.walletId)) }
        let wrapped = try wrap(dataKey, passphrase: passphrase, header: header)

        let temporary = directory.appendingPathComponent(".\(databaseFileName).new-\(Hex.encode(SecureRandom.bytes(count: 8)))")
        func removeTemporary() {
            for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: temporary.path + suffix) }
        }
        // Created with mode 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
        let descriptor = Foundation.open(temporary.path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            throw KeystoreError(.storageFailure, "cannot create \(temporary.path): \(String(cString: strerror(errno)))")
        }
        Foundation.close(descriptor)
        do throws(KeystoreError) {
            let building = try openDatabase(temporary, pageSize: pageSize)
            do throws(KeystoreError) {
                try mapStorageErrors {
                    try writeImmediately(building) { db in
                        try db.execute(sql: KeystoreSQL.schema)
                        try db.execute(sql: "INSERT INTO header (id, header, wrapped_key) VALUES (1, ?, ?)",
                                       arguments: [Data(header.encoded), Data(wrapped)])
                        try db.execute(sql: "PRAGMA user_version = \(KeystoreSQL.schemaVersion)")
                        var manifests: [String: Manifest] = [:]
                        for write in prepared {
                            if let error = try apply(write, db: db, manifest: &manifests[write.kind, default: .empty], mustBeNew: true, keys: keys) {
                                throw error
                            }
                        }
                        for (kind, manifest) in manifests { try storeManifest(db, manifest, kind: kind, keys: keys, walletId: header.walletId) }
                        try storeCommitment(db, commitment(over: try sealedManifests(db), keys: keys, walletId: header.walletId))
                    }
                    // The last connection's close folds the WAL into the file and deletes it: the
                    // file put in place below is the whole wallet.
                    _ = try building.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                    try building.close()
                }
            } catch {
                try? building.close()
                throw error
            }
            if replacingExisting {
                try swapIn(temporary, over: databaseURL)
            } else {
                // link(2) fails if the name exists: a wallet created meanwhile is never replaced.
                guard link(temporary.path, databaseURL.path) == 0 else {
                    if errno == EEXIST { throw KeystoreError(.alreadyExists, "a wallet already exists at \(directory.path)") }
                    throw KeystoreError(.storageFailure, "cannot create \(databaseURL.path): \(String(cString: strerror(errno)))")
                }
                removeTemporary()
            }
            syncDirectory(directory)
        } catch {
            removeTemporary()
            throw error
        }
        let database = try openDatabase(databaseURL)
        let keystore = Keystore(directory: directory, database: database, header: header, policy: policy, logger: logger, dataKey: dataKey)
        logger.info(replacingExisting ? "wallet replaced" : "wallet created", metadata: ["walletId": "\(Hex.encode(header.walletId))"])
        return keystore
    }

    /// Renames the complete database at `temporary` over `target`. The old wallet's WAL is first
    /// folded into its file (it would otherwise be replayed into the new file) and its -wal and
    /// -shm files removed; if the old wallet cannot be opened at all, they are removed anyway —
    /// it is being replaced.
    private static func swapIn(_ temporary: URL, over target: URL) throws(KeystoreError) {
        if FileManager.default.fileExists(atPath: target.path) {
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            if let old = try? DatabaseQueue(path: target.path, configuration: configuration) {
                _ = try? old.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                try? old.close()
            }
        }
        for suffix in ["-wal", "-shm"] { unlink(target.path + suffix) }
        guard rename(temporary.path, target.path) == 0 else {
            throw KeystoreError(.storageFailure, "cannot put the new wallet in place: \(String(cString: strerror(errno)))")
        }
    }

    /// Makes a rename or link in `directory` durable.
    private static func syncDirectory(_ directory: URL) {
        let descriptor = Foundation.open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        Foundation.close(descriptor)
    }

    // MARK: Open

    /// Opens the wallet in `directory`, locked. Fails with `notFound` if there is none, and with
    /// `corrupted` or `unsupportedFormat` if its header cannot be read — before any KDF work.
    public static func open(at directory: URL, policy: KDFPolicy = .standard, logger: Logger = noOpLogger) throws(KeystoreError) -> Keystore {
        let databaseURL = databaseURL(in: directory)
        guard FileManager.default.fileExists(atPath: databaseURL.path) else {
            throw KeystoreError(.notFound, "no wallet at \(directory.path) (create one with `wallet init`)")
        }
        let database = try openDatabase(databaseURL)
        let header: KeystoreHeader
        do { header = try readHeader(database, policy: policy).header } catch {
            try? database.close()
            throw error
        }
        return Keystore(directory: directory, database: database, header: header, policy: policy, logger: logger)
    }

    static func openDatabase(_ url: URL, pageSize: Int? = nil) throws(KeystoreError) -> DatabaseQueue {
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

    static func readHeader(_ database: DatabaseQueue, policy: KDFPolicy) throws(KeystoreError) -> (header: KeystoreHeader, wrapped: [UInt8]) {
        let row: (version: Int, header: [UInt8]?, wrapped: [UInt8]?) = try mapStorageErrors {
            try database.read { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                guard version == KeystoreSQL.schemaVersion else { return (version, nil, nil) }
                guard let row = try Row.fetchOne(db, sql: "SELECT header, wrapped_key FROM header WHERE id = 1") else {
                    return (version, nil, nil)
                }
                let header: Data? = try row.keystoreColumn("header")
                let wrapped: Data? = try row.keystoreColumn("wrapped_key")
                return (version, header.map { Array($0) }, wrapped.map { Array($0) })
            }
        }
        guard row.version == KeystoreSQL.schemaVersion else {
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

    /// The stored header bytes, read inside a transaction.
    static func storedHeader(_ db: Database) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: "SELECT header FROM header WHERE id = 1").map { Array($0) }
    }

    static func wrap(_ dataKey: SecureBytes, passphrase: Passphrase, header: KeystoreHeader) throws(KeystoreError) -> [UInt8] {
        let keyEncryptionKey = try deriveKeyEncryptionKey(passphrase, header: header)
        let box = try! XChaCha20Poly1305.seal(dataKey, key: keyEncryptionKey, additionalData: header.encoded)
        return box.nonce + box.ciphertextAndTag
    }

    static func deriveKeyEncryptionKey(_ passphrase: Passphrase, header: KeystoreHeader) throws(KeystoreError) -> SecureBytes {
        do {
            return try Argon2id.deriveKey(passphrase: passphrase.bytes, salt: header.salt, parameters: header.parameters)
        } catch {
            throw KeystoreError(.storageFailure, "the key derivation failed: \(error.code)")
        }
    }
}
