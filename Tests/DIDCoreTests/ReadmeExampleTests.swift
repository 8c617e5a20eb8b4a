import DIDCore
import Testing
import WalletCrypto

/// The Swift example in README.md, kept compiling and passing.
@Suite("README example")
struct ReadmeExampleTests {
    @Test func example() async throws {
        let key = Ed25519.PrivateKey()
        let did = DIDKey.did(for: key.publicKey)
        let result = await DIDResolverRegistry.standard.resolve(did.description)
        let method = try #require(result.didDocument).verificationMethods(for: .assertionMethod)[0]
        let signature = key.signature(for: Array("hello".utf8))
        #expect(try method.ed25519PublicKey().isValidSignature(signature, for: Array("hello".utf8)))
        #expect(try !method.ed25519PublicKey().isValidSignature(signature, for: Array("hellO".utf8)))
    }
}
