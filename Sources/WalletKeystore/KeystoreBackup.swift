import Foundation
import GRDB
import StrictJSON
public import WalletCrypto

/// The backup file: every record of a wallet in one authenticated, passphrase-encrypted file
/// with its own Argon2id salt and parameters (docs/keystore-format.md §7).
///
///     header = "SDWB" || version u16 (1) || KDF id u8 (1) || ops u32 || mem u64 || salt[16]
///     file   = header || nonce[24] || XChaCha20-Poly1305(key, entries, additional data = header)
///
/// The plaintext form (`--unsafe-plaintext`) is JSON and exists only when asked for.
public enum KeystoreBackup {
    /// One record of a wallet.
    public struct Entry: Sendable {
        /// The record kind.
        public let kind: String
        /// The record id.
        public let id: String
        /// The record's plaintext, in secure memory.
        public let payload: SecureBytes

        /// A record of a backup.
        public init(kind: String, id: String, payload: SecureBytes) {
            self.kind = kind
            self.id = id
            self.payload = payload
        }
    }

    static let magic: [UInt8] = Array("SDWB".utf8)
    static let headerLength = 35
    static let plaintextFormat = "swift-did-wallet-unencrypted-backup"

    /// Seals `entries` under a key derived from `passphrase`.
    public static func seal(_ entries: [Entry], passphrase: Passphrase, parameters: Argon2id.Parameters) throws(KeystoreError) -> [UInt8] {
        var header = magic
        header.appendBigEndian(UInt16(1))
        header.append(1)
        header.appendBigEndian(UInt32(parameters.opsLimit))
        header.appendBigEndian(parameters.memLimit)
        let salt = SecureRandom.bytes(count: Argon2id.saltLength)
        header += salt
        let key: SecureBytes
        do { key = try Argon2id.deriveKey(passphrase: passphrase.bytes, salt: salt, parameters: parameters) } catch {
            throw KeystoreError(.storageFailure, "the backup key derivation failed: \(error.code)")
        }
        // The serialised entries go straight into secure memory.
        let body = serialize(entries)
        let box = try! XChaCha20Poly1305.seal(body, key: key, additionalData: header)
        return header + box.nonce + box.ciphertextAndTag
    }

    /// Opens a sealed backup; `wrongPassphrase` if the passphrase (or any byte) is wrong,
    /// `invalidBackup` if it is not a backup, `unsupportedFormat` for parameters out of range.
    public static func open(_ bytes: [UInt8], passphrase: Passphrase, policy: KDFPolicy = .standard) throws(KeystoreError) -> [Entry] {
        guard isSealedBackup(bytes), bytes.count >= headerLength + 24 + 16 else {
            throw KeystoreError(.invalidBackup, "not a swift-did-wallet backup file")
        }
        let header = Array(bytes[0..<headerLength])
        var reader = ByteReader(header, from: 4)
        let version: UInt16 = reader.bigEndian()
        let algorithm = reader.byte()
        guard version == 1, algorithm == 1 else {
            throw KeystoreError(.unsupportedFormat, "backup format \(version) / KDF \(algorithm) is not supported")
        }
        let ops: UInt32 = reader.bigEndian()
        let memory: UInt64 = reader.bigEndian()
        let parameters = Argon2id.Parameters(opsLimit: UInt64(ops), memLimit: memory)
        guard policy.allows(parameters) else {
            throw KeystoreError(.unsupportedFormat, "the backup's KDF parameters \(parameters) are outside the accepted range")
        }
        let salt = reader.bytes(16)
        let key: SecureBytes
        do { key = try Argon2id.deriveKey(passphrase: passphrase.bytes, salt: salt, parameters: parameters) } catch {
            throw KeystoreError(.storageFailure, "the backup key derivation failed: \(error.code)")
        }
        let box = XChaCha20Poly1305.SealedBox(nonce: Array(bytes[headerLength..<headerLength + 24]),
                                              ciphertextAndTag: Array(bytes[(headerLength + 24)...]))
        let body: SecureBytes
        do { body = try XChaCha20Poly1305.openSecret(box, key: key, additionalData: header) } catch {
            throw KeystoreError(.wrongPassphrase, "the backup passphrase is wrong, or the file was changed")
        }
        return try deserialize(body)
    }

    /// Whether `bytes` start like a sealed (encrypted) backup, as opposed to the plaintext JSON form.
    public static func isSealedBackup(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// The unencrypted JSON form, for `--unsafe-plaintext` only.
    public static func unsafePlaintext(_ entries: [Entry]) -> [UInt8] {
        var text = "{\"format\":\"\(plaintextFormat)\",\"version\":1,\"records\":["
        for (index, entry) in entries.enumerated() {
            if index > 0 { text += "," }
            let payload = entry.payload.withUnsafeBytes { Data($0).base64EncodedString() }
            text += "{\"kind\":\(jsonString(entry.kind)),\"id\":\(jsonString(entry.id)),\"payload\":\"\(payload)\"}"
        }
        return Array((text + "]}\n").utf8)
    }

    /// Parses the unencrypted JSON form with the strict parser (decision 0001: no Foundation JSON
    /// for security-relevant input): exactly the members `format`, `version` and `records`, each
    /// record exactly `kind`, `id` and `payload` (standard base64). Anything else is `invalidBackup`.
    public static func parseUnsafePlaintext(_ bytes: [UInt8]) throws(KeystoreError) -> [Entry] {
        let invalid = KeystoreError(.invalidBackup, "not a swift-did-wallet backup file")
        let json: JSONValue
        do { json = try JSONValue(parsing: bytes, options: .init(maxDepth: 4, maxBytes: 1 << 30)) } catch { throw invalid }
        guard let file = json.objectValue, Set(file.keys) == ["format", "version", "records"],
              file["format"]?.stringValue == plaintextFormat, file["version"]?.numberValue?.int64Value == 1,
              let records = file["records"]?.arrayValue
        else { throw invalid }
        var entries: [Entry] = []
        entries.reserveCapacity(records.count)
        for record in records {
            guard let object = record.objectValue, Set(object.keys) == ["kind", "id", "payload"],
                  let kind = object["kind"]?.stringValue, let id = object["id"]?.stringValue, let text = object["payload"]?.stringValue
            else { throw KeystoreError(.invalidBackup, "a backup record is not {\"kind\", \"id\", \"payload\"}") }
            guard let payload = Data(base64Encoded: text) else {
                throw KeystoreError(.invalidBackup, "record \(kind)/\(id) has an invalid payload")
            }
            entries.append(Entry(kind: kind, id: id, payload: SecureBytes(copying: payload)))
        }
        return entries
    }

    /// Checks that `entries` can all be stored in one wallet: valid names, no reserved kind
    /// (`_…`), no kind and id twice. Any failure is `invalidBackup`, before anything is written.
    public static func validate(_ entries: [Entry]) throws(KeystoreError) {
        var seen = Set<[UInt8]>()
        seen.reserveCapacity(entries.count)
        for entry in entries {
            for (name, what) in [(entry.kind, "kind"), (entry.id, "id")] {
                guard !name.isEmpty, name.utf8.count <= Keystore.maximumNameLength else {
                    throw KeystoreError(.invalidBackup, "the backup holds a record \(what) of \(name.utf8.count) bytes (1 to \(Keystore.maximumNameLength))")
                }
            }
            guard !entry.kind.hasPrefix("_") else {
                throw KeystoreError(.invalidBackup, "the backup holds a record of the reserved kind \(entry.kind)")
            }
            var key: [UInt8] = []
            key.appendLengthPrefixed(entry.kind)
            key.appendLengthPrefixed(entry.id)
            guard seen.insert(key).inserted else {
                throw KeystoreError(.invalidBackup, "the backup holds the \(entry.kind) record \(entry.id) twice")
            }
        }
    }

    private static func jsonString(_ text: String) -> String {
        JSONValue.string(text).compactString
    }

    /// `count u32 || (kind, id, payload)*`, each length-prefixed, in secure memory.
    private static func serialize(_ entries: [Entry]) -> SecureBytes {
        var length = 4
        for entry in entries { length += 12 + entry.kind.utf8.count + entry.id.utf8.count + entry.payload.count }
        return SecureBytes(count: length) { buffer in
            var offset = 0
            func put(_ bytes: UnsafeRawBufferPointer) {
                if bytes.count > 0 { (buffer.baseAddress! + offset).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
                offset += bytes.count
            }
            func putLength(_ value: Int) {
                let be = UInt32(value).bigEndian
                withUnsafeBytes(of: be) { put($0) }
            }
            putLength(entries.count)
            for entry in entries {
                for text in [entry.kind, entry.id] {
                    let utf8 = Array(text.utf8)
                    putLength(utf8.count)
                    utf8.withUnsafeBytes { put($0) }
                }
                putLength(entry.payload.count)
                entry.payload.withUnsafeBytes { put($0) }
            }
        }
    }

    private static func deserialize(_ body: SecureBytes) throws(KeystoreError) -> [Entry] {
        let parsed: [Entry]? = body.withUnsafeBytes { bytes -> [Entry]? in
            var offset = 0
            func length() -> Int? {
                guard offset + 4 <= bytes.count else { return nil }
                var value = 0
                for index in 0..<4 { value = value << 8 | Int(bytes[offset + index]) }
                offset += 4
                return value
            }
            func slice(_ count: Int) -> UnsafeRawBufferPointer? {
                guard count >= 0, offset + count <= bytes.count else { return nil }
                defer { offset += count }
                return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
            }
            guard let count = length(), count <= bytes.count else { return nil }
            var entries: [Entry] = []
            for _ in 0..<count {
                guard let kindLength = length(), let kind = slice(kindLength), let idLength = length(), let id = slice(idLength),
                      let payloadLength = length(), let payload = slice(payloadLength),
                      let kindText = String(strictlyDecodingUTF8: kind), let idText = String(strictlyDecodingUTF8: id)
                else { return nil }
                entries.append(Entry(kind: kindText, id: idText, payload: SecureBytes(copying: payload)))
            }
            return offset == bytes.count ? entries : nil
        }
        guard let parsed else { throw KeystoreError(.invalidBackup, "the backup's contents are malformed") }
        return parsed
    }
}

extension Keystore {
    /// Every record of every kind, checked against the manifests and the commitment, for a
    /// backup — all read in one transaction, so a concurrent change is in it entirely or not at all.
    public func exportEntries() throws(KeystoreError) -> [KeystoreBackup.Entry] {
        let keys = try requireKeys()
        let walletId = self.walletId
        let sealed: [(kind: String, rows: [(String, [UInt8])])] = try Self.mapStorageErrors {
            try database.read { db in
                try Self.verifyCommitment(db, keys: keys, walletId: walletId)
                return try String.fetchAll(db, sql: "SELECT DISTINCT kind FROM record ORDER BY kind").map { kind in
                    (kind, try Self.verifiedRows(db, kind: kind, keys: keys, walletId: walletId))
                }
            }
        }
        var entries: [KeystoreBackup.Entry] = []
        for (kind, rows) in sealed {
            for (id, bytes) in rows {
                entries.append(KeystoreBackup.Entry(kind: kind, id: id, payload: try RecordSealing.openSecret(bytes, keys: keys, walletId: walletId, kind: kind, id: id)))
            }
        }
        return entries
    }
}
