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

    public static func decode(_ text: some StringProtocol) throws(DIDError) -> [UInt8] {
        let input = Array(text.utf8)
        guard input.count <= maximumEncodedLength else {
            throw DIDError(.invalidBase58, "base58 text longer than \(maximumEncodedLength) characters")
        }
        let zeros = input.prefix { $0 == alphabet[0] }.count
        var bytes = [UInt8](repeating: 0, count: (input.count - zeros) * 733 / 1000 + 1)  // log(58)/log(256)
        var length = 0
        for character in input[zeros...] {
            var carry = Int(decodeTable[Int(character)])
            guard carry >= 0 else {
                throw DIDError(.invalidBase58, "'\(Character(Unicode.Scalar(character)))' is not a base58btc character")
            }
            var index = 0
            while carry != 0 || index < length {
                let position = bytes.count - 1 - index
                carry += 58 * Int(bytes[position])
                bytes[position] = UInt8(carry & 0xFF)
                carry >>= 8
                index += 1
            }
            length = index
        }
        return [UInt8](repeating: 0, count: zeros) + bytes[(bytes.count - length)...]
    }
}
