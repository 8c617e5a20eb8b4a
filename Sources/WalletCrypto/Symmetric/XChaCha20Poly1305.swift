internal import CSodium
public import Foundation

/// XChaCha20-Poly1305 authenticated encryption (draft-irtf-cfrg-xchacha, the IETF construction)
/// through libsodium's `crypto_aead_xchacha20poly1305_ietf_*`.
///
/// The 24-byte nonce is large enough to be chosen at random for every message.
public enum XChaCha20Poly1305 {
    /// The key length, 32 bytes.
    public static let keyLength = 32
    /// The nonce length, 24 bytes.
    public static let nonceLength = 24
    /// The Poly1305 tag length, 16 bytes.
    public static let tagLength = 16

    /// A sealed message: the nonce and `ciphertext || tag`.
    public struct SealedBox: Hashable, Sendable {
        /// The 24-byte nonce the message was sealed with.
        public let nonce: [UInt8]
        /// The ciphertext followed by the 16-byte Poly1305 tag.
        public let ciphertextAndTag: [UInt8]

        /// A sealed box from its stored parts; the lengths are checked when it is opened.
        public init(nonce: [UInt8], ciphertextAndTag: [UInt8]) {
            self.nonce = nonce
            self.ciphertextAndTag = ciphertextAndTag
        }
    }

    /// Encrypts and authenticates `plaintext` and authenticates `additionalData`, under a fresh
    /// random nonce.
    public static func seal(
        _ plaintext: some ContiguousBytes, key: SecureBytes, additionalData: some ContiguousBytes = [UInt8]()
    ) throws(CryptoError) -> SealedBox {
        try seal(plaintext, key: key, nonce: SecureRandom.bytes(count: nonceLength), additionalData: additionalData)
    }

    /// Encrypts with a caller-chosen nonce. A nonce must never repeat under one key; prefer
    /// ``seal(_:key:additionalData:)``, which picks a random one.
    public static func seal(
        _ plaintext: some ContiguousBytes, key: SecureBytes, nonce: [UInt8], additionalData: some ContiguousBytes = [UInt8]()
    ) throws(CryptoError) -> SealedBox {
        try checkSizes(key: key, nonce: nonce)
        let plaintextLength = plaintext.withUnsafeBytes { $0.count }
        var output = [UInt8](repeating: 0, count: plaintextLength + tagLength)
        var outputLength: UInt64 = 0
        plaintext.withNonNullBytes { message, messageLength in
            additionalData.withNonNullBytes { ad, adLength in
                key.withUnsafeBytes { keyBytes in
                    output.withUnsafeMutableBufferPointer { out in
                        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
                            out.baseAddress!, &outputLength, message, UInt64(messageLength),
                            ad, UInt64(adLength), nil, nonce,
                            keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    }
                }
            }
        }
        return SealedBox(nonce: nonce, ciphertextAndTag: output)
    }

    /// Decrypts `box`, failing with `authenticationFailed` if the key, the additional data, the
    /// nonce or any byte of the ciphertext or tag is wrong. Nothing is released on failure.
    public static func open(
        _ box: SealedBox, key: SecureBytes, additionalData: some ContiguousBytes = [UInt8]()
    ) throws(CryptoError) -> [UInt8] {
        try checkSizes(key: key, nonce: box.nonce)
        let length = try plaintextLength(of: box)
        var plaintext = [UInt8](repeating: 0, count: length)
        let succeeded = plaintext.withUnsafeMutableBytes { output in
            decrypt(box, key: key, additionalData: additionalData, into: output)
        }
        guard succeeded else {
            throw CryptoError(.authenticationFailed, "the sealed data failed authentication")
        }
        return plaintext
    }

    /// Decrypts `box` straight into secure memory, for secrets (seeds, data keys).
    public static func openSecret(
        _ box: SealedBox, key: SecureBytes, additionalData: some ContiguousBytes = [UInt8]()
    ) throws(CryptoError) -> SecureBytes {
        try checkSizes(key: key, nonce: box.nonce)
        let length = try plaintextLength(of: box)
        var succeeded = false
        let plaintext = SecureBytes(count: length) { output in
            succeeded = decrypt(box, key: key, additionalData: additionalData, into: output)
        }
        guard succeeded else {
            throw CryptoError(.authenticationFailed, "the sealed data failed authentication")
        }
        return plaintext
    }

    private static func decrypt(
        _ box: SealedBox, key: SecureBytes, additionalData: some ContiguousBytes, into output: UnsafeMutableRawBufferPointer
    ) -> Bool {
        var scratch: UInt8 = 0
        let outputPointer = output.count > 0 ? output.baseAddress!.assumingMemoryBound(to: UInt8.self) : withUnsafeMutablePointer(to: &scratch) { $0 }
        var written: UInt64 = 0
        return box.ciphertextAndTag.withNonNullBytes { ciphertext, ciphertextLength in
            additionalData.withNonNullBytes { ad, adLength in
                key.withUnsafeBytes { keyBytes in
                    crypto_aead_xchacha20poly1305_ietf_decrypt(
                        outputPointer, &written, nil, ciphertext, UInt64(ciphertextLength),
                        ad, UInt64(adLength), box.nonce,
                        keyBytes.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 0
                }
            }
        }
    }

    private static func plaintextLength(of box: SealedBox) throws(CryptoError) -> Int {
        guard box.ciphertextAndTag.count >= tagLength else {
            throw CryptoError(.authenticationFailed, "the sealed data is shorter than its tag")
        }
        return box.ciphertextAndTag.count - tagLength
    }

    private static func checkSizes(key: SecureBytes, nonce: [UInt8]) throws(CryptoError) {
        Sodium.ensureInitialized()
        guard key.count == keyLength else {
            throw CryptoError(.invalidKeyLength, "an XChaCha20-Poly1305 key has 32 bytes, got \(key.count)")
        }
        guard nonce.count == nonceLength else {
            throw CryptoError(.invalidNonceLength, "an XChaCha20-Poly1305 nonce has 24 bytes, got \(nonce.count)")
        }
    }
}
