/// GZIP (RFC 1952) over DEFLATE (RFC 1951), in Swift, for Bitstring Status Lists.
///
/// Decompression handles stored, fixed and dynamic Huffman blocks and stops at a caller's cap
/// on the output, so a hostile list cannot expand without bound (security requirement 30).
/// Compression emits fixed-Huffman blocks with run-length matches (distance 1), which is what
/// status lists — long runs of equal bytes — need.
public enum GZIP {
    /// Input that is not GZIP this decoder accepts, or that inflates past the cap.
    public struct Failure: Error, Hashable, Sendable {
        /// What was wrong, for messages.
        public let message: String
    }

    // MARK: Decompression

    /// The uncompressed bytes of a GZIP member; fails if they would exceed `maximumOutput`.
    public static func decompress(_ data: [UInt8], maximumOutput: Int) throws(Failure) -> [UInt8] {
        guard data.count >= 18, data[0] == 0x1F, data[1] == 0x8B, data[2] == 8 else { throw Failure(message: "not GZIP (deflate) data") }
        let flags = data[3]
        guard flags & 0xE0 == 0 else { throw Failure(message: "reserved GZIP flags are set") }
        var offset = 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard offset + 2 <= data.count else { throw Failure(message: "truncated GZIP header") }
            offset += 2 + (Int(data[offset]) | Int(data[offset + 1]) << 8)
        }
        for flag in [UInt8(0x08), 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while offset < data.count, data[offset] != 0 { offset += 1 }
            offset += 1
        }
        if flags & 0x02 != 0 { offset += 2 }  // FHCRC
        guard offset < data.count - 8 else { throw Failure(message: "truncated GZIP data") }
        var inflater = Inflater(input: data, position: offset, maximumOutput: maximumOutput)
        try inflater.run()
        let trailer = inflater.bytePosition
        guard trailer + 8 <= data.count else { throw Failure(message: "truncated GZIP trailer") }
        let crc = UInt32(data[trailer]) | UInt32(data[trailer + 1]) << 8 | UInt32(data[trailer + 2]) << 16 | UInt32(data[trailer + 3]) << 24
        let size = UInt32(data[trailer + 4]) | UInt32(data[trailer + 5]) << 8 | UInt32(data[trailer + 6]) << 16 | UInt32(data[trailer + 7]) << 24
        guard CRC32.checksum(inflater.output) == crc, UInt32(truncatingIfNeeded: inflater.output.count) == size else {
            throw Failure(message: "GZIP checksum or length mismatch")
        }
        return inflater.output
    }

    struct Inflater {
        let input: [UInt8]
        var position: Int
        var bitBuffer: UInt32 = 0
        var bitCount = 0
        let maximumOutput: Int
        var output: [UInt8] = []

        init(input: [UInt8], position: Int, maximumOutput: Int) {
            self.input = input
            self.position = position
            self.maximumOutput = maximumOutput
        }

        /// The byte after the last one the deflate stream used.
        var bytePosition: Int { position }

        mutating func bits(_ count: Int) throws(Failure) -> Int {
            while bitCount < count {
                guard position < input.count else { throw Failure(message: "truncated deflate data") }
                bitBuffer |= UInt32(input[position]) << UInt32(bitCount)
                position += 1
                bitCount += 8
            }
            let value = Int(bitBuffer & ((1 << UInt32(count)) - 1))
            bitBuffer >>= UInt32(count)
            bitCount -= count
            return value
        }

        struct Huffman {
            var counts = [Int](repeating: 0, count: 16)
            var symbols: [Int] = []

            init(lengths: [Int]) throws(Failure) {
                for length in lengths { counts[length] += 1 }
                counts[0] = 0
                var offsets = [Int](repeating: 0, count: 16)
                for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
                symbols = [Int](repeating: 0, count: lengths.count)
                for (symbol, length) in lengths.enumerated() where length != 0 {
                    symbols[offsets[length]] = symbol
                    offsets[length] += 1
                }
                // Over-subscribed codes are invalid.
                var left = 1
                for length in 1..<16 {
                    left <<= 1
                    left -= counts[length]
                    guard left >= 0 else { throw Failure(message: "over-subscribed Huffman code") }
                }
            }
        }

        mutating func decode(_ huffman: Huffman) throws(Failure) -> Int {
            var code = 0, first = 0, index = 0
            for length in 1..<16 {
                code |= try bits(1)
                let count = huffman.counts[length]
                if code - count < first { return huffman.symbols[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw Failure(message: "invalid Huffman code")
        }

        static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                                   4097, 6145, 8193, 12289, 16385, 24577]
        static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
        static let fixedLengths: [Int] = (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 }

        mutating func run() throws(Failure) {
            var last = false
            while !last {
                last = try bits(1) == 1
                switch try bits(2) {
                case 0: try stored()
                case 1: try codes(Huffman(lengths: Self.fixedLengths), Huffman(lengths: [Int](repeating: 5, count: 30)))
                case 2:
                    let (literals, distances) = try dynamicTables()
                    try codes(literals, distances)
                default: throw Failure(message: "invalid deflate block type")
                }
            }
            // Whole bytes left in the bit buffer belong to the trailer.
            position -= bitCount / 8
            bitBuffer = 0
            bitCount = 0
        }

        mutating func stored() throws(Failure) {
            bitBuffer = 0
            bitCount = 0
            guard position + 4 <= input.count else { throw Failure(message: "truncated stored block") }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            guard length == ~complement & 0xFFFF else { throw Failure(message: "stored block length mismatch") }
            position += 4
            guard position + length <= input.count else { throw Failure(message: "truncated stored block") }
            guard output.count + length <= maximumOutput else { throw Failure(message: "output exceeds \(maximumOutput) bytes") }
            output.append(contentsOf: input[position..<position + length])
            position += length
        }

        mutating func dynamicTables() throws(Failure) -> (Huffman, Huffman) {
            let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw Failure(message: "too many Huffman codes") }
            let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
            var codeLengths = [Int](repeating: 0, count: 19)
            for index in 0..<codeCount { codeLengths[order[index]] = try bits(3) }
            let lengthCode = try Huffman(lengths: codeLengths)
            var lengths: [Int] = []
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(lengthCode)
                switch symbol {
                case 0..<16: lengths.append(symbol)
                case 16:
                    guard let previous = lengths.last else { throw Failure(message: "repeat with no previous length") }
                    lengths.append(contentsOf: repeatElement(previous, count: 3 + (try bits(2))))
                case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
                default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
                }
            }
            guard lengths.count == literalCount + distanceCount, lengths[256] != 0 else { throw Failure(message: "invalid code lengths") }
            return (try Huffman(lengths: Array(lengths[0..<literalCount])), try Huffman(lengths: Array(lengths[literalCount...])))
        }

        mutating func codes(_ literals: Huffman, _ distances: Huffman) throws(Failure) {
            while true {
                let symbol = try decode(literals)
                if symbol < 256 {
                    guard output.count < maximumOutput else { throw Failure(message: "output exceeds \(maximumOutput) bytes") }
                    output.append(UInt8(symbol))
                } else if symbol == 256 {
                    return
                } else {
                    let index = symbol - 257
                    guard index < 29 else { throw Failure(message: "invalid length symbol") }
                    let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
                    let distanceSymbol = try decode(distances)
                    guard distanceSymbol < 30 else { throw Failure(message: "invalid distance symbol") }
                    let distance = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
                    guard distance <= output.count else { throw Failure(message: "distance too far back") }
                    guard output.count + length <= maximumOutput else { throw Failure(message: "output exceeds \(maximumOutput) bytes") }
                    for _ in 0..<length { output.append(output[output.count - distance]) }
                }
            }
        }
    }

    // MARK: Compression

    /// A GZIP member holding `data` (fixed Huffman codes, run-length matches).
    public static func compress(_ data: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        writer.write(1, count: 1)  // final block
        writer.write(1, count: 2)  // fixed Huffman
        var index = 0
        while index < data.count {
            let byte = data[index]
            writer.literal(Int(byte))
            index += 1
            // Repeat the previous byte with distance-1 matches for as long as the run lasts.
            while true {
                var run = 0
                while index + run < data.count, data[index + run] == byte, run < 258 { run += 1 }
                guard run >= 3 else { break }
                writer.match(length: run)
                index += run
            }
        }
        writer.literal(256)
        var output: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        output += writer.finish()
        let crc = CRC32.checksum(data)
        let size = UInt32(truncatingIfNeeded: data.count)
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
        for shift in stride(from: 0, to: 32, by: 8) { output.append(UInt8(truncatingIfNeeded: size >> UInt32(shift))) }
        return output
    }

    struct BitWriter {
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var count = 0

        mutating func write(_ value: Int, count bits: Int) {
            buffer |= UInt32(value) << UInt32(count)
            count += bits
            while count >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                count -= 8
            }
        }

        /// A Huffman code, most significant bit first (RFC 1951 §3.1.1).
        mutating func code(_ value: Int, length: Int) {
            var reversed = 0
            for bit in 0..<length where value & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
            write(reversed, count: length)
        }

        /// A literal or the end-of-block symbol, with the fixed codes of RFC 1951 §3.2.6.
        mutating func literal(_ symbol: Int) {
            switch symbol {
            case 0..<144: code(0x30 + symbol, length: 8)
            case 144..<256: code(0x190 + symbol - 144, length: 9)
            case 256..<280: code(symbol - 256, length: 7)
            default: code(0xC0 + symbol - 280, length: 8)
            }
        }

        /// A match of `length` (3…258) at distance 1.
        mutating func match(length: Int) {
            var index = Inflater.lengthBase.count - 1
            while Inflater.lengthBase[index] > length { index -= 1 }
            if length == 258 { index = 28 }
            literal(257 + index)
            if Inflater.lengthExtra[index] > 0 { write(length - Inflater.lengthBase[index], count: Inflater.lengthExtra[index]) }
            code(0, length: 5)  // distance code 0: distance 1
        }

        mutating func finish() -> [UInt8] {
            if count > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
            return bytes
        }
    }
}

/// CRC-32 (ISO-HDLC, the one GZIP uses).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}
