import DIDCore
public import Foundation
public import Keystore
public import Logging
import StrictJSON
import VerifiableCredentials
public import WalletCrypto

/// The wallet that apps embed: keys, DIDs and (later) credentials in an encrypted keystore.
///
/// Every key derives from the wallet's BIP-39 recovery phrase by SLIP-0010 at
/// `m/7337'/0'/n'` for the n-th key (docs/keystore-format.md §8), so a wallet rebuilt from its
/// phrase creates the same keys and DIDs in the same order. Private keys never leave the actor:
/// signing goes through ``signer(for:)``.
public actor Wallet {
    let keystore: Keystore
    private let logger: Logger

    /// The derivation path of key `index`.
    public static func derivationPath(index: UInt32) -> String { "m/7337'/0'/\(index)'" }

    static let metaKind = "wallet", metaId = "wallet"
    static let recoveryKind = "recovery", recoveryId = "entropy"
    static let keyKind = "key", seedKind = "key-seed", didKind = "did"

    init(keystore: Keystore, logger: Logger) {
        self.keystore = keystore
        self.logger = logger
    }

    public var directory: URL { keystore.directory }

    // MARK: Create, open, lock

    /// Creates a wallet: a new 24-word recovery phrase, or `recoveryPhrase` to rebuild one.
    /// Returns the unlocked wallet.
    public static func create(
        at directory: URL, passphrase: Passphrase, kdf: Argon2id.Parameters = KDFPreset.default.parameters,
        policy: KDFPolicy = .standard, recoveryPhrase: Mnemonic? = nil, logger: Logger = Keystore.noOpLogger
    ) async throws(WalletError) -> Wallet {
        let presetName = KDFPreset.allCases.first { $0.parameters == kdf }?.rawValue ?? "custom"
        let mnemonic = recoveryPhrase ?? Mnemonic(wordCount: 24)
        let keystore: Keystore
        do throws(KeystoreError) {
            keystore = try Keystore.create(at: directory, passphrase: passphrase, parameters: kdf, policy: policy, logger: logger)
            try await keystore.insertSecret(kind: recoveryKind, id: recoveryId, secret: mnemonic.unsafeExportEntropy())
            let meta: JSONValue = ["version": 1, "created": .string(WalletDates.format(Date())), "nextKeyIndex": 0,
                                   "kdfPreset": .string(presetName)]
            try await keystore.insert(kind: metaKind, id: metaId, payload: meta.compactString.utf8Bytes)
        } catch {
            throw WalletError(error)
        }
        return Wallet(keystore: keystore, logger: logger)
    }

    /// Opens the wallet in `directory`, locked.
    public static func open(at directory: URL, policy: KDFPolicy = .standard, logger: Logger = Keystore.noOpLogger) throws(WalletError) -> Wallet {
        do { return Wallet(keystore: try Keystore.open(at: directory, policy: policy, logger: logger), logger: logger) } catch {
            throw WalletError(error)
        }
    }

    /// Unlocks with `passphrase`. When the stored KDF parameters are weaker than the current
    /// values of the preset the wallet was created with (presets grow stronger over releases),
    /// the data key is re-wrapped with the current values.
    public func unlock(_ passphrase: Passphrase) async throws(WalletError) {
        do { try await keystore.unlock(passphrase) } catch { throw WalletError(error) }
        guard let name = try? await loadMeta()["kdfPreset"]?.stringValue, let preset = KDFPreset(rawValue: name) else { return }
        if await keystore.kdfParameters.isWeaker(than: preset.parameters) {
            do { try await keystore.unlock(passphrase, upgradeTo: preset.parameters) } catch { throw WalletError(error) }
            logger.info("KDF parameters upgraded to the current \(name) preset")
        }
    }

    public func lock() async { await keystore.lock() }

    /// Re-wraps the data key under `new` (records are untouched), optionally with new KDF parameters.
    public func changePassphrase(from old: Passphrase, to new: Passphrase, kdf: Argon2id.Parameters? = nil) async throws(WalletError) {
        do { try await keystore.changePassphrase(from: old, to: new, parameters: kdf) } catch { throw WalletError(error) }
        if let kdf {
            var meta = try await loadMeta()
            meta["kdfPreset"] = .string(KDFPreset.allCases.first { $0.parameters == kdf }?.rawValue ?? "custom")
            let payload = JSONValue.object(meta).compactString.utf8Bytes
            try await keystoreCall { try await $0.save(kind: Self.metaKind, id: Self.metaId, payload: payload) }
        }
    }

    public var kdfParameters: Argon2id.Parameters { get async { await keystore.kdfParameters } }

    /// Checkpoints and closes the wallet's database.
    public func close() async {
        try? await keystore.close()
    }

    // MARK: Recovery phrase

    /// The recovery phrase. Show it only to its owner.
    public func recoveryPhrase() async throws(WalletError) -> Mnemonic {
        let entropy = try await keystoreCall { try await $0.secret(kind: Self.recoveryKind, id: Self.recoveryId) }
        do { return try Mnemonic(entropy: entropy) } catch { throw WalletError(.corrupted, "the stored recovery entropy is invalid") }
    }

    // MARK: Keys

    /// Creates the next key: derived from the recovery phrase at the next index.
    public func createKey(label: String? = nil) async throws(WalletError) -> KeyInfo {
        try Self.checkLabel(label)
        var meta = try await loadMeta()
        guard let next = meta["nextKeyIndex"]?.numberValue?.int64Value, let index = UInt32(exactly: next), index < SLIP10.hardenedOffset else {
            throw WalletError(.corrupted, "the wallet's key counter is invalid")
        }
        let mnemonic = try await recoveryPhrase()
        let path = Self.derivationPath(index: index)
        let seed: SecureBytes
        do {
            seed = try SLIP10.derive(seed: mnemonic.seed(), path: SLIP10.parsePath(path)).privateKey
        } catch {
            throw WalletError(.corrupted, "key derivation failed: \(error.code)")
        }
        let privateKey = try! Ed25519.PrivateKey(seed: seed)
        let info = KeyInfo(id: "key-\(index)", index: index, label: label, publicKey: privateKey.publicKey, derivationPath: path, created: Date())
        meta["nextKeyIndex"] = .number(JSONNumber(Int(index) + 1))
        let metaPayload = JSONValue.object(meta).compactString.utf8Bytes
        try await keystoreCall { keystore in
            try await keystore.insertSecret(kind: Self.seedKind, id: info.id, secret: seed)
            try await keystore.insert(kind: Self.keyKind, id: info.id, payload: info.json.compactString.utf8Bytes,
                                      indexes: label.map { ["label": $0] } ?? [:])
            try await keystore.save(kind: Self.metaKind, id: Self.metaId, payload: metaPayload)
        }
        logger.info("key created", metadata: ["keyId": "\(info.id)"])
        return info
    }

    /// Every key, in creation order.
    public func keys() async throws(WalletError) -> [KeyInfo] {
        let records = try await keystoreCall { try await $0.records(kind: Self.keyKind) }
        var keys: [KeyInfo] = []
        for record in records { keys.append(try KeyInfo(json: try Self.parse(record.payload))) }
        return keys.sorted { $0.index < $1.index }
    }

    /// The key with id `id` (`key-<n>`) or label `id`.
    public func key(_ reference: String) async throws(WalletError) -> KeyInfo {
        if let payload = try? await keystore.payload(kind: Self.keyKind, id: reference) {
            return try KeyInfo(json: try Self.parse(payload))
        }
        let ids = try await keystoreCall { try await $0.ids(kind: Self.keyKind, field: "label", value: reference) }
        guard ids.count == 1 else {
            throw WalletError(ids.isEmpty ? .notFound : .invalidArgument,
                              ids.isEmpty ? "no key \(reference)" : "\(ids.count) keys are labelled \(reference); use the key id")
        }
        return try KeyInfo(json: try Self.parse(try await keystoreCall { try await $0.payload(kind: Self.keyKind, id: ids[0]) }))
    }

    /// Deletes a key that no DID uses (`keyInUse` otherwise).
    public func deleteKey(_ reference: String) async throws(WalletError) {
        let info = try await key(reference)
        let users = try await dids().filter { $0.keyId == info.id }
        guard users.isEmpty else {
            throw WalletError(.keyInUse, "key \(info.id) is used by \(users.map(\.did.description).joined(separator: ", ")); delete the DID first")
        }
        try await keystoreCall { keystore in
            try await keystore.delete(kind: Self.keyKind, id: info.id)
            try await keystore.delete(kind: Self.seedKind, id: info.id)
        }
    }

    /// The private key of `keyId`, checked against the stored public key (`keyMismatch`).
    private func privateKey(_ keyId: String) async throws(WalletError) -> Ed25519.PrivateKey {
        let info = try await key(keyId)
        let seed = try await keystoreCall { try await $0.secret(kind: Self.seedKind, id: info.id) }
        guard let privateKey = try? Ed25519.PrivateKey(seed: seed) else {
            throw WalletError(.corrupted, "the stored seed of \(info.id) is invalid")
        }
        guard privateKey.publicKey == info.publicKey else {
            throw WalletError(.keyMismatch, "the stored seed of \(info.id) does not derive its stored public key")
        }
        return privateKey
    }

    /// Signs with a stored key. Prefer ``signer(for:)``.
    public func sign(_ message: [UInt8], withKey keyId: String) async throws(WalletError) -> Ed25519.Signature {
        try await privateKey(keyId).signature(for: message)
    }

    // MARK: DIDs

    /// The DID methods a wallet creates.
    public enum DIDMethod: String, Sendable, CaseIterable {
        case key
        case jwk
    }

    /// Creates a DID with a fresh key.
    public func createDID(method: DIDMethod, label: String? = nil) async throws(WalletError) -> DIDInfo {
        try Self.checkLabel(label)
        if let label, !(try await keystoreCall { try await $0.ids(kind: Self.didKind, field: "label", value: label) }).isEmpty {
            throw WalletError(.alreadyExists, "a DID is already labelled \(label)")
        }
        let key = try await createKey(label: label)
        let did: DID = switch method {
        case .key: DIDKey.did(for: key.publicKey)
        case .jwk: DIDJWK.did(for: key.publicKey)
        }
        let result = await DIDResolverRegistry.standard.resolve(did, options: .init())
        guard let document = result.didDocument else {
            throw WalletError(.corrupted, "the new DID does not resolve: \(result.error?.description ?? "")")
        }
        let info = DIDInfo(recordId: UUID().uuidString.lowercased(), did: did, keyId: key.id, label: label, created: Date(), document: document)
        var indexes = ["did": did.description]
        if let label { indexes["label"] = label }
        try await keystoreCall { try await $0.insert(kind: Self.didKind, id: info.recordId, payload: info.json.compactString.utf8Bytes, indexes: indexes) }
        logger.info("DID created", metadata: ["method": "\(method.rawValue)", "keyId": "\(key.id)"])
        return info
    }

    /// Every DID, in creation order.
    public func dids() async throws(WalletError) -> [DIDInfo] {
        let records = try await keystoreCall { try await $0.records(kind: Self.didKind) }
        var output: [DIDInfo] = []
        for record in records { output.append(try DIDInfo(recordId: record.id, json: try Self.parse(record.payload))) }
        return output.sorted { ($0.created, $0.keyId.count, $0.keyId) < ($1.created, $1.keyId.count, $1.keyId) }
    }

    /// The DID `reference` names: the DID itself or its label.
    public func did(_ reference: String) async throws(WalletError) -> DIDInfo {
        let field = reference.hasPrefix("did:") ? "did" : "label"
        let ids = try await keystoreCall { try await $0.ids(kind: Self.didKind, field: field, value: reference) }
        guard let id = ids.first else { throw WalletError(.notFound, "no DID \(reference) in this wallet") }
        let payload = try await keystoreCall { try await $0.payload(kind: Self.didKind, id: id) }
        return try DIDInfo(recordId: id, json: try Self.parse(payload))
    }

    /// Deletes a DID (its key stays, and can be deleted afterwards).
    public func deleteDID(_ reference: String) async throws(WalletError) {
        let info = try await did(reference)
        try await keystoreCall { try await $0.delete(kind: Self.didKind, id: info.recordId) }
    }

    /// A signer for the DID's assertion method; the private key stays in the wallet.
    public func signer(for reference: String) async throws(WalletError) -> StoredKeySigner {
        let info = try await did(reference)
        guard let method = info.document.verificationMethods(for: .assertionMethod).first else {
            throw WalletError(.invalidArgument, "\(info.did) has no assertion method")
        }
        let privateKey = try await privateKey(info.keyId)  // checks keyMismatch
        return StoredKeySigner(wallet: self, keyId: info.keyId, verificationMethodId: info.document.absoluteId(method.id),
                               publicKey: privateKey.publicKey)
    }

    // MARK: Backup

    /// An authenticated, passphrase-encrypted backup of every record. A passphrase below
    /// ``PassphraseStrength``'s floor is refused with `weakPassphrase` unless
    /// `allowingWeakPassphrase` (a backup file can be attacked offline for as long as anyone likes).
    public func exportBackup(passphrase: Passphrase, kdf: Argon2id.Parameters = KDFPreset.default.parameters,
                             allowingWeakPassphrase: Bool = false) async throws(WalletError) -> [UInt8] {
        let strength = PassphraseStrength(of: passphrase)
        guard allowingWeakPassphrase || strength.isAcceptableForBackup else {
            throw WalletError(.weakPassphrase, """
                the backup passphrase is too weak (\(strength.length) characters, about \(Int(strength.estimatedBits)) bits estimated; \
                at least \(PassphraseStrength.minimumLength) characters and \(Int(PassphraseStrength.minimumBits)) bits are needed)
                """)
        }
        let entries = try await keystoreCall { try await $0.exportEntries() }
        do { return try KeystoreBackup.seal(entries, passphrase: passphrase, parameters: kdf) } catch { throw WalletError(error) }
    }

    /// An unencrypted backup. Anyone who reads it holds every key: only for `--unsafe-plaintext`.
    public func exportUnsafePlaintextBackup() async throws(WalletError) -> [UInt8] {
        KeystoreBackup.unsafePlaintext(try await keystoreCall { try await $0.exportEntries() })
    }

    /// Restores a backup into a new wallet at `directory`, which must not hold one unless
    /// `replacingExisting` (`--force`). Keys, DIDs and the recovery phrase come back identical.
    public static func importBackup(
        _ bytes: [UInt8], backupPassphrase: Passphrase?, into directory: URL, passphrase: Passphrase,
        kdf: Argon2id.Parameters = KDFPreset.default.parameters, policy: KDFPolicy = .standard,
        replacingExisting: Bool = false, logger: Logger = Keystore.noOpLogger
    ) async throws(WalletError) -> Wallet {
        let entries: [KeystoreBackup.Entry]
        do throws(KeystoreError) {
            if KeystoreBackup.isSealedBackup(bytes) {
                guard let backupPassphrase else { throw KeystoreError(.invalidPassphrase, "the backup needs its passphrase") }
                entries = try KeystoreBackup.open(bytes, passphrase: backupPassphrase, policy: policy)
            } else {
                entries = try KeystoreBackup.parseUnsafePlaintext(bytes)
            }
        } catch {
            throw WalletError(error)
        }
        guard entries.contains(where: { $0.kind == recoveryKind }), entries.contains(where: { $0.kind == metaKind }) else {
            throw WalletError(.invalidBackup, "the backup holds no wallet (no recovery phrase or metadata)")
        }
        let database = WalletLocation.databaseURL(in: directory)
        if FileManager.default.fileExists(atPath: database.path) {
            guard replacingExisting else {
                throw WalletError(.alreadyExists, "a wallet already exists at \(directory.path); use --force to replace it")
            }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        }
        do throws(KeystoreError) {
            let keystore = try Keystore.create(at: directory, passphrase: passphrase, parameters: kdf, policy: policy, logger: logger)
            try await keystore.importEntries(entries) { entry in Self.indexes(for: entry) }
            return Wallet(keystore: keystore, logger: logger)
        } catch {
            throw WalletError(error)
        }
    }

    /// The searchable fields of a restored record.
    static func indexes(for entry: KeystoreBackup.Entry) -> [String: String] {
        if entry.kind == credentialKind,
           let json = entry.payload.withUnsafeBytes({ try? JSONValue(parsing: $0) }), let stored = try? StoredCredential(json: json) {
            return searchIndexes(indexFields(stored))
        }
        if entry.kind == statusListKind, let json = entry.payload.withUnsafeBytes({ try? JSONValue(parsing: $0) }),
           let issuer = json["issuer"]?.stringValue {
            return ["issuer": issuer]
        }
        guard entry.kind == didKind || entry.kind == keyKind else { return [:] }
        let json = entry.payload.withUnsafeBytes { try? JSONValue(parsing: $0) }
        var fields: [String: String] = [:]
        if let label = json?["label"]?.stringValue { fields["label"] = label }
        if entry.kind == didKind, let did = json?["did"]?.stringValue { fields["did"] = did }
        return fields
    }

    // MARK: Helpers

    private func loadMeta() async throws(WalletError) -> JSONObject {
        let payload = try await keystoreCall { try await $0.payload(kind: Self.metaKind, id: Self.metaId) }
        guard let object = try Self.parse(payload).objectValue else { throw WalletError(.corrupted, "the wallet metadata is invalid") }
        return object
    }

    private static func parse(_ payload: [UInt8]) throws(WalletError) -> JSONValue {
        do { return try JSONValue(parsing: payload) } catch { throw WalletError(.corrupted, "a record is not valid JSON: \(error.code)") }
    }

    private static func checkLabel(_ label: String?) throws(WalletError) {
        guard let label else { return }
        guard !label.isEmpty, label.utf8.count <= 200, !label.hasPrefix("did:"), !label.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw WalletError(.invalidArgument, "a label is 1 to 200 characters, without control characters, and does not start with \"did:\"")
        }
    }

    /// Runs keystore operations, turning their errors into wallet errors with the same codes.
    func keystoreCall<T>(_ body: (Keystore) async throws -> T) async throws(WalletError) -> T {
        do {
            return try await body(keystore)
        } catch let error as KeystoreError {
            throw WalletError(error)
        } catch let error as WalletError {
            throw error
        } catch {
            throw WalletError(.storageFailure, "\(error)")
        }
    }
}

extension String {
    var utf8Bytes: [UInt8] { Array(utf8) }
}
