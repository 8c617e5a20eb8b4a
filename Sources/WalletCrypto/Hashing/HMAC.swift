internal import CSodium
public import Foundation

/// HMAC (RFC 2104) with SHA-256, through libsodium's multi-part API, which takes keys of any length.
public enum HMACSHA256 {
    /// The length of an HMAC-SHA-256 code, 32 bytes.
    public static let macLength = 32

    /// The authentication code of `message` under `key`.
    public static func authenticationCode(for message: some ContiguousBytes, key: some ContiguousBytes) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: macLength)
        mac.withUnsafeMutableBufferPointer { compute(message, key: key, into: $0.baseAddress!) }
        return mac
    }

    /// The authentication code in secure memory, for derived keys.
    public static func secureAuthenticationCode(for message: some ContiguousBytes, key: some ContiguousBytes) -> SecureBytes {
        SecureBytes(count: macLength) { compute(message, key: key, into: $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }

    /// Whether `mac` is the authentication code of `message` under `key`, compared in constant time.
    public static func isValidAuthenticationCode(_ mac: some ContiguousBytes, for message: some ContiguousBytes, key: some ContiguousBytes) -> Bool {
        ConstantTime.equals(authenticationCode(for: message, key: key), mac)
    }

    private static func compute(_ message: some ContiguousBytes, key: some ContiguousBytes, into output: UnsafeMutablePointer<UInt8>) {
        Sodium.ensureInitialized()
        var state = crypto_auth_hmacsha256_state()
        defer { sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size) }
        key.withNonNullBytes { keyPointer, keyLength in _ = crypto_auth_hmacsha256_init(&state, keyPointer, keyLength) }
        message.withNonNullBytes { input, length in _ = crypto_auth_hmacsha256_update(&state, input, UInt64(length)) }
        _ = crypto_auth_hmacsha256_final(&state, output)
    }
}

/// HMAC (RFC 2104) with SHA-512, through libsodium's multi-part API.
public enum HMACSHA512 {
    /// The length of an HMAC-SHA-512 code, 64 bytes.
    public static let macLength = 64

    /// The authentication code of `message` under `key`.
    public static func authenticationCode(for message: some ContiguousBytes, key: some ContiguousBytes) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: macLength)
        mac.withUnsafeMutableBufferPointer { compute(message, key: key, into: $0.baseAddress!) }
        return mac
    }

    /// The authentication code in secure memory, for derived secrets (keys, chain codes).
    public static func secureAuthenticationCode(for message: some ContiguousBytes, key: some ContiguousBytes) -> SecureBytes {
        SecureBytes(count: macLength) { compute(message, key: key, into: $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
    }

    /// Whether `mac` is the authentication code of `message` under `key`, compared in constant time.
    public static func isValidAuthenticationCode(_ mac: some ContiguousBytes, for message: some ContiguousBytes, key: some ContiguousBytes) -> Bool {
        ConstantTime.equals(authenticationCode(for: message, key: key), mac)
    }

    private static func compute(_ message: some ContiguousBytes, key: some ContiguousBytes, into output: UnsafeMutablePointer<UInt8>) {
        Sodium.ensureInitialized()
        var state = crypto_auth_hmacsha512_state()
        defer { sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha512_state>.size) }
        key.withNonNullBytes { keyPointer, keyLength in _ = crypto_auth_hmacsha512_init(&state, keyPointer, keyLength) }
        message.withNonNullBytes { input, length in _ = crypto_auth_hmacsha512_update(&state, input, UInt64(length)) }
        _ = crypto_auth_hmacsha512_final(&state, output)
    }
}
