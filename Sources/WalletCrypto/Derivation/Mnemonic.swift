import Foundation

/// A BIP-39 mnemonic (English word list): the wallet's recovery phrase.
///
/// The phrase and its entropy live in ``SecureBytes``; descriptions are redacted. The words
/// leave only through ``withUnsafePhrase(_:)``, for showing them to their owner.
public struct Mnemonic: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The phrase: words separated by single spaces, UTF-8.
    private let phrase: SecureBytes
    /// The entropy the words encode (16 to 32 bytes).
    private let entropy: SecureBytes

    /// The number of words (12, 15, 18, 21 or 24).
    public var wordCount: Int { entropy.count * 3 / 4 }

    /// A new phrase from the CSPRNG: 24 words (256 bits) by default.
    public init(wordCount: Int = 24) {
        precondition([12, 15, 18, 21, 24].contains(wordCount), "a BIP-39 phrase has 12, 15, 18, 21 or 24 words")
        try! self.init(entropy: SecureBytes.random(count: wordCount * 4 / 3))
    }

    /// The phrase for given entropy (BIP-39 "Generating the mnemonic").
    public init(entropy: SecureBytes) throws(CryptoError) {
        guard [16, 20, 24, 28, 32].contains(entropy.count) else {
            throw CryptoError(.invalidMnemonic, "BIP-39 entropy has 16 to 32 bytes in steps of 4, got \(entropy.count)")
        }
        let checksumBits = entropy.count / 4
        let checksum = entropy.withUnsafeBytes { SHA256.hash($0)[0] }
        var indexes: [Int] = []
        entropy.withUnsafeBytes { bytes in
            let totalBits = bytes.count * 8 + checksumBits
            for word in 0..<(totalBits / 11) {
                var value = 0
                for bit in (word * 11)..<(word * 11 + 11) {
                    let byte = bit < bytes.count * 8 ? bytes[bit / 8] : checksum
                    let position = bit < bytes.count * 8 ? bit % 8 : bit - bytes.count * 8
                    value = value << 1 | Int(byte >> (7 - UInt8(position)) & 1)
                }
                indexes.append(value)
            }
        }
        var text = indexes.map { BIP39EnglishWordList.words[$0] }.joined(separator: " ")
        self.phrase = SecureBytes(copying: Array(text.utf8))
        text = ""
        self.entropy = SecureBytes(copying: entropy)
    }

    /// Parses and checks a phrase: every word in the English list, a valid length, a valid
    /// checksum. Whitespace between words may be any amount; case is ignored.
    public init(phrase text: some StringProtocol) throws(CryptoError) {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\u{3000}" })
        guard [12, 15, 18, 21, 24].contains(words.count) else {
            throw CryptoError(.invalidMnemonic, "a recovery phrase has 12, 15, 18, 21 or 24 words, got \(words.count)")
        }
        var bits: [UInt8] = []
        bits.reserveCapacity(words.count * 11)
        for (position, word) in words.enumerated() {
            guard let index = BIP39EnglishWordList.indexByWord[String(word)] else {
                throw CryptoError(.invalidMnemonic, "word \(position + 1) is not in the BIP-39 English word list")
            }
            for shift in (0..<11).reversed() { bits.append(UInt8(index >> shift & 1)) }
        }
        let entropyBits = words.count * 11 * 32 / 33
        var entropyBytes = [UInt8](repeating: 0, count: entropyBits / 8)
        for bit in 0..<entropyBits where bits[bit] == 1 { entropyBytes[bit / 8] |= 1 << (7 - UInt8(bit % 8)) }
        defer { entropyBytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        let checksum = SHA256.hash(entropyBytes)[0]
        for bit in entropyBits..<bits.count where bits[bit] != (checksum >> (7 - UInt8(bit - entropyBits)) & 1) {
            throw CryptoError(.invalidMnemonic, "the recovery phrase's checksum does not match (a word is wrong or out of order)")
        }
        try self.init(entropy: SecureBytes(copying: entropyBytes))
    }

    /// The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512 over the NFKD phrase, salt "mnemonic" + NFKD
    /// passphrase, 2,048 iterations.
    public func seed(passphrase: String = "") -> SecureBytes {
        let salt = Array(("mnemonic" + passphrase.decomposedStringWithCompatibilityMapping).utf8)
        return PBKDF2SHA512.deriveKey(password: phrase, salt: salt, iterations: 2048, length: 64)
    }

    /// The entropy, for sealing in the keystore.
    public func unsafeExportEntropy() -> SecureBytes { SecureBytes(copying: entropy) }

    /// Runs `body` with the words (UTF-8, single spaces), for showing them to their owner.
    public func withUnsafePhrase<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try phrase.withUnsafeBytes(body)
    }

    public var description: String { "Mnemonic(\(wordCount) words, redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
