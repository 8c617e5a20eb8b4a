public import Foundation
import WalletKeystore
import Logging
import StrictJSON
public import WalletCrypto

/// Keys: created from the recovery phrase (decision 0024), listed, deleted, and used to sign
/// inside the actor.
extension Wallet {
    /// Creates the next key of `type`: derived from the recovery phrase at the next index of that
    /// type's counter (docs/keystore-format.md §8). The counter is read and advanced, and the key
    /// and its secret stored, in one transaction: a crash leaves either all or nothing, and
    /// concurrent creators get distinct indexes.
    public func createKey(type: KeyType = .ed25519, label: String? = nil) async throws(WalletError) -> KeyInfo {
        try Self.checkLabel(label)
        let info = try await transaction { transaction in try Self.createKey(type: type, label: label, in: transaction) }
        logger.info("key created", metadata: ["keyId": "\(info.id)", "type": "\(type)"])
        return info
    }

    /// Rebuilds keys after a recovery from the phrase: for each type, creates keys until that
    /// type's counter reaches `counts[type]` (keys already there are kept), all in one
    /// transaction. Since every type has its own counter, the n-th key of a type is the same
    /// whatever order the types were created in before. Returns the keys created.
    ///
    /// At most ``maximumRebuildCount`` keys of a type (`invalidArgument` above): the count comes
    /// from the user, and each key costs a derivation.
    public func rebuildKeys(_ counts: [KeyType: UInt32]) async throws(WalletError) -> [KeyInfo] {
        guard counts.values.allSatisfy({ $0 <= Self.maximumRebuildCount }) else {
            throw WalletError(.invalidArgument, "at most \(Self.maximumRebuildCount) keys of a type are rebuilt at once")
        }
        let created = try await transaction { transaction in
            var created: [KeyInfo] = []
            let seed = try Self.recoverySeed(in: transaction)  // one PBKDF2 for all the keys
            for type in KeyType.allCases {
                guard let target = counts[type] else { continue }
                while try Self.nextIndex(of: type, in: Self.loadMeta(transaction)) < target {
                    created.append(try Self.createKey(type: type, label: nil, in: transaction, seed: seed))
                }
            }
            return created
        }
        logger.info("keys rebuilt", metadata: ["count": "\(created.count)"])
        return created
    }

    /// The most keys of one type ``rebuildKeys(_:)`` creates in one call.
    public static let maximumRebuildCount: UInt32 = 10_000

    /// The BIP-39 seed of the stored recovery phrase (no BIP-39 passphrase).
    static func recoverySeed(in transaction: KeystoreTransaction) throws -> SecureBytes {
        do { return try Mnemonic(entropy: try transaction.secret(kind: recoveryKind, id: recoveryId)).seed() } catch let error as KeystoreError {
            throw error
        } catch {
            throw WalletError(.corrupted, "the stored recovery entropy is invalid")
        }
    }

    /// Creates the next key of `type` in `transaction`, from `seed` when the caller already has it.
    static func createKey(type: KeyType, label: String?, in transaction: KeystoreTransaction, seed: SecureBytes? = nil) throws -> KeyInfo {
        var meta = try loadMeta(transaction)
        let index = try nextIndex(of: type, in: meta)
        let (secret, privateKey) = try derive(type: type, index: index, seed: seed ?? recoverySeed(in: transaction))
        let info = KeyInfo(id: type.keyId(index: index), type: type, index: index, label: label, publicKey: privateKey.publicKey,
                           derivationPath: type.derivationPath(index: index), created: Date())
        meta[type.counterField] = .number(JSONNumber(Int(index) + 1))
        try transaction.insertSecret(kind: seedKind, id: info.id, secret: secret)
        try transaction.insert(kind: keyKind, id: info.id, payload: info.json.compactString.utf8Bytes, indexes: label.map { ["label": $0] } ?? [:])
        try transaction.save(kind: metaKind, id: metaId, payload: JSONValue.object(meta).compactString.utf8Bytes)
        return info
    }

    /// The next index of `type`'s counter: a field absent from the metadata is 0 (wallets made
    /// before key types have only the Ed25519 counter).
    static func nextIndex(of type: KeyType, in meta: JSONObject) throws(WalletError) -> UInt32 {
        guard let field = meta[type.counterField] else {
            if type == .ed25519 { throw WalletError(.corrupted, "the wallet's key counter is missing") }
            return 0
        }
        guard let next = field.numberValue?.int64Value, let index = UInt32(exactly: next), index < BIP32.hardenedOffset else {
            throw WalletError(.corrupted, "the wallet's \(type) key counter is invalid")
        }
        return index
    }

    /// Derives the `index`-th key of `type` from a BIP-39 seed (decision 0024): the stored secret
    /// (the Ed25519 seed, or the ECDSA scalar) and the key.
    static func derive(type: KeyType, index: UInt32, seed: SecureBytes) throws(WalletError) -> (secret: SecureBytes, key: PrivateSigningKey) {
        do {
            let path = type.derivationPath(index: index)
            switch type {
            case .ed25519:
                let secret = try SLIP10.derive(seed: seed, path: SLIP10.parsePath(path)).privateKey
                return (secret, .ed25519(try Ed25519.PrivateKey(seed: secret)))
            case .p256:
                let secret = try BIP32.derive(seed: seed, curve: .nist256p1, path: BIP32.parsePath(path)).privateKey
                return (secret, .p256(try P256.PrivateKey(scalar: secret)))
            case .secp256k1:
                let secret = try BIP32.derive(seed: seed, curve: .secp256k1, path: BIP32.ethereumPath(index: index)).privateKey
                return (secret, .secp256k1(try Secp256k1.PrivateKey(scalar: secret)))
            }
        } catch {
            throw WalletError(.corrupted, "key derivation failed: \(error.code)")
        }
    }

    /// The private key of `type` held in a stored secret, or `nil` when the secret is not one.
    static func privateKey(type: KeyType, secret: SecureBytes) -> PrivateSigningKey? {
        switch type {
        case .ed25519: (try? Ed25519.PrivateKey(seed: secret)).map { .ed25519($0) }
        case .p256: (try? P256.PrivateKey(scalar: secret)).map { .p256($0) }
        case .secp256k1: (try? Secp256k1.PrivateKey(scalar: secret)).map { .secp256k1($0) }
        }
    }

    /// Every key, in creation order (by time, then type, then index).
    public func keys() async throws(WalletError) -> [KeyInfo] {
        let records = try await keystoreCall { try await $0.records(kind: Self.keyKind) }
        var keys: [KeyInfo] = []
        for record in records { keys.append(try KeyInfo(json: try Self.parse(record.payload))) }
        return keys.sorted { ($0.created, $0.type.order, $0.index) < ($1.created, $1.type.order, $1.index) }
    }

    /// The key with id `reference` (`key-<n>`, `key-p256-<n>`, `key-secp256k1-<n>`) or label `reference`.
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

    /// Deletes a key that no DID uses (`keyInUse` otherwise): the check and both deletions in
    /// one transaction, so no DID can start using the key in between.
    public func deleteKey(_ reference: String) async throws(WalletError) {
        let info = try await key(reference)
        try await transaction { transaction in
            var users: [String] = []
            for record in try transaction.records(kind: Self.didKind) {
                let did = try DIDInfo(recordId: record.id, json: try Self.parse(record.payload))
                if did.keyId == info.id { users.append(did.did.description) }
            }
            guard users.isEmpty else {
                throw WalletError(.keyInUse, "key \(info.id) is used by \(users.joined(separator: ", ")); delete the DID first")
            }
            try transaction.delete(kind: Self.keyKind, id: info.id)
            try transaction.delete(kind: Self.seedKind, id: info.id)
        }
    }

    /// The private key of `keyId`, checked against the stored public key (`keyMismatch`).
    func privateKey(_ keyId: String) async throws(WalletError) -> (info: KeyInfo, key: PrivateSigningKey) {
        let info = try await key(keyId)
        let secret = try await keystoreCall { try await $0.secret(kind: Self.seedKind, id: info.id) }
        guard let privateKey = Self.privateKey(type: info.type, secret: secret) else {
            throw WalletError(.corrupted, "the stored secret of \(info.id) is not a valid \(info.type) key")
        }
        guard privateKey.publicKey == info.publicKey else {
            throw WalletError(.keyMismatch, "the stored secret of \(info.id) does not derive its stored public key")
        }
        return (info, privateKey)
    }

    /// Signs with a stored Ed25519 key (`invalidArgument` for another type). Prefer ``signer(for:)``.
    public func sign(_ message: [UInt8], withKey keyId: String) async throws(WalletError) -> Ed25519.Signature {
        guard case .ed25519(let key) = try await privateKey(keyId).key else {
            throw WalletError(.invalidArgument, "key \(keyId) is not an Ed25519 key")
        }
        return key.signature(for: message)
    }

    /// Signs with a stored key of any type, in the key's algorithm: Ed25519 `R || S`, or ECDSA
    /// `r || s` over SHA-256 with the low S (RFC 6979 nonces for secp256k1). The private key is
    /// read from the keystore into secure memory, used, and dropped inside the actor.
    public func signature(for message: [UInt8], withKey keyId: String) async throws(WalletError) -> [UInt8] {
        let key = try await privateKey(keyId).key
        do { return try key.signature(for: message) } catch { throw WalletError(.corrupted, "signing with \(keyId) failed: \(error.code)") }
    }
}
