import DIDCore
import Foundation
import StrictJSON
import WalletCrypto

/// Signing keys already decoded from verification methods, by their type and encoded key, so a
/// verifier that sees an issuer again skips the base58 and multicodec decoding (did:key) and,
/// for ECDSA keys, the point decompression and curve check.
///
/// Keyed by the key material itself, never by a method id: whatever a resolver answers next
/// time, the same text always decodes to the same key. Bounded; emptied when full.
final class VerificationKeyMemo: @unchecked Sendable {
    /// Compared and hashed code unit by code unit: `String`'s own `==` and hash follow Unicode
    /// canonical equivalence, under which a text the decoder refuses could find a decoded key.
    private struct Key: Hashable {
        let type: String
        let encoded: String

        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.encoded.hasSameScalars(as: rhs.encoded) && lhs.type.hasSameScalars(as: rhs.type)
        }

        /// The encoded key's bytes (the type only separates keys that == tells apart anyway).
        func hash(into hasher: inout Hasher) {
            var encoded = encoded
            encoded.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    static let capacity = 256
    // NSLock rather than Synchronization's Mutex, which needs macOS 15 (the package supports 14).
    private let lock = NSLock()
    private var keys: [Key: PublicSigningKey] = [:]

    /// The method's signing key, decoded once per distinct `publicKeyMultibase` /
    /// `publicKeyBase58` (JWK and `publicKeyHex` methods are decoded each time).
    func publicSigningKey(of method: VerificationMethod) throws(DIDError) -> PublicSigningKey {
        guard method.publicKeyJwk == nil, let encoded = method.publicKeyMultibase ?? method.publicKeyBase58 else {
            return try method.publicSigningKey()
        }
        let key = Key(type: method.type, encoded: encoded)
        if let known = lock.withLock({ keys[key] }) { return known }
        let decoded = try method.publicSigningKey()
        lock.withLock {
            if keys.count >= Self.capacity { keys.removeAll(keepingCapacity: true) }
            keys[key] = decoded
        }
        return decoded
    }

    var count: Int { lock.withLock { keys.count } }
}
