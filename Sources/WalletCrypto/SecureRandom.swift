internal import CSodium

/// Randomness from libsodium's CSPRNG (`randombytes_buf`, backed by the kernel's `getrandom`).
public enum SecureRandom {
    /// `count` random bytes in ordinary memory (salts, nonces, identifiers).
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "count must not be negative")
        Sodium.ensureInitialized()
        var output = [UInt8](repeating: 0, count: count)
        if count > 0 {
            output.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        }
        return output
    }

    /// A uniformly random integer in `0..<upperBound` (`randombytes_uniform`, no modulo bias).
    public static func uniform(_ upperBound: UInt32) -> UInt32 {
        Sodium.ensureInitialized()
        return randombytes_uniform(upperBound)
    }
}
