import Foundation
import Testing
@testable import WalletCrypto

/// The recovery phrase parsed and built in secure memory only (security requirement 41): the
/// byte-level word lookup must agree with the word list for every word, and the parser must keep
/// every rule the `String` parser had.
@Suite("Mnemonic over SecureBytes")
struct MnemonicBytesTests {
    func phrase(_ text: String) -> SecureBytes { SecureBytes(copying: Array(text.utf8)) }

    @Test("Every word of the list is found at its own index, in any ASCII case")
    func everyWord() throws {
        // Entropy chosen so that word i of the phrase is word (offset + i) of the list: check
        // all 2,048 words through phrases built from them.
        let words = BIP39EnglishWordList.words
        #expect(words == words.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }), "the binary search needs byte order")
        for start in stride(from: 0, to: words.count, by: 23) {
            // 23 words of the list, then the one word that completes a valid checksum.
            let chosen = (0..<23).map { words[(start + $0) % words.count] }
            let last = try #require(words.first { candidate in
                (try? Mnemonic(phrase: phrase((chosen + [candidate]).joined(separator: " ")))) != nil
            })
            let parsed = try Mnemonic(phrase: phrase((chosen + [last]).joined(separator: " ").uppercased()))
            let text = parsed.withUnsafePhrase { String(decoding: $0, as: UTF8.self) }
            #expect(text == (chosen + [last]).joined(separator: " "))
        }
    }

    @Test("Separators, lengths, unknown words and checksums")
    func rules() throws {
        let mnemonic = Mnemonic(wordCount: 12)
        let text = mnemonic.withUnsafePhrase { String(decoding: $0, as: UTF8.self) }
        let words = text.split(separator: " ").map(String.init)
        // Any run of space, tab, CR, LF or U+3000 separates words.
        let spaced = "\t" + words.joined(separator: " \u{3000}\r\n ") + "\n"
        #expect(try Mnemonic(phrase: phrase(spaced)).seed().constantTimeEquals(mnemonic.seed()))
        for bad in [
            words.dropLast().joined(separator: " "),                        // 11 words
            (words + words + words).joined(separator: " "),                 // 36 words
            (["abandonx"] + words.dropFirst()).joined(separator: " "),      // unknown word
            (["ab"] + words.dropFirst()).joined(separator: " "),            // a prefix of a word
            words.joined(separator: "\u{00A0}"),                            // NBSP is not a separator
        ] {
            #expect(throws: CryptoError(.invalidMnemonic, "")) { try Mnemonic(phrase: phrase(bad)) }
        }
        #expect(throws: CryptoError(.invalidMnemonic, "")) { try Mnemonic(phrase: phrase("")) }
    }

    @Test("prefix copies the leading bytes into a new secure buffer")
    func prefix() {
        let bytes = SecureBytes(copying: [1, 2, 3, 4, 5] as [UInt8])
        #expect(bytes.prefix(3).withUnsafeBytes { Array($0) } == [1, 2, 3])
        #expect(bytes.prefix(9).count == 5)
        #expect(bytes.prefix(-1).count == 0)
    }

    @Test("disableCoreDumps clears the dumpable flag and the core size limit")
    func coreDumps() {
        #expect(ProcessHardening.disableCoreDumps())
        #expect(ProcessHardening.coreDumpsDisabled)
    }
}
