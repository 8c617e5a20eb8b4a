internal import CSodium
internal import Crypto
public import Foundation

/// SHA-256 (FIPS 180-4): of public data through swift-crypto (BoringSSL, which uses the CPU's SHA
/// extensions where present — about five times libsodium's portable code here, decision 0031);
/// of secrets through libsodium, which wipes its state.
public enum SHA256 {
    /// The digest length, 32 bytes.
    public static let digestLength = 32

    /// The SHA-256 digest of `data`, which must not be secret (documents, signing inputs,
    /// ciphertexts, disclosures): swift-crypto does not promise to wipe its hashing state.
    public static func hash(_ data: some ContiguousBytes) -> [UInt8] {
        data.withUnsafeBytes { Array(Crypto.SHA256.hash(data: $0)) }
    }

    /// The SHA-256 digest of secret `data` (a recovery phrase's entropy), by libsodium, whose
    /// `crypto_hash_sha256` wipes its state when done.
    static func hashOfSecret(_ data: some ContiguousBytes) -> [UInt8] {
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: digestLength)
        data.withNonNullBytes { input, length in
            digest.withUnsafeMutableBufferPointer { _ = crypto_hash_sha256($0.baseAddress!, input, UInt64(length)) }
        }
        return digest
    }
}

/// SHA-512 (FIPS 180-4), computed by libsodium.
public enum SHA512 {
    /// The digest length, 64 bytes.
    public static let digestLength = 64

    /// The SHA-512 digest of `data`.
    public static func hash(_ data: some ContiguousBytes) -> [UInt8] {
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: digestLength)
        data.withNonNullBytes { input, length in
            digest.withUnsafeMutableBufferPointer { _ = crypto_hash_sha512($0.baseAddress!, input, UInt64(length)) }
        }
        return digest
    }
}
