/// Base58 with the Bitcoin alphabet (draft-msporny-base58 §2), as used by multibase `z`.
public enum Base58 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let decodeTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    /// The longest input accepted by ``decode(_:)``, which is quadratic in the length.
    public static let maximumEncodedLength = 4096

    /// The base58btc text of `bytes`; each leading zero byte becomes a `1`.
    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        // log(256) / log(58) ≈ 1.365
        var digits = [UInt8](repeating: 0, count: (bytes.count - zeros) * 138 / 100 + 1)
        var length = 0
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            var index = 0
            while carry != 0 || index < length {
                let position = digits.count - 1 - index
                carry += 256 * Int(digits[position])
                digits[position] = UInt8(carry % 58)
                carry /= 58
                index += 1
            }
            length = index
        }
        var output = [UInt8](repeating: alphabet[0], count: zeros)
        output.reserveCapacity(zeros + length)
        for digit in digits[(digits.count - length)...] { output.append(alphabet[Int(digit)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes base58btc text.
    ///
    /// - Throws: ``DIDError`` `invalidBase58` for a character outside the alphabet or text longer than ``maximumEncodedLength``.
    public static func decode(_ text: String) throws(DIDError) -> [UInt8] {
        try decode(utf8: Array(text.utf8))
    }

    /// Decodes base58btc given as its ASCII bytes.
    static func decode(utf8 input: [UInt8]) throws(DIDError) -> [UInt8] {
        guard input.count <= maximumEncodedLength else {
            throw DIDError(.invalidBase58, "base58 text longer than \(maximumEncodedLength) characters")
        }
        let zeros = input.prefix { $0 == alphabet[0] }.count
        // The value accumulates in little-endian 32-bit limbs, five digits at a time
        // (58^5 < 2^32), which keeps decoding fast for keys and signatures.
        var limbs = [UInt32](repeating: 0, count: (input.count - zeros) * 733 / 4000 + 2)
        var used = 0
        var index = zeros
        while index < input.count {
            let chunk = min(5, input.count - index)
            var multiplier: UInt64 = 1
            var addend: UInt64 = 0
            for offset in 0..<chunk {
                let character = input[index + offset]
                let digit = decodeTable[Int(character)]
                guard digit >= 0 else {
                    throw DIDError(.invalidBase58, "'\(Character(Unicode.Scalar(character)))' is not a base58btc character")
                }
                addend = addend * 58 + UInt64(digit)
                multiplier *= 58
            }
            var carry = addend
            for limb in 0..<used {
                let product = UInt64(limbs[limb]) * multiplier + carry
                limbs[limb] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            while carry != 0 {
                limbs[used] = UInt32(truncatingIfNeeded: carry)
                carry >>= 32
                used += 1
            }
            index += chunk
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(zeros + used * 4)
        bytes.append(contentsOf: repeatElement(0, count: zeros))
        var started = false
        for limb in stride(from: used - 1, through: 0, by: -1) {
            for shift in stride(from: 24, through: 0, by: -8) {
                let byte = UInt8(truncatingIfNeeded: limbs[limb] >> UInt32(shift))
                if byte != 0 { started = true }
                if started { bytes.append(byte) }
            }
        }
        return bytes
    }
}
