public import Foundation
public import WalletCrypto

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

    private init(storage: SecureBytes) { bytes = storage }

    /// Reads a passphrase from bytes (a file or a terminal): UTF-8, one trailing newline
    /// (`\n` or `\r\n`) removed, then NFKD.
    public init(utf8 data: some ContiguousBytes) throws(KeystoreError) {
        try self.init(secureUTF8: SecureBytes(copying: data))
    }

    /// Reads a passphrase held in secure memory: UTF-8, one trailing newline (`\n` or `\r\n`)
    /// removed, then NFKD. An ASCII passphrase (already NFKD) goes straight from `data` into the
    /// passphrase's own secure buffer; only a non-ASCII one passes through a `String`, which
    /// Unicode normalisation needs and which cannot be wiped (docs/security.md, item 41).
    public init(secureUTF8 data: SecureBytes) throws(KeystoreError) {
        let trimmed: Range<Int>? = data.withUnsafeBytes { raw in
            var end = raw.count
            if end > 0, raw[end - 1] == 0x0A { end -= 1 }
            if end > 0, raw[end - 1] == 0x0D { end -= 1 }
            return raw[0..<end].allSatisfy { $0 < 0x80 } ? 0..<end : nil
        }
        if let trimmed {
            guard !trimmed.isEmpty else { throw KeystoreError(.invalidPassphrase, "the passphrase is empty") }
            self.init(storage: SecureBytes(count: trimmed.count) { destination in
                data.withUnsafeBytes { destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[trimmed])) }
            })
            return
        }
        var raw = data.withUnsafeBytes { Array($0) }
        defer { raw.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        if raw.last == 0x0A { raw.removeLast() }
        if raw.last == 0x0D { raw.removeLast() }
        guard let text = String(strictlyDecodingUTF8: raw) else {
            throw KeystoreError(.invalidPassphrase, "the passphrase is not valid UTF-8")
        }
        try self.init(text)
    }

    /// The passphrase's length in Unicode scalars after NFKD (for strength rules).
    public var scalarCount: Int {
        bytes.withUnsafeBytes { raw in raw.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
    }

    /// A fixed text: the passphrase is redacted.
    public var description: String { "Passphrase(redacted)" }
    /// The same redacted text as ``description``.
    public var debugDescription: String { description }
    /// An empty mirror, so `dump()` shows no secret.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension String {
    /// `bytes` as a string when they are well-formed UTF-8, `nil` otherwise: decoding repairs an
    /// ill-formed sequence with U+FFFD, so the text reads back as other bytes exactly then.
    /// (`String(validating:as:)` does the same from macOS 15 / iOS 18 on; the package supports
    /// macOS 14 and iOS 17: docs/decisions/0019-apple-platforms-and-libsodium.md.)
    init?(strictlyDecodingUTF8 bytes: some Collection<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.elementsEqual(bytes) else { return nil }
        self = text
    }
}
