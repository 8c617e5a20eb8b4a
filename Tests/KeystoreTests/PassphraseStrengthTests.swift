import Testing
import WalletKeystore

/// The backup passphrase floor (security requirement 41, docs/security.md).
@Suite("Passphrase strength")
struct PassphraseStrengthTests {
    func strength(_ text: String) throws -> PassphraseStrength { PassphraseStrength(of: try Passphrase(text)) }

    @Test("Short, repeated and sequential passphrases are below the floor; long varied ones pass")
    func floor() throws {
        for weak in ["b", "backup pass", "password1234", "aaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrstuvwxyz", "12345678901234567890", "qwertyqwerty"] {
            #expect(!(try strength(weak)).isAcceptableForBackup, "\(weak)")
        }
        for strong in ["correct horse battery staple", "a long enough backup passphrase", "Tr0ub4dor&3x!", "mật khẩu sao lưu đủ dài"] {
            #expect(try strength(strong).isAcceptableForBackup, "\(strong)")
        }
        #expect(try strength("password1234").estimatedBits < PassphraseStrength.minimumBits)
    }

    @Test("A passphrase read from bytes keeps ASCII as it is and normalises the rest to NFKD")
    func secureUTF8() throws {
        #expect(try Passphrase(utf8: Array("same passphrase\n".utf8)).scalarCount == 15)
        #expect(try Passphrase(utf8: Array("same passphrase\r\n".utf8)).scalarCount == 15)
        #expect(throws: KeystoreError.self) { try Passphrase(utf8: Array("\n".utf8)) }
        #expect(throws: KeystoreError.self) { try Passphrase(utf8: [0xC3]) }
        // "é" composed (U+00E9) and decomposed give one passphrase.
        #expect(try Passphrase(utf8: Array("caf\u{E9}".utf8)).scalarCount == 5)
    }
}
