public import WalletKeystore
public import WalletCrypto

/// Test-speed KDF settings: the tests open wallets thousands of times, so they use libsodium's
/// minimum Argon2id cost under a policy whose floor allows it. Production uses `.standard`.
public enum TestKDF {
    public static let policy = KDFPolicy(floor: .libraryMinimum, ceiling: .sensitive)
    public static let parameters = Argon2id.Parameters(opsLimit: 1, memLimit: 8192)
    public static let strongerParameters = Argon2id.Parameters(opsLimit: 2, memLimit: 16384)
}
