internal import CSodium

/// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA-512, as BIP-39 uses it to stretch a mnemonic into a seed.
///
/// libsodium has no PBKDF2, so it is built here on libsodium's HMAC-SHA-512: the keyed HMAC state
/// is computed once and copied for every iteration; intermediate blocks live in secure memory.
enum PBKDF2SHA512 {
    static func deriveKey(password: SecureBytes, salt: [UInt8], iterations: Int, length: Int) -> SecureBytes {
        precondition(iterations > 0 && length > 0, "PBKDF2 needs at least one iteration and one byte")
        Sodium.ensureInitialized()
        var keyed = crypto_auth_hmacsha512_state()
        password.withUnsafeBytes { key in
            _ = crypto_auth_hmacsha512_init(&keyed, key.baseAddress!.assumingMemoryBound(to: UInt8.self), key.count)
        }
        defer { sodium_memzero(&keyed, MemoryLayout<crypto_auth_hmacsha512_state>.size) }
        let blockLength = 64
        let blocks = (length + blockLength - 1) / blockLength
        let scratch = SecureBytes(count: 2 * blockLength) { _ in }  // U (current) and T (accumulated)
        return SecureBytes(count: length) { output in
            scratch.withUnsafeBytes { raw in
                let u = UnsafeMutablePointer(mutating: raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
                let t = u + blockLength
                for block in 1...blocks {
                    var state = keyed
                    let counter: [UInt8] = [UInt8(block >> 24 & 0xFF), UInt8(block >> 16 & 0xFF), UInt8(block >> 8 & 0xFF), UInt8(block & 0xFF)]
                    _ = crypto_auth_hmacsha512_update(&state, salt, UInt64(salt.count))
                    _ = crypto_auth_hmacsha512_update(&state, counter, 4)
                    _ = crypto_auth_hmacsha512_final(&state, u)
                    t.update(from: u, count: blockLength)
                    for _ in 1..<iterations {
                        state = keyed
                        _ = crypto_auth_hmacsha512_update(&state, u, UInt64(blockLength))
                        _ = crypto_auth_hmacsha512_final(&state, u)
                        for index in 0..<blockLength { t[index] ^= u[index] }
                    }
                    sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha512_state>.size)
                    let offset = (block - 1) * blockLength
                    let count = min(blockLength, length - offset)
                    csodium_shim_copy_secret(output.baseAddress! + offset, t, count)
                }
            }
        }
    }
}
