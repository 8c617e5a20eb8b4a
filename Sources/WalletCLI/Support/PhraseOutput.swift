import WalletCLISupport
import Foundation
import StrictJSON
import WalletCrypto

/// Writes a recovery phrase to stdout from secure memory: the words are laid out in a
/// `SecureBytes` buffer and written with write(2), never placed in a `String` (security
/// requirement 41; `wallet init` once left all 24 words in a core dump five times).
enum PhraseOutput {
    /// The words numbered six to a line, for a person to copy down.
    static func writeNumbered(_ mnemonic: Mnemonic) throws {
        try mnemonic.withUnsafePhrase { phrase in
            let words = phrase.split(separator: 0x20)
            // "  " per line, and per word "NN. " + the word + "  ": generous for 24 words.
            let capacity = words.count * 16 + (words.count / 6 + 1) * 3
            var used = 0
            let text = SecureBytes(count: capacity) { buffer in
                func append(_ byte: UInt8) { buffer[used] = byte; used += 1 }
                for (index, word) in words.enumerated() {
                    append(0x20); append(0x20)
                    let number = index + 1
                    append(number < 10 ? 0x20 : 0x30 + UInt8(number / 10))
                    append(0x30 + UInt8(number % 10))
                    append(0x2E); append(0x20)
                    for byte in word { append(byte) }
                    if index % 6 == 5 || index == words.count - 1 { append(0x0A) }
                }
            }
            try writeAll(text, count: used)
        }
    }

    /// The words on one line, single spaces, then a newline.
    static func writeLine(_ mnemonic: Mnemonic) throws {
        try write(mnemonic, before: [], after: [0x0A])
    }

    /// A pretty-printed JSON object: the members of `object`, then `"recoveryPhrase": "…"`.
    /// The words are lower-case ASCII letters and spaces, so they need no JSON escaping.
    static func writeJSON(_ object: JSONObject, _ mnemonic: Mnemonic) throws {
        var head = JSONSerializer(style: .pretty).serialize(.object(object))
        // "{\n  …\n}" → "{\n  …,\n  "; an empty object "{}" → "{\n  ".
        if head == Array("{}".utf8) { head = Array("{\n  ".utf8) } else {
            while head.last == 0x0A || head.last == 0x7D || head.last == 0x20 { head.removeLast() }
            head += Array(",\n  ".utf8)
        }
        try write(mnemonic, before: head + Array("\"recoveryPhrase\": \"".utf8), after: Array("\"\n}\n".utf8))
    }

    private static func write(_ mnemonic: Mnemonic, before: [UInt8], after: [UInt8]) throws {
        try mnemonic.withUnsafePhrase { phrase in
            let total = before.count + phrase.count + after.count
            let text = SecureBytes(count: total) { buffer in
                buffer.copyBytes(from: before)
                SecureBytes.copySecret(phrase, into: buffer, at: before.count)
                UnsafeMutableRawBufferPointer(rebasing: buffer[(before.count + phrase.count)...]).copyBytes(from: after)
            }
            try writeAll(text, count: total)
        }
    }

    private static func writeAll(_ text: SecureBytes, count: Int) throws {
        try text.withUnsafeBytes { bytes in
            var offset = 0
            while offset < count {
                let written = Foundation.write(STDOUT_FILENO, bytes.baseAddress! + offset, count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw CLIError.couldNotRun("cannot write the recovery phrase: \(String(cString: strerror(errno)))") }
                offset += written
            }
        }
    }
}
