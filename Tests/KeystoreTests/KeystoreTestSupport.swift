import Foundation
import Keystore
import TestSupport
import WalletCrypto

/// Test-speed KDF settings: the tests open wallets thousands of times, so they use libsodium's
/// minimum Argon2id cost under a policy whose floor allows it. Production uses `.standard`.
enum TestKDF {
    static let policy = KDFPolicy(floor: .libraryMinimum, ceiling: .sensitive)
    static let parameters = Argon2id.Parameters(opsLimit: 1, memLimit: 8192)
    static let strongerParameters = Argon2id.Parameters(opsLimit: 2, memLimit: 16384)
}

func makeKeystore(in directory: TemporaryDirectory, passphrase: String = "correct horse battery staple", pageSize: Int = 4096) throws -> Keystore {
    try Keystore.create(at: directory.appending("wallet"), passphrase: Passphrase(passphrase),
                        parameters: TestKDF.parameters, policy: TestKDF.policy, pageSize: pageSize)
}
