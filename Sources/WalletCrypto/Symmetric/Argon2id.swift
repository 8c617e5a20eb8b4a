internal import CSodium
public import Foundation

/// Argon2id (RFC 9106) password hashing through libsodium's `crypto_pwhash`.
public enum Argon2id {
    /// The salt length libsodium requires (`crypto_pwhash_SALTBYTES`).
    public static let saltLength = 16

    /// Cost parameters: iterations (`opsLimit`) and memory in bytes (`memLimit`).
    public struct Parameters: Hashable, Sendable, Codable, CustomStringConvertible {
        /// Iterations (passes over memory), libsodium's `opslimit`.
        public var opsLimit: UInt64
        /// Memory to use, in bytes, libsodium's `memlimit`.
        public var memLimit: UInt64

        /// Cost parameters as given, unchecked: the keystore's `KDFPolicy` bounds them before the KDF runs.
        public init(opsLimit: UInt64, memLimit: UInt64) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }

        /// libsodium's `INTERACTIVE` limits: 2 passes, 64 MiB.
        public static let interactive = Parameters(
            opsLimit: UInt64(crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE),
            memLimit: UInt64(crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE))
        /// libsodium's `MODERATE` limits: 3 passes, 256 MiB.
        public static let moderate = Parameters(
            opsLimit: UInt64(crypto_pwhash_argon2id_OPSLIMIT_MODERATE),
            memLimit: UInt64(crypto_pwhash_argon2id_MEMLIMIT_MODERATE))
        /// libsodium's `SENSITIVE` limits: 4 passes, 1 GiB.
        public static let sensitive = Parameters(
            opsLimit: UInt64(crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE),
            memLimit: UInt64(crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE))

        /// The smallest values libsodium accepts for Argon2id.
        public static let libraryMinimum = Parameters(
            opsLimit: UInt64(crypto_pwhash_argon2id_OPSLIMIT_MIN),
            memLimit: UInt64(crypto_pwhash_argon2id_MEMLIMIT_MIN))

        /// The iterations and memory, for messages.
        public var description: String { "Argon2id(ops: \(opsLimit), mem: \(memLimit) bytes)" }
    }

    /// Derives `outputLength` bytes from `passphrase` and a 16-byte `salt`.
    ///
    /// The parameters are checked against libsodium's bounds before any work starts; callers
    /// with their own floor and ceiling (the keystore) check those first.
    public static func deriveKey(
        passphrase: SecureBytes,
        salt: some ContiguousBytes,
        parameters: Parameters,
        outputLength: Int = 32
    ) throws(CryptoError) -> SecureBytes {
        Sodium.ensureInitialized()
        let saltBytes = salt.withUnsafeBytes { Array($0.bindMemory(to: UInt8.self)) }
        guard saltBytes.count == saltLength else {
            throw CryptoError(.invalidSaltLength, "an Argon2id salt has 16 bytes, got \(saltBytes.count)")
        }
        guard parameters.opsLimit >= UInt64(crypto_pwhash_argon2id_OPSLIMIT_MIN),
              parameters.opsLimit <= UInt64(crypto_pwhash_argon2id_opslimit_max()),
              parameters.memLimit >= UInt64(crypto_pwhash_argon2id_MEMLIMIT_MIN),
              parameters.memLimit <= UInt64(crypto_pwhash_argon2id_memlimit_max()),
              outputLength >= Int(crypto_pwhash_argon2id_BYTES_MIN),
              outputLength <= 1 << 16
        else {
            throw CryptoError(.invalidParameter, "Argon2id parameters out of range: \(parameters), output \(outputLength)")
        }
        var failed = false
        let key = SecureBytes(count: outputLength) { output in
            passphrase.withUnsafeBytes { secret in
                let password = secret.baseAddress!.assumingMemoryBound(to: CChar.self)
                failed = crypto_pwhash(
                    output.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(outputLength),
                    password, UInt64(secret.count),
                    saltBytes, parameters.opsLimit, Int(parameters.memLimit),
                    crypto_pwhash_ALG_ARGON2ID13
                ) != 0
            }
        }
        guard !failed else {
            throw CryptoError(.keyDerivationFailed, "Argon2id failed (out of memory?)")
        }
        return key
    }
}
