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
        let entropy = SecureBytes.random(count: wordCount * 4 / 3)
        self.init(checkedEntropy: entropy)
    }

    /// The phrase for given entropy (BIP-39 "Generating the mnemonic").
    public init(entropy: SecureBytes) throws(CryptoError) {
        guard [16, 20, 24, 28, 32].contains(entropy.count) else {
            throw CryptoError(.invalidMnemonic, "BIP-39 entropy has 16 to 32 bytes in steps of 4, got \(entropy.count)")
        }
        self.init(checkedEntropy: entropy)
    }

    /// Builds the words straight into secure memory: no `String` ever holds them (security
    /// requirement 41).
    private init(checkedEntropy entropy: SecureBytes) {
        let checksum = entropy.withUnsafeBytes { SHA256.hashOfSecret($0)[0] }
        // The word indexes are as secret as the words: computed twice rather than kept in an
        // ordinary array.
        let wordCount = (entropy.count * 8 + entropy.count / 4) / 11
        let length = entropy.withUnsafeBytes { bytes in
            (0..<wordCount).reduce(wordCount - 1) { $0 + BIP39EnglishWordList.words[Self.wordIndex($1, entropy: bytes, checksum: checksum)].utf8.count }
        }
        self.phrase = SecureBytes(count: length) { buffer in
            entropy.withUnsafeBytes { bytes in
                var offset = 0
                for position in 0..<wordCount {
                    if position > 0 { buffer[offset] = 0x20; offset += 1 }
                    for byte in BIP39EnglishWordList.words[Self.wordIndex(position, entropy: bytes, checksum: checksum)].utf8 { buffer[offset] = byte; offset += 1 }
                }
            }
        }
        self.entropy = SecureBytes(copying: entropy)
    }

    /// The 11-bit value of word `word`: entropy bits followed by the checksum's leading bits.
    private static func wordIndex(_ word: Int, entropy bytes: UnsafeRawBufferPointer, checksum: UInt8) -> Int {
        var value = 0
        for bit in (word * 11)..<(word * 11 + 11) {
            let byte = bit < bytes.count * 8 ? bytes[bit / 8] : checksum
            let position = bit < bytes.count * 8 ? bit % 8 : bit - bytes.count * 8
            value = value << 1 | Int(byte >> (7 - UInt8(position)) & 1)
        }
        return value
    }

    /// Parses and checks a phrase: every word in the English list, a valid length, a valid
    /// checksum. Whitespace between words may be any amount; case is ignored.
    public init(phrase text: some StringProtocol) throws(CryptoError) {
        try self.init(phrase: SecureBytes(copying: Array(text.utf8)))
    }

    /// Parses and checks a phrase given as UTF-8 in secure memory (as read from a terminal or a
    /// file), without copying the words anywhere else. Words are separated by any run of spaces,
    /// tabs, line breaks or U+3000 (ideographic space); ASCII case is ignored.
    public init(phrase text: SecureBytes) throws(CryptoError) {
        var indexes: [Int] = []
        var failure: CryptoError?
        text.withUnsafeBytes { bytes in
            var start = 0
            var position = 0
            func endWord(at end: Int) {
                guard end > start, failure == nil else { return }
                guard indexes.count < 24, let index = Self.lookUp(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else {
                    failure = CryptoError(.invalidMnemonic, indexes.count < 24
                        ? "word \(indexes.count + 1) is not in the BIP-39 English word list"
                        : "a recovery phrase has 12, 15, 18, 21 or 24 words, got more")
                    return
                }
                indexes.append(index)
            }
            while position < bytes.count {
                let separator = Self.separatorLength(bytes, at: position)
                if separator > 0 {
                    endWord(at: position)
                    position += separator
                    start = position
                } else {
                    position += 1
                }
            }
            endWord(at: bytes.count)
        }
        if let failure { throw failure }
        guard [12, 15, 18, 21, 24].contains(indexes.count) else {
            throw CryptoError(.invalidMnemonic, "a recovery phrase has 12, 15, 18, 21 or 24 words, got \(indexes.count)")
        }
        let entropyBits = indexes.count * 11 * 32 / 33
        let entropy = SecureBytes(count: entropyBits / 8) { buffer in
            for bit in 0..<entropyBits where indexes[bit / 11] >> (10 - bit % 11) & 1 == 1 {
                buffer[bit / 8] |= 1 << (7 - UInt8(bit % 8))
            }
        }
        let checksum = entropy.withUnsafeBytes { SHA256.hashOfSecret($0)[0] }
        for bit in entropyBits..<(indexes.count * 11) {
            let given = indexes[bit / 11] >> (10 - bit % 11) & 1
            guard given == Int(checksum >> (7 - UInt8(bit - entropyBits)) & 1) else {
                throw CryptoError(.invalidMnemonic, "the recovery phrase's checksum does not match (a word is wrong or out of order)")
            }
        }
        self.init(checkedEntropy: entropy)
    }

    /// The byte length of the word separator at `position`, or 0.
    private static func separatorLength(_ bytes: UnsafeRawBufferPointer, at position: Int) -> Int {
        switch bytes[position] {
        case 0x20, 0x09, 0x0A, 0x0D: return 1
        case 0xE3 where position + 2 < bytes.count && bytes[position + 1] == 0x80 && bytes[position + 2] == 0x80: return 3
        default: return 0
        }
    }

    /// The index of `word` (ASCII, any case) in the sorted English list, by binary search over
    /// bytes so that the word is never copied into a `String`.
    private static func lookUp(_ word: UnsafeRawBufferPointer) -> Int? {
        guard word.count <= 8 else { return nil }
        var low = 0
        var high = BIP39EnglishWordList.words.count - 1
        while low <= high {
            let middle = (low + high) / 2
            var order = 0
            var candidate = BIP39EnglishWordList.words[middle].utf8.makeIterator()
            for byte in word {
                let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                guard let next = candidate.next() else { order = 1; break }
                if lowered != next { order = lowered < next ? -1 : 1; break }
            }
            if order == 0 && candidate.next() != nil { order = -1 }
            if order == 0 { return middle }
            if order < 0 { high = middle - 1 } else { low = middle + 1 }
        }
        return nil
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

    /// The word count only; the phrase is redacted.
    public var description: String { "Mnemonic(\(wordCount) words, redacted)" }
    /// The same redacted text as ``description``.
    public var debugDescription: String { description }
    /// An empty mirror, so `dump()` shows no words.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
