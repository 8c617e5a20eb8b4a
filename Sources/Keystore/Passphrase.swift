public import Foundation
import WalletCrypto

/// A passphrase, normalised to Unicode NFKD and held as UTF-8 in secure memory.
///
/// NFKD makes the same passphrase typed on different keyboards (composed or decomposed accents,
/// full-width forms) derive the same key. The text is redacted in every description.
public struct Passphrase: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let bytes: SecureBytes

    /// Normalises `text` to NFKD. Fails with `invalidPassphrase` when empty.
    public init(_ text: String) throws(KeystoreError) {
        let normalized = text.decomposedStringWithCompatibilityMapping
        guard !normalized.isEmpty else { throw KeystoreError(.invalidPassphrase, "the passphrase is empty") }
        bytes = SecureBytes(copying: Array(normalized.utf8))
    }

    /// Reads a passphrase from bytes (a file or a terminal): UTF-8, one trailing newline
    /// (`\n` or `\r\n`) removed, then NFKD.
    public init(utf8 data: some ContiguousBytes) throws(KeystoreError) {
        var raw = data.withUnsafeBytes { Array($0) }
        defer { raw.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        if raw.last == 0x0A { raw.removeLast() }
        if raw.last == 0x0D { raw.removeLast() }
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw KeystoreError(.invalidPassphrase, "the passphrase is not valid UTF-8")
        }
        try self.init(text)
    }

    public var description: String { "Passphrase(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
