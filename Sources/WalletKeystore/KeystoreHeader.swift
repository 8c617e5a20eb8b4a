import WalletCrypto

/// The keystore header: everything needed to derive the key-encryption key, in a fixed binary
/// layout (docs/keystore-format.md §2). The exact stored bytes are the additional data of the
/// wrapped data key, so changing any of them makes unlocking fail.
struct KeystoreHeader: Equatable {
    static let magic: [UInt8] = Array("SDWK".utf8)
    /// The version new headers get. Version 2 promises a commitment over the manifests
    /// (docs/keystore-format.md §6.1); a version 1 header is upgraded at the next unlock.
    static let formatVersion: UInt16 = 2
    static let readableVersions: ClosedRange<UInt16> = 1...2
    static let argon2id13: UInt8 = 1
    static let encodedLength = 51

    var version: UInt16 = formatVersion
    var walletId: [UInt8]  // 16 bytes
    var parameters: Argon2id.Parameters
    var salt: [UInt8]  // 16 bytes

    var encoded: [UInt8] {
        var bytes = Self.magic
        bytes.appendBigEndian(version)
        bytes += walletId
        bytes.append(Self.argon2id13)
        bytes.appendBigEndian(UInt32(parameters.opsLimit))
        bytes.appendBigEndian(parameters.memLimit)
        bytes += salt
        return bytes
    }

    /// Parses and bounds-checks a header before any KDF work (security requirement 2).
    init(decoding bytes: [UInt8], policy: KDFPolicy) throws(KeystoreError) {
        guard bytes.count == Self.encodedLength, Array(bytes[0..<4]) == Self.magic else {
            throw KeystoreError(.corrupted, "the keystore header is not a swift-did-wallet header (\(bytes.count) bytes)")
        }
        var reader = ByteReader(bytes, from: 4)
        let version: UInt16 = reader.bigEndian()
        guard Self.readableVersions.contains(version) else {
            throw KeystoreError(.unsupportedFormat, "keystore format version \(version) is not supported (this version reads 1 and 2)")
        }
        self.version = version
        walletId = reader.bytes(16)
        let algorithm = reader.byte()
        guard algorithm == Self.argon2id13 else {
            throw KeystoreError(.unsupportedFormat, "KDF algorithm \(algorithm) is not supported (1 = Argon2id v1.3)")
        }
        let ops: UInt32 = reader.bigEndian()
        let memory: UInt64 = reader.bigEndian()
        parameters = Argon2id.Parameters(opsLimit: UInt64(ops), memLimit: memory)
        guard policy.allows(parameters) else {
            throw KeystoreError(.unsupportedFormat, "KDF parameters \(parameters) are outside the accepted range \(policy.floor) … \(policy.ceiling)")
        }
        salt = reader.bytes(16)
    }

    init(version: UInt16 = formatVersion, walletId: [UInt8], parameters: Argon2id.Parameters, salt: [UInt8]) {
        self.version = version
        self.walletId = walletId
        self.parameters = parameters
        self.salt = salt
    }
}

/// Big-endian reading over a byte array whose length the caller has checked.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], from offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func bigEndian<T: FixedWidthInteger>() -> T {
        var value: T = 0
        for _ in 0..<MemoryLayout<T>.size { value = value << 8 | T(byte()) }
        return value
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: (MemoryLayout<T>.size - 1) * 8, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    /// Appends a length-prefixed (u32 big-endian) string, so concatenations are unambiguous.
    mutating func appendLengthPrefixed(_ text: String) {
        appendBigEndian(UInt32(text.utf8.count))
        append(contentsOf: text.utf8)
    }
}
