/// Writes a 1-bit greyscale PNG (PNG, W3C Recommendation 2003 / ISO/IEC 15948): the signature, an
/// `IHDR`, one `IDAT` holding a zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4),
/// and an `IEND`. Nothing is compressed: a QR code at screen sizes is tens of kilobytes, and stored
/// blocks keep the writer small enough to check by reading.
enum PNGEncoder {
    /// The eight bytes every PNG starts with (PNG §5.2).
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// The most bytes a stored block holds (its LEN is 16 bits).
    static let maximumStoredBlock = 65_535

    /// The PNG of a `width` × `height` image whose pixel at (`x`, `y`) is white when `isWhite`
    /// says so, black otherwise.
    static func greyscale1Bit(width: Int, height: Int, isWhite: (_ x: Int, _ y: Int) -> Bool) -> [UInt8] {
        precondition(width > 0 && height > 0 && width <= 1 << 16 && height <= 1 << 16, "image size out of range")
        // Scanlines (PNG §7.2): a filter-type byte (0, None), then the pixels, 8 to a byte, first
        // pixel in the high bit, the last byte padded with zero bits.
        let rowBytes = (width + 7) / 8
        var raw = [UInt8]()
        raw.reserveCapacity(height * (rowBytes + 1))
        for y in 0..<height {
            raw.append(0)
            var byte: UInt8 = 0
            for x in 0..<width {
                if isWhite(x, y) { byte |= 0x80 >> UInt8(x % 8) }
                if x % 8 == 7 || x == width - 1 {
                    raw.append(byte)
                    byte = 0
                }
            }
        }
        var header = [UInt8]()
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        // Bit depth 1, colour type 0 (greyscale), compression 0, filter 0, no interlace (PNG §11.2.2).
        header += [1, 0, 0, 0, 0]
        var png = signature
        png += chunk("IHDR", header)
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    /// A chunk (PNG §5.3): length, type, data, and the CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        precondition(typeBytes.count == 4, "a chunk type is four letters")
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(Checksum.crc32(typeBytes + data))
    }

    /// A zlib stream (RFC 1950 §2.2) of stored deflate blocks (RFC 1951 §3.2.4) and the Adler-32
    /// of `data`.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        // CMF 0x78: deflate with a 32 KiB window; FLG 0x01: no dictionary, level 0, and
        // (CMF × 256 + FLG) a multiple of 31.
        var stream: [UInt8] = [0x78, 0x01]
        stream.reserveCapacity(data.count + data.count / maximumStoredBlock * 5 + 11)
        var start = 0
        repeat {
            let end = min(start + maximumStoredBlock, data.count)
            let length = UInt16(end - start)
            // BFINAL in bit 0, BTYPE 00 in bits 1–2, the rest of the byte skipped.
            stream.append(end == data.count ? 1 : 0)
            stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            stream += data[start..<end]
            start = end
        } while start < data.count
        stream += bigEndian(Checksum.adler32(data))
        return stream
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
