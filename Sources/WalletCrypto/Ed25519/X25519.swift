internal import CSodium
public import Foundation

/// X25519 keys (RFC 7748) for `keyAgreement`, derived from Ed25519 keys with libsodium's
/// birational map from the Edwards to the Montgomery form.
public enum X25519 {
    /// The length of a public key and of a private scalar, 32 bytes.
    public static let keyLength = 32

    /// An X25519 public key (the Montgomery u-coordinate, 32 bytes little-endian).
    public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
        /// The 32 bytes of the u-coordinate.
        public let rawRepresentation: [UInt8]

        /// A public key from its 32 raw bytes.
        ///
        /// - Throws: ``CryptoError`` `invalidKeyLength` for any other length.
        public init(rawRepresentation: some ContiguousBytes) throws(CryptoError) {
            let bytes = rawRepresentation.withUnsafeBytes { Array($0.bindMemory(to: UInt8.self)) }
            guard bytes.count == X25519.keyLength else {
                throw CryptoError(.invalidKeyLength, "an X25519 public key has 32 bytes, got \(bytes.count)")
            }
            self.rawRepresentation = bytes
        }

        init(uncheckedBytes: [UInt8]) { self.rawRepresentation = uncheckedBytes }

        /// The key in hexadecimal.
        public var description: String { "X25519.PublicKey(\(Hex.encode(rawRepresentation)))" }
    }

    /// An X25519 private scalar in secure memory.
    public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        private let scalar: SecureBytes
        /// The public key of this private key.
        public let publicKey: PublicKey

        init(scalar: SecureBytes) {
            Sodium.ensureInitialized()
            var publicBytes = [UInt8](repeating: 0, count: X25519.keyLength)
            scalar.withUnsafeBytes { secret in
                publicBytes.withUnsafeMutableBufferPointer { output in
                    // Fails only for a scalar that is zero after clamping, which cannot happen.
                    _ = crypto_scalarmult_base(output.baseAddress!, secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
                }
            }
            self.scalar = scalar
            self.publicKey = PublicKey(uncheckedBytes: publicBytes)
        }

        /// The public key in hexadecimal; the scalar is redacted.
        public var description: String { "X25519.PrivateKey(publicKey: \(Hex.encode(publicKey.rawRepresentation)), scalar: redacted)" }
        /// The same redacted text as ``description``.
        public var debugDescription: String { description }
        /// An empty mirror, so `dump()` shows no secret.
        public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
    }
}

extension Ed25519.PublicKey {
    /// The X25519 public key of the same key pair (`crypto_sign_ed25519_pk_to_curve25519`).
    ///
    /// Fails with `invalidPublicKey` for an encoding that is not a valid point of prime order.
    public func x25519PublicKey() throws(CryptoError) -> X25519.PublicKey {
        Sodium.ensureInitialized()
        var output = [UInt8](repeating: 0, count: X25519.keyLength)
        let result = rawRepresentation.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { crypto_sign_ed25519_pk_to_curve25519($0.baseAddress!, input.baseAddress!) }
        }
        guard result == 0 else {
            throw CryptoError(.invalidPublicKey, "the Ed25519 public key cannot be converted to X25519")
        }
        return X25519.PublicKey(uncheckedBytes: output)
    }
}

extension Ed25519.PrivateKey {
    /// The X25519 private key of the same key pair: the clamped first half of SHA-512(seed)
    /// (`crypto_sign_ed25519_sk_to_curve25519`).
    public func x25519PrivateKey() -> X25519.PrivateKey {
        let scalar = SecureBytes(count: X25519.keyLength) { output in
            withSecretKey { secret in
                _ = crypto_sign_ed25519_sk_to_curve25519(output.baseAddress!.assumingMemoryBound(to: UInt8.self), secret)
            }
        }
        return X25519.PrivateKey(scalar: scalar)
    }
}
