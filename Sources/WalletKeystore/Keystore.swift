public import Foundation
import GRDB
public import Logging
public import WalletCrypto

/// The encrypted store on disk: one SQLite database (WAL) holding a header, a wrapped data key,
/// sealed records, blind indexes, per-kind manifests and a commitment over the manifests. The
/// byte layout is specified in docs/keystore-format.md.
///
/// Passphrase → Argon2id → key-encryption key → unwraps the random 32-byte data key →
/// subkeys seal records (XChaCha20-Poly1305, additional data binding wallet id, kind and id) and
/// compute blind indexes. Every change is one SQLite transaction (`BEGIN IMMEDIATE`, synchronous
/// FULL) — a change of several records too, through ``transaction(_:)`` — so a crash loses
/// nothing that was reported committed, never leaves half a change, and concurrent processes
/// serialise on SQLite's lock (with a busy timeout) instead of losing updates.
///
/// The type's concerns live in one file each: opening and creating (`Keystore+Lifecycle`),
/// writing records (`Keystore+Records`, `KeystoreTransaction`), reading them
/// (`Keystore+Listings`), manifests and the commitment (`Keystore+Manifests`), SQL and
/// schema (`KeystoreSQL`).
public actor Keystore {
    /// The wallet's directory.
    public nonisolated let directory: URL
    /// The SQLite database file inside ``directory``.
    public nonisolated let databaseURL: URL
    /// The random identifier of this wallet (bound into every record's additional data).
    public nonisolated let walletId: [UInt8]

    let database: DatabaseQueue
    let policy: KDFPolicy
    let logger: Logger
    var header: KeystoreHeader
    var unlocked: (dataKey: SecureBytes, keys: KeystoreKeys)?
    private var closed = false

    /// Kinds and ids are non-empty, at most this many UTF-8 bytes.
    public static let maximumNameLength = 256

    init(directory: URL, database: DatabaseQueue, header: KeystoreHeader, policy: KDFPolicy, logger: Logger,
         dataKey: SecureBytes? = nil) {
        self.directory = directory
        self.databaseURL = Self.databaseURL(in: directory)
        self.database = database
        self.header = header
        self.walletId = header.walletId
        self.policy = policy
        self.logger = logger
        self.unlocked = dataKey.map { ($0, KeystoreKeys(dataKey: $0)) }
        OpenKeystores.shared.opened(databaseURL.path)
    }

    /// A logger that discards everything: the default, since libraries never configure logging.
    public static let noOpLogger = Logger(label: "Keystore", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The number of keystores of this process open on the wallet in `directory` and not yet
    /// closed with ``close()`` (for tests and diagnostics: every command should leave it at 0).
    public static func openCount(at directory: URL) -> Int {
        OpenKeystores.shared.count(databaseURL(in: directory).path)
    }

    // MARK: Lock state

    /// Whether the data key is available, so that records can be read and written.
    public var isUnlocked: Bool { unlocked != nil }

    /// The stored KDF parameters.
    public var kdfParameters: Argon2id.Parameters { header.parameters }

    /// Unlocks with `passphrase`, after the full KDF; `wrongPassphrase` releases nothing. Checks
    /// the commitment over the manifests (`corrupted` if a kind was removed or rolled back). A
    /// version 1 wallet gets its commitment now (docs/keystore-format.md §6.1). When `upgradeTo`
    /// is stronger than the stored parameters, the data key is re-wrapped with them.
    public func unlock(_ passphrase: Passphrase, upgradeTo target: Argon2id.Parameters? = nil) throws(KeystoreError) {
        let (header, wrapped) = try Self.readHeader(database, policy: policy)
        let keyEncryptionKey = try Self.deriveKeyEncryptionKey(passphrase, header: header)
        let dataKey = try unwrap(wrapped, keyEncryptionKey: keyEncryptionKey, header: header)
        guard header.walletId == walletId else {
            throw KeystoreError(.corrupted, "the wallet id in the header changed while the wallet was open")
        }
        let keys = KeystoreKeys(dataKey: dataKey)
        if header.version < KeystoreHeader.formatVersion {
            self.header = try upgradeToCommitment(from: header, keyEncryptionKey: keyEncryptionKey, dataKey: dataKey, keys: keys)
        } else {
            _ = try Self.mapStorageErrors { try database.read { db in try Self.verifyCommitment(db, keys: keys, walletId: header.walletId) } }
            self.header = header
        }
        unlocked = (dataKey, keys)
        if let target, header.parameters.isWeaker(than: target), policy.allows(target) {
            do { try rewrap(passphrase: passphrase, parameters: target, expecting: self.header) } catch let error as KeystoreError {
                throw error
            } catch {
                throw KeystoreError(.storageFailure, "\(error)")
            }
            logger.info("KDF parameters upgraded", metadata: ["ops": "\(target.opsLimit)", "mem": "\(target.memLimit)"])
        }
    }

    private func unwrap(_ wrapped: [UInt8], keyEncryptionKey: SecureBytes, header: KeystoreHeader) throws(KeystoreError) -> SecureBytes {
        let box = XChaCha20Poly1305.SealedBox(nonce: Array(wrapped[0..<24]), ciphertextAndTag: Array(wrapped[24...]))
        do {
            return try XChaCha20Poly1305.openSecret(box, key: keyEncryptionKey, additionalData: header.encoded)
        } catch {
            logger.notice("unlock refused")
            throw KeystoreError(.wrongPassphrase, "the passphrase is wrong (or the keystore header was changed)")
        }
    }

    /// Gives a version 1 wallet its commitment: in one transaction, the commitment over the
    /// manifests as they are, and the header at version 2 with the data key wrapped again under
    /// the same key-encryption key (the header is the wrapping's additional data, so the version
    /// cannot be set back without the passphrase).
    private func upgradeToCommitment(from old: KeystoreHeader, keyEncryptionKey: SecureBytes, dataKey: SecureBytes,
                                     keys: KeystoreKeys) throws(KeystoreError) -> KeystoreHeader {
        var upgraded = old
        upgraded.version = KeystoreHeader.formatVersion
        let box = try! XChaCha20Poly1305.seal(dataKey, key: keyEncryptionKey, additionalData: upgraded.encoded)
        let wrapped = box.nonce + box.ciphertextAndTag
        let walletId = self.walletId
        try Self.mapStorageErrors {
            try Self.writeImmediately(database) { db in
                let stored = try Self.storedHeader(db)
                if stored == upgraded.encoded {
                    // Another process upgraded it meanwhile (same header, version 2): check its work.
                    try Self.verifyCommitment(db, keys: keys, walletId: walletId)
                    return
                }
                guard stored == old.encoded else {
                    throw KeystoreError(.storageFailure, "the keystore header was changed by another process; try again")
                }
                let manifests = try Self.sealedManifests(db)
                try Self.storeCommitment(db, Self.commitment(over: manifests, keys: keys, walletId: walletId))
                try db.execute(sql: "UPDATE header SET header = ?, wrapped_key = ? WHERE id = 1",
                               arguments: [Data(upgraded.encoded), Data(wrapped)])
            }
        }
        logger.info("keystore upgraded to format version \(upgraded.version)")
        return upgraded
    }

    /// Forgets the keys. Records stay on disk, sealed.
    public func lock() { unlocked = nil }

    /// Re-wraps the data key under `new` (fresh salt and nonce); records are untouched
    /// (security requirement 6). `old` must unlock the wallet. `alsoDo` runs in the same
    /// transaction as the new header (for example to record the new KDF preset), on what is
    /// stored when the transaction starts — never on an earlier read.
    public func changePassphrase(from old: Passphrase, to new: Passphrase, parameters: Argon2id.Parameters? = nil,
                                 alsoDo: (@Sendable (KeystoreTransaction) throws -> Void)? = nil) throws {
        try unlock(old)
        try rewrap(passphrase: new, parameters: parameters ?? header.parameters, expecting: header, alsoDo: alsoDo)
    }

    /// Writes a new header and wrapped key if the stored header is still `expected` (another
    /// process may have changed the passphrase meanwhile: then `storageFailure`, nothing written).
    private func rewrap(passphrase: Passphrase, parameters: Argon2id.Parameters, expecting expected: KeystoreHeader,
                       alsoDo: (@Sendable (KeystoreTransaction) throws -> Void)? = nil) throws {
        guard let dataKey = unlocked?.dataKey else { throw KeystoreError(.locked, "the wallet is locked") }
        guard policy.allows(parameters) else {
            throw KeystoreError(.unsupportedFormat, "KDF parameters \(parameters) are outside the accepted range")
        }
        let newHeader = KeystoreHeader(walletId: walletId, parameters: parameters, salt: SecureRandom.bytes(count: Argon2id.saltLength))
        // The KDF runs before the transaction, so the write lock is held only for the writes.
        let wrapped = try Self.wrap(dataKey, passphrase: passphrase, header: newHeader)
        try transaction { transaction in
            guard try Self.storedHeader(transaction.db) == expected.encoded else {
                throw KeystoreError(.storageFailure, "the keystore header was changed by another process; try again")
            }
            try transaction.db.execute(sql: "UPDATE header SET header = ?, wrapped_key = ? WHERE id = 1",
                                       arguments: [Data(newHeader.encoded), Data(wrapped)])
            try alsoDo?(transaction)
        }
        header = newHeader
    }

    func requireKeys() throws(KeystoreError) -> KeystoreKeys {
        guard let keys = unlocked?.keys else { throw KeystoreError(.locked, "the wallet is locked") }
        return keys
    }

    // MARK: Close

    /// Writes the WAL back into the database file, so that the wallet is one self-contained file.
    public func checkpoint() throws(KeystoreError) {
        try Self.mapStorageErrors {
            _ = try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// Forgets the keys, checkpoints and closes the database; the keystore cannot be used
    /// afterwards. Closing twice does nothing.
    public func close() throws(KeystoreError) {
        unlocked = nil
        guard !closed else { return }
        closed = true
        OpenKeystores.shared.closed(databaseURL.path)
        try? checkpoint()
        try Self.mapStorageErrors { try database.close() }
    }
}

/// The keystores of this process that are open and not yet closed, by database path.
final class OpenKeystores: @unchecked Sendable {
    static let shared = OpenKeystores()
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    func opened(_ path: String) { lock.withLock { counts[path, default: 0] += 1 } }
    func closed(_ path: String) { lock.withLock { counts[path, default: 0] -= 1 } }
    func count(_ path: String) -> Int { lock.withLock { counts[path] ?? 0 } }
}
