import Foundation
import WalletKeystore
import TestSupport
import WalletCrypto

func makeKeystore(in directory: TemporaryDirectory, passphrase: String = "correct horse battery staple", pageSize: Int = 4096) throws -> Keystore {
    try Keystore.create(at: directory.appending("wallet"), passphrase: Passphrase(passphrase),
                        parameters: TestKDF.parameters, policy: TestKDF.policy, pageSize: pageSize)
}
