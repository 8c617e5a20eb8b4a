/// Base64 (RFC 4648 §4) and base64url (§5), strict.
///
/// The url-safe form is unpadded as JOSE (RFC 7515 §2) and multibase `u` require. Decoding refuses
/// characters outside the alphabet, padding where none is allowed, a length of 1 mod 4, and
/// non-zero trailing bits, so every byte string has exactly one accepted encoding.
public enum Base64URL {
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64Codec.encode(Array(bytes), alphabet: Base64Codec.urlAlphabet, padded: false)
    }

    public static func decode(_ text: String) throws(DIDError) -> [UInt8] {
        try Base64Codec.decode(Array(text.utf8), table: Base64Codec.urlTable, padding: .forbidden)
    }

    /// Decodes base64url given as ASCII bytes.
    public static func decode(bytes: [UInt8]) throws(DIDError) -> [UInt8] {
        try Base64Codec.decode(bytes[...], table: Base64Codec.urlTable, padding: .forbidden)
    }

    /// Decodes base64url given as a slice of ASCII bytes, without copying it first.
    public static func decode(bytes: ArraySlice<UInt8>) throws(DIDError) -> [UInt8] {
        try Base64Codec.decode(bytes, table: Base64Codec.urlTable, padding: .forbidden)
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

    static func decode(_ input: [UInt8], table: [Int8], padding: Padding) throws(DIDError) -> [UInt8] {
        try decode(input[...], table: table, padding: padding)
    }

    static func decode(_ input: ArraySlice<UInt8>, table: [Int8], padding: Padding) throws(DIDError) -> [UInt8] {
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
        var output = [UInt8](repeating: 0, count: characters.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var written = 0
        let valid: Bool = characters.withUnsafeBufferPointer { input in
            table.withUnsafeBufferPointer { table in
                output.withUnsafeMutableBufferPointer { out in
                    var position = 0
                    let count = input.count
                    // Whole groups of four characters → three bytes.
                    while position + 4 <= count {
                        let a = table[Int(input[position])], b = table[Int(input[position + 1])]
                        let c = table[Int(input[position + 2])], d = table[Int(input[position + 3])]
                        if (a | b | c | d) < 0 { return false }
                        let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                        out[written] = UInt8(truncatingIfNeeded: value >> 16)
                        out[written + 1] = UInt8(truncatingIfNeeded: value >> 8)
                        out[written + 2] = UInt8(truncatingIfNeeded: value)
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
        guard valid else {
            let bad = characters.first { table[Int($0)] < 0 }!
            throw DIDError(.invalidBase64, "'\(Character(Unicode.Scalar(bad)))' is not a base64 character here")
        }
        output.removeLast(output.count - written)
        // Canonical encodings leave the unused low bits zero (RFC 4648 §3.5).
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else {
            throw DIDError(.invalidBase64, "non-zero trailing bits: not the canonical encoding")
        }
        return output
    }
}
