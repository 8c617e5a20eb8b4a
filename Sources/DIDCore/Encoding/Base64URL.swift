/// Base64 (RFC 4648 §4) and base64url (§5), strict.
///
/// The url-safe form is unpadded as JOSE (RFC 7515 §2) and multibase `u` require. Decoding refuses
/// characters outside the alphabet, padding where none is allowed, a length of 1 mod 4, and
/// non-zero trailing bits, so every byte string has exactly one accepted encoding.
public enum Base64URL {
    /// The unpadded base64url text of `bytes` (RFC 4648 §5).
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64Codec.encode(Array(bytes), alphabet: Base64Codec.urlAlphabet, padded: false)
    }

    /// Decodes unpadded base64url strictly: the result has exactly one accepted encoding.
    ///
    /// - Throws: ``DIDError`` `invalidBase64` for a character outside the alphabet, padding, a length of 1 mod 4, or non-zero trailing bits.
    public static func decode(_ text: String) throws(DIDError) -> [UInt8] {
        try Base64Codec.decode(Array(text.utf8), tables: Base64Codec.urlDecoding, padding: .forbidden)
    }

    /// Decodes base64url given as ASCII bytes.
    public static func decode(bytes: [UInt8]) throws(DIDError) -> [UInt8] {
        try Base64Codec.decode(bytes[...], tables: Base64Codec.urlDecoding, padding: .forbidden)
    }

    /// Decodes base64url given as a slice of ASCII bytes, without copying it first.
    public static func decode(bytes: ArraySlice<UInt8>) throws(DIDError) -> [UInt8] {
        try Base64Codec.decode(bytes, tables: Base64Codec.urlDecoding, padding: .forbidden)
    }
}

/// The shared engine of base64 and base64url.
enum Base64Codec {
    static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    static let standardTable = table(for: standardAlphabet)
    static let urlTable = table(for: urlAlphabet)

    enum Padding { case forbidden, required }

    static func table(for alphabet: [UInt8]) -> [Int8] {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }

    /// Set in a group-table entry for a character outside the alphabet.
    static let invalidGroupBits: UInt32 = 0xFF00_0000

    /// A decoding alphabet: the per-character table and the per-group tables.
    struct DecodingTables: Sendable {
        let characters: [Int8]
        let groups: [UInt32]

        init(_ characters: [Int8]) {
            self.characters = characters
            self.groups = Base64Codec.groupTables(for: characters)
        }
    }

    static let standardDecoding = DecodingTables(standardTable)
    static let urlDecoding = DecodingTables(urlTable)

    /// For whole groups: four tables, one per position in a group of four characters, whose
    /// entries are that character's six bits already shifted to their place in the group's three
    /// bytes (stored little-endian in a `UInt32`), so a group is four lookups ORed together. A
    /// character outside the alphabet sets bit 24 or above.
    static func groupTables(for table: [Int8]) -> [UInt32] {
        var tables = [UInt32](repeating: invalidGroupBits, count: 4 * 256)
        for character in 0..<256 where table[character] >= 0 {
            let v = UInt32(table[character])
            tables[character] = v << 2                                   // byte 0, bits 7–2
            tables[256 + character] = v >> 4 | (v & 0x0F) << 12          // byte 0 bits 1–0, byte 1 bits 7–4
            tables[512 + character] = (v >> 2) << 8 | (v & 0x03) << 22   // byte 1 bits 3–0, byte 2 bits 7–6
            tables[768 + character] = v << 16                            // byte 2 bits 5–0
        }
        return tables
    }

    static func encode(_ bytes: [UInt8], alphabet: [UInt8], padded: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            output.append(alphabet[Int(value & 63)])
            index += 3
        }
        let remaining = bytes.count - index
        if remaining == 1 {
            let value = UInt32(bytes[index]) << 16
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            if padded { output.append(contentsOf: "==".utf8) }
        } else if remaining == 2 {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output.append(alphabet[Int(value >> 18 & 63)])
            output.append(alphabet[Int(value >> 12 & 63)])
            output.append(alphabet[Int(value >> 6 & 63)])
            if padded { output.append(UInt8(ascii: "=")) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ input: [UInt8], tables: DecodingTables, padding: Padding) throws(DIDError) -> [UInt8] {
        try decode(input[...], tables: tables, padding: padding)
    }

    static func decode(_ input: ArraySlice<UInt8>, tables: DecodingTables, padding: Padding) throws(DIDError) -> [UInt8] {
        var characters = input
        if padding == .required {
            guard input.count % 4 == 0 else {
                throw DIDError(.invalidBase64, "padded base64 must have a length that is a multiple of 4")
            }
            var padCount = 0
            while padCount < 2, characters.last == UInt8(ascii: "=") { characters.removeLast(); padCount += 1 }
        }
        guard characters.count % 4 != 1 else {
            throw DIDError(.invalidBase64, "base64 text of impossible length \(input.count)")
        }
        let (table, groupTables) = (tables.characters, tables.groups)
        var accumulator: UInt32 = 0
        var bits = 0
        var written = 0
        var valid = true
        // Two spare bytes: two whole groups are stored as eight bytes, the last two overwritten next.
        let output = [UInt8](unsafeUninitializedCapacity: characters.count * 3 / 4 + 2) { out, initialized in
            valid = characters.withUnsafeBufferPointer { input in
                table.withUnsafeBufferPointer { table in
                    groupTables.withUnsafeBufferPointer { groups in
                    var position = 0
                    let count = input.count
                    let outBase = UnsafeMutableRawPointer(out.baseAddress!)
                    @inline(__always) func group(at position: Int) -> UInt32 {
                        groups[Int(input[position])] | groups[256 + Int(input[position + 1])]
                            | groups[512 + Int(input[position + 2])] | groups[768 + Int(input[position + 3])]
                    }
                    // Pairs of whole groups: eight characters → six bytes.
                    while position + 8 <= count {
                        let (first, second) = (group(at: position), group(at: position + 4))
                        if (first | second) & invalidGroupBits != 0 { return false }
                        let value = UInt64(first) | UInt64(second) << 24
                        outBase.storeBytes(of: value.littleEndian, toByteOffset: written, as: UInt64.self)
                        written += 6
                        position += 8
                    }
                    // A last whole group of four characters → three bytes.
                    while position + 4 <= count {
                        let value = groups[Int(input[position])] | groups[256 + Int(input[position + 1])]
                            | groups[512 + Int(input[position + 2])] | groups[768 + Int(input[position + 3])]
                        if value & invalidGroupBits != 0 { return false }
                        outBase.storeBytes(of: value.littleEndian, toByteOffset: written, as: UInt32.self)
                        written += 3
                        position += 4
                    }
                    // The 2 or 3 characters left, bit by bit.
                    while position < count {
                        let value = table[Int(input[position])]
                        if value < 0 { return false }
                        accumulator = accumulator << 6 | UInt32(value)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            out[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                            written += 1
                        }
                        position += 1
                    }
                    return true
                    }
                }
            }
            initialized = valid ? written : 0
        }
        guard valid else {
            let bad = characters.first { table[Int($0)] < 0 }!
            throw DIDError(.invalidBase64, "'\(Character(Unicode.Scalar(bad)))' is not a base64 character here")
        }
        // Canonical encodings leave the unused low bits zero (RFC 4648 §3.5).
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else {
            throw DIDError(.invalidBase64, "non-zero trailing bits: not the canonical encoding")
        }
        return output
    }
}
