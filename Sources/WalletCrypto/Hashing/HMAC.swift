internal import CSodium
public import Foundation

/// HMAC (RFC 2104) with SHA-256, through libsodium's multi-part API, which takes keys of any length.
public enum HMACSHA256 {
    public static let macLength = 32

    /// The authentication code of `message` under `key`.
    public static func authenticationCode(for message: some ContiguousBytes, key: some ContiguousBytes) -> [UInt8] {
        Sodium.ensureInitialized()
        var state = crypto_auth_hmacsha256_state()
        defer { sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size) }
        var mac = [UInt8](repeating: 0, count: macLength)
        key.withNonNullBytes { keyPointer, keyLength in
            _ = crypto_auth_hmacsha256_init(&state, keyPointer, keyLength)
        }
        message.withNonNullBytes { input, length in
            _ = crypto_auth_hmacsha256_update(&state, input, UInt64(length))
        }
        mac.withUnsafeMutableBufferPointer { _ = crypto_auth_hmacsha256_final(&state, $0.baseAddress!) }
        return mac
    }

    /// Whether `mac` is the authentication code of `message` under `key`, compared in constant time.
    public static func isValidAuthenticationCode(_ mac: some ContiguousBytes, for message: some ContiguousBytes, key: some ContiguousBytes) -> Bool {
        ConstantTime.equals(authenticationCode(for: message, key: key), mac)
    }
}

/// HMAC (RFC 2104) with SHA-512, through libsodium's multi-part API.
public enum HMACSHA512 {
    public static let macLength = 64

    public static func authenticationCode(for message: some ContiguousBytes, key: some ContiguousBytes) -> [UInt8] {
        Sodium.ensureInitialized()
        var state = crypto_auth_hmacsha512_state()
        defer { sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha512_state>.size) }
        var mac = [UInt8](repeating: 0, count: macLength)
        key.withNonNullBytes { keyPointer, keyLength in
            _ = crypto_auth_hmacsha512_init(&state, keyPointer, keyLength)
        }
        message.withNonNullBytes { input, length in
            _ = crypto_auth_hmacsha512_update(&state, input, UInt64(length))
        }
        mac.withUnsafeMutableBufferPointer { _ = crypto_auth_hmacsha512_final(&state, $0.baseAddress!) }
        return mac
    }

    public static func isValidAuthenticationCode(_ mac: some ContiguousBytes, for message: some ContiguousBytes, key: some ContiguousBytes) -> Bool {
        ConstantTime.equals(authenticationCode(for: message, key: key), mac)
    }
}
