public import Foundation

extension NISTECDSA {
    /// A private key.
    ///
    /// The scalar lives in ``SecureBytes``. swift-crypto's key object (BoringSSL's `EC_KEY`, in
    /// ordinary heap memory that BoringSSL zeroes when it frees it) exists only for the moment of
    /// computing the public key or a signature, built from the secure bytes and released at once.
    /// The scalar leaves only through ``unsafeExportScalar()``.
    public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        private let scalar: SecureBytes
        /// The public key of this scalar.
        public let publicKey: PublicKey

        /// A new key from libsodium's CSPRNG (drawn again in the negligible case of 0 or ≥ n).
        public init() {
            while true {
                if let key = try? Self(scalar: SecureBytes.random(count: NISTECDSA.privateKeyLength)) {
                    self = key
                    return
                }
            }
        }

        /// The key with this big-endian scalar (``NISTECDSA/privateKeyLength`` bytes); refused
        /// when it is 0 or not below n.
        public init(scalar: SecureBytes) throws(CryptoError) {
            guard scalar.count == NISTECDSA.privateKeyLength else {
                throw CryptoError(.invalidPrivateKey, "a \(Curve.name) private key has \(NISTECDSA.privateKeyLength) bytes, got \(scalar.count)")
            }
            guard let key = scalar.withUnsafeBytes({ NISTBackend(Curve.self).publicKey(scalar: $0) }) else {
                throw CryptoError(.invalidPrivateKey, "a \(Curve.name) private key is a number from 1 to n − 1")
            }
            self.scalar = scalar
            self.publicKey = PublicKey(key: key)
        }

        /// The key with this scalar held in ordinary memory. Prefer ``init(scalar:)``; this copies
        /// the bytes into secure memory.
        public init(scalarBytes: some ContiguousBytes) throws(CryptoError) {
            try self.init(scalar: SecureBytes(copying: scalarBytes))
        }

        /// Signs the curve's hash of `message` (`ES256` / `ES384`); the result is `r || s` with the
        /// low `s`.
        public func signature(for message: some ContiguousBytes) -> Signature {
            let raw = scalar.withUnsafeBytes { scalar in
                message.withUnsafeBytes { NISTBackend(Curve.self).signature(scalar: scalar, message: $0) }
            }!  // init checked the scalar; signing fails only on allocation failure
            return Signature(uncheckedBytes: ScalarBytes.lowSForm(raw, order: Curve.order, halfOrder: Curve.halfOrder))
        }

        /// The scalar, for an explicit, encrypted export (the keystore sealing it). Never log or print it.
        public func unsafeExportScalar() -> SecureBytes {
            scalar.withUnsafeBytes { SecureBytes(copying: $0) }
        }

        /// Runs `body` with the scalar; for derivation inside this module only.
        func withScalar<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try scalar.withUnsafeBytes(body)
        }

        /// The public key only; the private scalar is redacted.
        public var description: String {
            "\(NISTECDSA.typeName).PrivateKey(publicKey: \(Hex.encode(publicKey.compressedRepresentation)), scalar: redacted)"
        }
        /// The same as `description`: the secret is redacted.
        public var debugDescription: String { description }
        /// A mirror with no children, so `dump` and debuggers show no secret.
        public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
    }
}
