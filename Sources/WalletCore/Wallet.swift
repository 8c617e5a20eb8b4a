import DIDCore
public import Foundation
public import WalletKeystore
public import Logging
import StrictJSON
import VerifiableCredentials
public import WalletCrypto

/// The wallet that apps embed: keys, DIDs and (later) credentials in an encrypted keystore.
///
/// Every key derives from the wallet's BIP-39 recovery phrase: the n-th key of a ``KeyType`` at
/// ``KeyType/derivationPath(index:)`` (docs/keystore-format.md §8, decision 0024), one counter per
/// type, so a wallet rebuilt from its phrase creates the same keys and DIDs in the same order per
/// type. Private keys never leave the actor: signing goes through ``signer(for:)``.
public actor Wallet {
    let keystore: Keystore
    let logger: Logger

    /// The derivation path of Ed25519 key `index` (``KeyType/derivationPath(index:)`` for every type).
    public static func derivationPath(index: UInt32) -> String { "m/7337'/0'/\(index)'" }

    static let metaKind = "wallet", metaId = "wallet"
    static let recoveryKind = "recovery", recoveryId = "entropy"
    static let keyKind = "key", seedKind = "key-seed", didKind = "did"

    init(keystore: Keystore, logger: Logger) {
        self.keystore = keystore
        self.logger = logger
    }

    /// The wallet's directory.
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
        let meta: JSONValue = ["version": 1, "created": .string(WalletDates.format(Date())), "nextKeyIndex": 0,
                               "kdfPreset": .string(presetName)]
        // The recovery phrase and the metadata are in the wallet's first transaction: a wallet
        // exists complete or not at all.
        let records = [Keystore.NewRecord(kind: recoveryKind, id: recoveryId, secret: mnemonic.unsafeExportEntropy()),
                       Keystore.NewRecord(kind: metaKind, id: metaId, payload: meta.compactString.utf8Bytes)]
        do throws(KeystoreError) {
            let keystore = try Keystore.create(at: directory, passphrase: passphrase, parameters: kdf, policy: policy, records: records, logger: logger)
            return Wallet(keystore: keystore, logger: logger)
        } catch {
            throw WalletError(error)
        }
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

    /// Forgets the data key: records can no longer be read or written until the wallet is unlocked again.
    public func lock() async { await keystore.lock() }

    /// Re-wraps the data key under `new` (records are untouched), optionally with new KDF parameters.
    /// With `kdf`, the metadata's preset name changes in the same transaction as the header, read
    /// inside it (never from an earlier read that a concurrent change could have made stale).
    public func changePassphrase(from old: Passphrase, to new: Passphrase, kdf: Argon2id.Parameters? = nil) async throws(WalletError) {
        let presetName = kdf.map { kdf in KDFPreset.allCases.first { $0.parameters == kdf }?.rawValue ?? "custom" }
        try await keystoreCall { keystore in
            var update: (@Sendable (KeystoreTransaction) throws -> Void)?
            if let presetName {
                update = { transaction in
                    var meta = try Self.loadMeta(transaction)
                    meta["kdfPreset"] = .string(presetName)
                    try transaction.save(kind: Self.metaKind, id: Self.metaId, payload: JSONValue.object(meta).compactString.utf8Bytes)
                }
            }
            try await keystore.changePassphrase(from: old, to: new, parameters: kdf, alsoDo: update)
        }
    }

    /// The stored KDF parameters.
    public var kdfParameters: Argon2id.Parameters { get async { await keystore.kdfParameters } }

    /// Checkpoints and closes the wallet's database (the keys are forgotten). Closing twice does nothing.
    public func close() async {
        try? await keystore.close()
    }

    /// Runs `body` in one keystore transaction (`BEGIN IMMEDIATE`): all its reads are current and
    /// all its writes commit together, or none (docs/keystore-format.md §1).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (KeystoreTransaction) throws -> T) async throws(WalletError) -> T {
        try await keystoreCall { try await $0.transaction(body) }
    }

    // MARK: Recovery phrase

    /// The recovery phrase. Show it only to its owner.
    public func recoveryPhrase() async throws(WalletError) -> Mnemonic {
        let entropy = try await keystoreCall { try await $0.secret(kind: Self.recoveryKind, id: Self.recoveryId) }
        do { return try Mnemonic(entropy: entropy) } catch { throw WalletError(.corrupted, "the stored recovery entropy is invalid") }
    }

    // MARK: DIDs

    /// The DID methods a wallet creates.
    public enum DIDMethod: String, Sendable, CaseIterable {
        /// `did:key`: the DID is the public key (offline, no document to publish).
        case key
        /// `did:jwk`: the DID is the public JWK (offline, no document to publish).
        case jwk
        /// `did:nda:0x<address>` (NDAChain): the Ethereum address of a secp256k1 key. The wallet
        /// makes the DID and its document; registering it on chain is out of scope.
        case nda
    }

    /// Creates a DID: the label check, the key and the DID in one transaction.
    ///
    /// - Parameters:
    ///   - method: The DID method.
    ///   - keyType: The type of the fresh key; `nil` is Ed25519 for did:key and did:jwk, and
    ///     secp256k1 for did:nda (the only type it takes: `invalidArgument` otherwise).
    ///   - existingKey: A wallet key (id or label) to use instead of a fresh one; its type must
    ///     fit the method (and `keyType`, when given).
    ///   - label: A label to find the DID by.
    public func createDID(method: DIDMethod, keyType: KeyType? = nil, existingKey: String? = nil,
                          label: String? = nil) async throws(WalletError) -> DIDInfo {
        try Self.checkLabel(label)
        let type = keyType ?? (method == .nda ? .secp256k1 : .ed25519)
        guard method != .nda || type == .secp256k1 else {
            throw WalletError(.invalidArgument, "a did:nda is the address of a secp256k1 key, not of a \(type) key")
        }
        var reused: KeyInfo?
        if let existingKey { reused = try await key(existingKey) }
        if let reused, keyType != nil || method == .nda, reused.type != type {
            throw WalletError(.invalidArgument, "key \(reused.id) is a \(reused.type) key, not \(type)")
        }
        let info = try await transaction { [reused] transaction in
            if let label, !(try transaction.ids(kind: Self.didKind, field: "label", value: label)).isEmpty {
                throw WalletError(.alreadyExists, "a DID is already labelled \(label)")
            }
            if let reused, try KeyInfo(json: Self.parse(transaction.payload(kind: Self.keyKind, id: reused.id))).publicKey != reused.publicKey {
                throw WalletError(.notFound, "key \(reused.id) changed meanwhile")
            }
            let key = try reused ?? Self.createKey(type: type, label: label, in: transaction)
            let (did, document) = try Self.didAndDocument(method: method, key: key)
            let info = DIDInfo(recordId: UUID().uuidString.lowercased(), did: did, keyId: key.id, label: label, created: Date(), document: document)
            var indexes = ["did": did.description]
            if let label { indexes["label"] = label }
            if !(try transaction.ids(kind: Self.didKind, field: "did", value: did.description)).isEmpty {
                throw WalletError(.alreadyExists, "\(did) is already in the wallet")
            }
            try transaction.insert(kind: Self.didKind, id: info.recordId, payload: info.json.compactString.utf8Bytes, indexes: indexes)
            return info
        }
        logger.info("DID created", metadata: ["method": "\(method.rawValue)", "keyId": "\(info.keyId)"])
        return info
    }

    /// The DID of `key` by `method` and its document (did:key in the resolver's default form).
    static func didAndDocument(method: DIDMethod, key: KeyInfo) throws(WalletError) -> (DID, DIDDocument) {
        do {
            switch method {
            case .key:
                let did = DIDKey.did(for: key.publicKey)
                return (did, try DIDKey.document(for: did, representation: DIDResolutionOptions().didKeyRepresentation))
            case .jwk:
                let did = DIDJWK.did(for: key.publicKey)
                return (did, try DIDJWK.document(for: did))
            case .nda:
                guard case .secp256k1(let publicKey) = key.publicKey else {
                    throw WalletError(.invalidArgument, "a did:nda is the address of a secp256k1 key")
                }
                return try NDAHolderDocument.didAndDocument(for: publicKey)
            }
        } catch let error as WalletError {
            throw error
        } catch {
            throw WalletError(.corrupted, "the new DID does not resolve: \(error)")
        }
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
        let stored = try await privateKey(info.keyId)  // checks keyMismatch
        return StoredKeySigner(wallet: self, keyId: info.keyId, verificationMethodId: info.document.absoluteId(method.id),
                               publicKey: stored.key.publicKey)
    }

    // MARK: Backup

    /// An authenticated, passphrase-encrypted backup of every record. A passphrase below
    /// `PassphraseStrength`'s floor is refused with `weakPassphrase` unless
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
    ///
    /// The whole backup is checked first (`invalidBackup`: not a backup, a reserved kind, a
    /// record twice, no recovery phrase); the new wallet is then built completely beside the old
    /// one, in one transaction, and renamed over it (`Keystore.create(at:passphrase:parameters:policy:pageSize:records:replacingExisting:logger:)`):
    /// whatever fails, the existing wallet stays as it was.
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
            try KeystoreBackup.validate(entries)
        } catch {
            throw WalletError(error)
        }
        guard entries.contains(where: { $0.kind == recoveryKind && $0.id == recoveryId }),
              entries.contains(where: { $0.kind == metaKind && $0.id == metaId }) else {
            throw WalletError(.invalidBackup, "the backup holds no wallet (no recovery phrase or metadata)")
        }
        if !replacingExisting && FileManager.default.fileExists(atPath: WalletLocation.databaseURL(in: directory).path) {
            throw WalletError(.alreadyExists, "a wallet already exists at \(directory.path) (replacingExisting is false)")
        }
        let records = entries.map { entry in
            Keystore.NewRecord(kind: entry.kind, id: entry.id, secret: entry.payload, indexes: Self.indexes(for: entry))
        }
        do throws(KeystoreError) {
            let keystore = try Keystore.create(at: directory, passphrase: passphrase, parameters: kdf, policy: policy, records: records,
                                               replacingExisting: replacingExisting, logger: logger)
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

    static func loadMeta(_ transaction: KeystoreTransaction) throws -> JSONObject {
        guard let object = try parse(try transaction.payload(kind: metaKind, id: metaId)).objectValue else {
            throw WalletError(.corrupted, "the wallet metadata is invalid")
        }
        return object
    }

    static func parse(_ payload: [UInt8]) throws(WalletError) -> JSONValue {
        do { return try JSONValue(parsing: payload) } catch { throw WalletError(.corrupted, "a record is not valid JSON: \(error.code)") }
    }

    static func checkLabel(_ label: String?) throws(WalletError) {
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
