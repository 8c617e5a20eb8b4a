internal import CSodium
public import Foundation

/// Ed25519 signatures (RFC 8032 §5.1), computed by libsodium.
///
/// Verification uses `crypto_sign_verify_detached`, which rejects non-canonical `S`,
/// small-order and non-canonical `R` and small-order public keys.
public enum Ed25519 {
    /// Length of a seed (the RFC 8032 private key), a public key, and a signature.
    public static let seedLength = 32
    /// The length of a public key, 32 bytes.
    public static let publicKeyLength = 32
    /// The length of a signature, 64 bytes.
    public static let signatureLength = 64
}

extension Ed25519 {
    /// An Ed25519 public key: the 32-byte compressed point `A` of RFC 8032 §5.1.5.
    public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
        /// The 32-byte encoding.
        public let rawRepresentation: [UInt8]

        /// Wraps a 32-byte encoded public key. Only the length is checked here; signatures from a
        /// small-order or non-canonical key never verify.
        public init(rawRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = rawRepresentation.withUnsafeBytes { Array($0.bindMemory(to: UInt8.self)) }
            guard bytes.count == Ed25519.publicKeyLength else {
                throw CryptoError(.invalidKeyLength, "an Ed25519 public key has 32 bytes, got \(bytes.count)")
            }
            self.rawRepresentation = bytes
        }

        init(uncheckedBytes: [UInt8]) { self.rawRepresentation = uncheckedBytes }

        /// Whether `signature` is a valid signature by this key over `message` (RFC 8032 §5.1.7,
        /// with libsodium's strict checks).
        public func isValidSignature(_ signature: some ContiguousBytes, for message: some ContiguousBytes) -> Bool {
            Sodium.ensureInitialized()
            return signature.withUnsafeBytes { signatureBytes in
                guard signatureBytes.count == Ed25519.signatureLength else { return false }
                return message.withNonNullBytes { messagePointer, messageLength in
                    rawRepresentation.withUnsafeBufferPointer { key in
                        crypto_sign_verify_detached(
                            signatureBytes.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            messagePointer, UInt64(messageLength), key.baseAddress!
                        ) == 0
                    }
                }
            }
        }

        /// Whether `signature` is a valid signature by this key over `message`.
        public func isValidSignature(_ signature: Signature, for message: some ContiguousBytes) -> Bool {
            isValidSignature(signature.rawRepresentation, for: message)
        }

        /// The key in hexadecimal.
        public var description: String { "Ed25519.PublicKey(\(Hex.encode(rawRepresentation)))" }
    }

    /// A detached Ed25519 signature `R || S` (64 bytes).
    public struct Signature: Hashable, Sendable {
        /// The 64 bytes `R || S`.
        public let rawRepresentation: [UInt8]

        /// A signature from its 64 raw bytes.
        ///
        /// - Throws: ``CryptoError`` for any other length.
        public init(rawRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = rawRepresentation.withUnsafeBytes { Array($0.bindMemory(to: UInt8.self)) }
            guard bytes.count == Ed25519.signatureLength else {
                throw CryptoError(.invalidSignatureLength, "an Ed25519 signature has 64 bytes, got \(bytes.count)")
            }
            self.rawRepresentation = bytes
        }

        init(uncheckedBytes: [UInt8]) { self.rawRepresentation = uncheckedBytes }
    }

    /// An Ed25519 private key.
    ///
    /// The 32-byte seed (RFC 8032's private key) lives in ``SecureBytes``; the public key is always
    /// derived from it and never taken from a caller. The seed leaves only through
    /// ``unsafeExportSeed()``.
    public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// libsodium's 64-byte secret key, `seed || publicKey`, in secure memory.
        private let secretKey: SecureBytes
        /// The public key derived from the seed.
        public let publicKey: PublicKey

        /// A new key from 32 bytes of libsodium's CSPRNG.
        public init() {
            let seed = SecureBytes.random(count: Ed25519.seedLength)
            try! self.init(seed: seed)  // the length is right by construction
        }

        /// Derives the key pair deterministically from a 32-byte seed (RFC 8032 §5.1.5).
        public init(seed: SecureBytes) throws(CryptoError) {
            guard seed.count == Ed25519.seedLength else {
                throw CryptoError(.invalidKeyLength, "an Ed25519 seed has 32 bytes, got \(seed.count)")
            }
            Sodium.ensureInitialized()
            var publicBytes = [UInt8](repeating: 0, count: Ed25519.publicKeyLength)
            self.secretKey = seed.withUnsafeBytes { seedBytes in
                SecureBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { secret in
                    let result = publicBytes.withUnsafeMutableBufferPointer { publicBuffer in
                        crypto_sign_seed_keypair(
                            publicBuffer.baseAddress!,
                            secret.baseAddress!.assumingMemoryBound(to: UInt8.self),
                            seedBytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        )
                    }
                    precondition(result == 0, "crypto_sign_seed_keypair cannot fail")
                }
            }
            self.publicKey = PublicKey(uncheckedBytes: publicBytes)
        }

        /// Derives the key pair from a 32-byte seed held in ordinary memory. Prefer
        /// ``init(seed:)`` with ``SecureBytes``; this copies the bytes into secure memory.
        public init(seedBytes: some ContiguousBytes) throws(CryptoError) {
            try self.init(seed: SecureBytes(copying: seedBytes))
        }

        /// Signs `message` (RFC 8032 §5.1.6). Ed25519 signing is deterministic.
        public func signature(for message: some ContiguousBytes) -> Signature {
            var signature = [UInt8](repeating: 0, count: Ed25519.signatureLength)
            message.withNonNullBytes { messagePointer, messageLength in
                secretKey.withUnsafeBytes { secret in
                    signature.withUnsafeMutableBufferPointer { output in
                        let result = crypto_sign_detached(
                            output.baseAddress!, nil, messagePointer, UInt64(messageLength),
                            secret.baseAddress!.assumingMemoryBound(to: UInt8.self)
                        )
                        precondition(result == 0, "crypto_sign_detached cannot fail")
                    }
                }
            }
            return Signature(uncheckedBytes: signature)
        }

        /// The 32-byte seed, for an explicit, encrypted export (for example the keystore sealing it).
        /// Never log or print the result.
        public func unsafeExportSeed() -> SecureBytes {
            secretKey.withUnsafeBytes { secret in
                SecureBytes(copying: UnsafeRawBufferPointer(rebasing: secret[0..<Ed25519.seedLength]))
            }
        }

        /// Runs `body` with libsodium's 64-byte secret key; for the X25519 conversion only.
        func withSecretKey<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
            try secretKey.withUnsafeBytes { try body($0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        }

        /// The public key in hexadecimal; the seed is redacted.
        public var description: String { "Ed25519.PrivateKey(publicKey: \(Hex.encode(publicKey.rawRepresentation)), seed: redacted)" }
        /// The same redacted text as ``description``.
        public var debugDescription: String { description }
        /// An empty mirror, so `dump()` shows no secret.
        public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
    }
}
