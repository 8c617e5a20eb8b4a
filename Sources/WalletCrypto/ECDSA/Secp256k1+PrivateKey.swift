internal import CSecp256k1
public import Foundation

extension Secp256k1 {
    /// A secp256k1 private key.
    ///
    /// The 32-byte scalar lives in ``SecureBytes`` and libsecp256k1 reads it there; the public key
    /// is always computed from it, never taken from a caller. The scalar leaves only through
    /// ``unsafeExportScalar()``.
    public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        private let scalar: SecureBytes
        /// The public key of this scalar.
        public let publicKey: PublicKey

        /// A new key: 32 bytes of libsodium's CSPRNG, drawn again in the (2^-128) case that they
        /// are not a valid scalar.
        public init() {
            while true {
                if let key = try? Self(scalar: SecureBytes.random(count: Secp256k1.privateKeyLength)) {
                    self = key
                    return
                }
            }
        }

        /// The key with this 32-byte big-endian scalar; refused when it is 0 or not below n.
        public init(scalar: SecureBytes) throws(CryptoError) {
            guard scalar.count == Secp256k1.privateKeyLength else {
                throw CryptoError(.invalidPrivateKey, "a secp256k1 private key has 32 bytes, got \(scalar.count)")
            }
            let context = Secp256k1Context.shared.pointer
            var point = secp256k1_pubkey()
            let created = scalar.withUnsafeBytes { secret in
                secp256k1_ec_pubkey_create(context, &point, secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            guard created == 1 else {
                throw CryptoError(.invalidPrivateKey, "a secp256k1 private key is a number from 1 to n − 1")
            }
            self.scalar = scalar
            self.publicKey = PublicKey(point: point)
        }

        /// The key with this scalar held in ordinary memory. Prefer ``init(scalar:)`` with
        /// ``SecureBytes``; this copies the bytes into secure memory.
        public init(scalarBytes: some ContiguousBytes) throws(CryptoError) {
            try self.init(scalar: SecureBytes(copying: scalarBytes))
        }

        /// Signs SHA-256(`message`) (ES256K): RFC 6979 nonce, low-S, `r || s`.
        public func signature(for message: some ContiguousBytes) -> Signature {
            try! signature(forDigest: SHA256.hash(message))  // the digest length is right by construction
        }

        /// Signs a 32-byte digest the caller computed from the message.
        public func signature(forDigest digest: some ContiguousBytes) throws(CryptoError) -> Signature {
            let digestBytes = try Secp256k1.checkedDigest(digest)
            let context = Secp256k1Context.shared.pointer
            var signature = secp256k1_ecdsa_signature()
            let signed = scalar.withUnsafeBytes { secret in
                secp256k1_ecdsa_sign(context, &signature, digestBytes, secret.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, nil)
            }
            precondition(signed == 1, "secp256k1_ecdsa_sign fails only for an invalid scalar, which init refused")
            var output = [UInt8](repeating: 0, count: Secp256k1.signatureLength)
            _ = secp256k1_ecdsa_signature_serialize_compact(context, &output, &signature)
            return Signature(uncheckedBytes: output)
        }

        /// Signs SHA-256(`message`) and returns the recovery id with the signature.
        public func recoverableSignature(for message: some ContiguousBytes) -> RecoverableSignature {
            try! recoverableSignature(forDigest: SHA256.hash(message))  // the digest length is right by construction
        }

        /// Signs a 32-byte digest and returns the recovery id with the signature (RFC 6979, low-S).
        public func recoverableSignature(forDigest digest: some ContiguousBytes) throws(CryptoError) -> RecoverableSignature {
            let digestBytes = try Secp256k1.checkedDigest(digest)
            let context = Secp256k1Context.shared.pointer
            var signature = secp256k1_ecdsa_recoverable_signature()
            let signed = scalar.withUnsafeBytes { secret in
                secp256k1_ecdsa_sign_recoverable(context, &signature, digestBytes, secret.baseAddress!.assumingMemoryBound(to: UInt8.self), nil, nil)
            }
            precondition(signed == 1, "secp256k1_ecdsa_sign_recoverable fails only for an invalid scalar, which init refused")
            var output = [UInt8](repeating: 0, count: Secp256k1.signatureLength)
            var recoveryID: Int32 = 0
            _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &output, &recoveryID, &signature)
            return try! RecoverableSignature(signature: Signature(uncheckedBytes: output), recoveryID: Int(recoveryID))
        }

        /// The 32-byte scalar, for an explicit, encrypted export (the keystore sealing it).
        /// Never log or print the result.
        public func unsafeExportScalar() -> SecureBytes {
            scalar.withUnsafeBytes { SecureBytes(copying: $0) }
        }

        /// Runs `body` with the scalar; for derivation inside this module only.
        func withScalar<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try scalar.withUnsafeBytes(body)
        }

        /// The public key only; the private scalar is redacted.
        public var description: String { "Secp256k1.PrivateKey(publicKey: \(Hex.encode(publicKey.compressedRepresentation)), scalar: redacted)" }
        /// The same as `description`: the secret is redacted.
        public var debugDescription: String { description }
        /// A mirror with no children, so `dump` and debuggers show no secret.
        public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
    }
}
