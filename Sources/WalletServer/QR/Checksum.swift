/// The two checksums a PNG needs: CRC-32 over each chunk (PNG §5.5, ISO 3309) and Adler-32 over
/// the zlib stream's data (RFC 1950 §8).
enum Checksum {
    /// The table of the reflected CRC-32 with polynomial 0xEDB88320 (PNG Annex D).
    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// CRC-32 of `bytes`: initial value and final XOR all ones.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// Adler-32 of `bytes`: two sums modulo 65,521, the second in the high half.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        let modulus: UInt32 = 65_521
        var a: UInt32 = 1, b: UInt32 = 0
        // 5,552 bytes is the most that can be summed before `b` could overflow 32 bits (RFC 1950 §9).
        var start = 0
        while start < bytes.count {
            let end = min(start + 5552, bytes.count)
            for byte in bytes[start..<end] {
                a += UInt32(byte)
                b += a
            }
            a %= modulus
            b %= modulus
            start = end
        }
        return b << 16 | a
    }
}
