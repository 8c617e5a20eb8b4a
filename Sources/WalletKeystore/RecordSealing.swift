import Foundation
import WalletCrypto

/// Sealing of records and the values derived from them (docs/keystore-format.md §4–6).
enum RecordSealing {
    /// Additional data binding a record to its wallet, kind and id (security requirement 4).
    static func additionalData(walletId: [UInt8], kind: String, id: String) -> [UInt8] {
        var bytes = Array("swift-did-wallet/v1/record".utf8)
        bytes += walletId
        bytes.appendLengthPrefixed(kind)
        bytes.appendLengthPrefixed(id)
        return bytes
    }

    /// `nonce (24) || ciphertext || tag (16)`.
    static func seal(_ plaintext: some ContiguousBytes, keys: KeystoreKeys, walletId: [UInt8], kind: String, id: String) -> [UInt8] {
        let box = try! XChaCha20Poly1305.seal(plaintext, key: keys.sealKey, additionalData: additionalData(walletId: walletId, kind: kind, id: id))
        return box.nonce + box.ciphertextAndTag
    }

    static func box(_ sealed: [UInt8], kind: String, id: String) throws(KeystoreError) -> XChaCha20Poly1305.SealedBox {
        guard sealed.count >= XChaCha20Poly1305.nonceLength + XChaCha20Poly1305.tagLength else {
            throw KeystoreError(.corrupted, "record \(kind)/\(id) is truncated (\(sealed.count) bytes)")
        }
        return XChaCha20Poly1305.SealedBox(nonce: Array(sealed[0..<24]), ciphertextAndTag: Array(sealed[24...]))
    }

    static func open(_ sealed: [UInt8], keys: KeystoreKeys, walletId: [UInt8], kind: String, id: String) throws(KeystoreError) -> [UInt8] {
        do {
            return try XChaCha20Poly1305.open(box(sealed, kind: kind, id: id), key: keys.sealKey,
                                              additionalData: additionalData(walletId: walletId, kind: kind, id: id))
        } catch let error as KeystoreError {
            throw error
        } catch {
            throw KeystoreError(.corrupted, "record \(kind)/\(id) failed authentication (changed, moved or damaged)")
        }
    }

    static func openSecret(_ sealed: [UInt8], keys: KeystoreKeys, walletId: [UInt8], kind: String, id: String) throws(KeystoreError) -> SecureBytes {
        do {
            return try XChaCha20Poly1305.openSecret(box(sealed, kind: kind, id: id), key: keys.sealKey,
                                                    additionalData: additionalData(walletId: walletId, kind: kind, id: id))
        } catch let error as KeystoreError {
            throw error
        } catch {
            throw KeystoreError(.corrupted, "record \(kind)/\(id) failed authentication (changed, moved or damaged)")
        }
    }

    /// The blind index of a searchable value: HMAC-SHA-256 over kind, field name and value.
    static func blindIndex(kind: String, field: String, value: String, keys: KeystoreKeys) -> [UInt8] {
        var message: [UInt8] = []
        message.appendLengthPrefixed(kind)
        message.appendLengthPrefixed(field)
        message.appendLengthPrefixed(value)
        return keys.indexKey.withUnsafeBytes { HMACSHA256.authenticationCode(for: message, key: $0) }
    }

    /// The tag of an index entry, binding the blind value to the record id.
    static func indexTag(kind: String, field: String, value: [UInt8], id: String, keys: KeystoreKeys) -> [UInt8] {
        var message = Array("index-entry".utf8)
        message.appendLengthPrefixed(kind)
        message.appendLengthPrefixed(field)
        message += value
        message.appendLengthPrefixed(id)
        return keys.indexKey.withUnsafeBytes { HMACSHA256.authenticationCode(for: message, key: $0) }
    }

    /// The manifest tag of a stored row: HMAC-SHA-256 over kind, id, SHA-256 of the sealed bytes
    /// and the record's index entries (sorted by field), so that the manifest also covers the index.
    static func manifestTag(kind: String, id: String, sealed: [UInt8], indexes: [IndexEntry], keys: KeystoreKeys) -> [UInt8] {
        var message: [UInt8] = []
        message.appendLengthPrefixed(kind)
        message.appendLengthPrefixed(id)
        message += SHA256.hash(sealed)
        message.appendBigEndian(UInt32(indexes.count))
        for entry in indexes.sorted(by: { $0.field < $1.field }) {
            message.appendLengthPrefixed(entry.field)
            message += entry.value
            message += entry.tag
        }
        return keys.manifestKey.withUnsafeBytes { HMACSHA256.authenticationCode(for: message, key: $0) }
    }
}

/// Per-kind manifest: the number of rows and the XOR of their tags. Any row added, removed or
/// changed outside the keystore changes one of the two (docs/keystore-format.md §6).
struct Manifest: Equatable {
    var count: UInt64
    var accumulator: [UInt8]

    static let empty = Manifest(count: 0, accumulator: [UInt8](repeating: 0, count: 32))

    mutating func toggle(_ tag: [UInt8]) {
        for index in 0..<32 { accumulator[index] ^= tag[index] }
    }

    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendBigEndian(count)
        return bytes + accumulator
    }

    init(count: UInt64, accumulator: [UInt8]) {
        self.count = count
        self.accumulator = accumulator
    }

    init(decoding bytes: [UInt8], kind: String) throws(KeystoreError) {
        guard bytes.count == 40 else { throw KeystoreError(.corrupted, "the manifest of \(kind) has \(bytes.count) bytes") }
        var reader = ByteReader(bytes)
        count = reader.bigEndian()
        accumulator = reader.bytes(32)
    }
}

/// One blind-index row of a record: the field name, the blind value and the entry's tag.
struct IndexEntry: Equatable {
    let field: String
    let value: [UInt8]
    let tag: [UInt8]
}
