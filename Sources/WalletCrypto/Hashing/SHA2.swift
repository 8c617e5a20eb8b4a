internal import CSodium
public import Foundation

/// SHA-256 (FIPS 180-4), computed by libsodium.
public enum SHA256 {
    public static let digestLength = 32

    public static func hash(_ data: some ContiguousBytes) -> [UInt8] {
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
    public static let digestLength = 64

    public static func hash(_ data: some ContiguousBytes) -> [UInt8] {
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: digestLength)
        data.withNonNullBytes { input, length in
            digest.withUnsafeMutableBufferPointer { _ = crypto_hash_sha512($0.baseAddress!, input, UInt64(length)) }
        }
        return digest
    }
}
