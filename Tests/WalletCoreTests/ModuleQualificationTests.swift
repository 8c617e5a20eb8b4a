import Testing
import WalletCore
import WalletKeystore

/// Decisions 0018 and 0037: every public name qualifies by its module, as an app that also
/// imports swift-crypto or swift-certificates must write it. With a module and an actor both
/// named `Keystore`, `Keystore.Passphrase` looked inside the actor and this file did not compile.
@Suite struct ModuleQualificationTests {
    @Test func keystoreNamesQualifyByModule() throws {
        let passphrase = try WalletKeystore.Passphrase("correct horse battery staple")
        #expect(passphrase.scalarCount == 28)
        #expect(WalletKeystore.PassphraseStrength(of: passphrase).length == 28)
        let type: WalletKeystore.Keystore.Type = WalletKeystore.Keystore.self
        #expect("\(type)" == "Keystore")
        // Through the umbrella import too: WalletCore re-exports the module under its own name.
        #expect(throws: WalletKeystore.KeystoreError.self) { try WalletKeystore.Passphrase("") }
    }
}
