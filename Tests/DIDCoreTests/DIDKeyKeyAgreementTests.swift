import DIDCore
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

/// Decision 0017: a did:key resolved for signature verification derives no X25519 key; the full
/// document (the default) is unchanged, key-agreement key included.
@Suite("did:key key agreement, derived only when asked for")
struct DIDKeyKeyAgreementTests {
    static let representations: [DIDKey.Representation] = DIDKey.Representation.allCases

    @Test("Every Ed25519 vector: the verification document derives nothing; the full one derives once, exactly the vector's key",
          arguments: DIDKeyTests.ed25519Entries)
    func vectors(_ entry: DIDKeyTests.Entry) async throws {
        let expected = try #require(entry.value["didDocument"])
        let verificationType = entry.value["verificationKeyPair"]!["type"]!.stringValue!
        let form: DIDKey.Representation = verificationType == "JsonWebKey2020" ? .jsonWebKey2020 : .ed25519VerificationKey2018
        let resolver = DIDKeyResolver()
        let counter = KeyAgreementDerivations()
        try await KeyAgreementDerivations.$current.withValue(counter) {
            var options = DIDResolutionOptions.signatureVerification
            options.didKeyRepresentation = form
            let signing = try #require(await resolver.resolve(entry.did, options: options).didDocument)
            #expect(counter.count == 0)
            // The signing methods are the vector's, the key-agreement method is absent.
            let edMethod = try #require(expected["verificationMethod"]?[0])
            #expect(signing.verificationMethod.map(\.jsonValue) == [edMethod])
            for relationship in [VerificationRelationship.authentication, .assertionMethod, .capabilityInvocation, .capabilityDelegation] {
                #expect(signing[relationship].map(\.jsonValue) == expected[relationship.rawValue]?.arrayValue, "\(relationship)")
            }
            #expect(signing[.keyAgreement].isEmpty)
            #expect(signing.jsonValue["keyAgreement"] == nil)

            // Asked for, the key-agreement key is derived — once — and is the vector's.
            let full = try #require(await resolver.resolve(entry.did, options: .init(didKeyRepresentation: form)).didDocument)
            #expect(counter.count == 1)
            #expect(full.jsonValue == expected, "\(full.jsonValue.prettyString)")
            let agreement = try #require(full.verificationMethods(for: .keyAgreement).first)
            let keyPair = entry.value["keyAgreementKeyPair"]!
            if let base58 = keyPair["publicKeyBase58"]?.stringValue {
                #expect(try agreement.x25519PublicKey().rawRepresentation == Base58.decode(base58))
            } else {
                #expect(try agreement.x25519PublicKey().rawRepresentation == Base64URL.decode(keyPair["publicKeyJwk"]!["x"]!.stringValue!))
            }
        }
    }

    @Test("In every form, the verification document is the full one without its key agreement")
    func everyForm() throws {
        let counter = KeyAgreementDerivations()
        try KeyAgreementDerivations.$current.withValue(counter) {
            let did = DIDKey.did(for: try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 7, count: 32)).publicKey)
            for form in Self.representations {
                let before = counter.count
                let signing = try DIDKey.document(for: did, representation: form, encryptionKeyDerivation: false)
                #expect(counter.count == before, "\(form)")
                let full = try DIDKey.document(for: did, representation: form)
                #expect(counter.count == before + 1, "\(form)")
                let agreementIds = Set(full[.keyAgreement].map(\.id))
                #expect(agreementIds.count == 1)
                #expect(signing.verificationMethod == full.verificationMethod.filter { !agreementIds.contains($0.id) }, "\(form)")
                #expect(signing.verificationMethods(for: .assertionMethod) == full.verificationMethods(for: .assertionMethod))
                #expect(signing.verificationMethods(for: .keyAgreement).isEmpty)
                #expect(full.verificationMethods(for: .keyAgreement).count == 1)
                // No X25519 suite context for a key that is not there.
                #expect(!signing.jsonValue.compactString.contains("x25519"), "\(form)")
                #expect(full.jsonValue.compactString.contains(form == .jsonWebKey2020 ? "\"X25519\"" : form == .multikey ? "z6LS" : "x25519"))
            }
        }
    }

    @Test("The full document stays the default, byte for byte: the spec's Multikey example")
    func defaultIsFull() async throws {
        let example = try Fixtures.json("did-key/did-key-spec-multikey-example.json")
        let did = try #require(example["did"]?.stringValue)
        let counter = KeyAgreementDerivations()
        try await KeyAgreementDerivations.$current.withValue(counter) {
            let document = try #require(await DIDResolverRegistry.standard.resolve(did).didDocument)
            #expect(counter.count == 1)
            #expect(document.jsonValue.compactString == example["didDocument"]!.compactString)
            #expect(document.jsonValue.prettyString == example["didDocument"]!.prettyString)
            // Dereferencing the key-agreement method (a DID URL) resolves the full document.
            let agreementId = try #require(document[.keyAgreement].first?.id)
            let method = try await DIDResolverRegistry.standard.verificationMethod(agreementId)
            #expect(method.publicKeyMultibase == agreementId.split(separator: "#").last.map(String.init))
            #expect(counter.count == 2)
        }
    }

    @Test("A small-order key: refused by the full resolution (decision 0003), not looked at by the signing-key resolution")
    func smallOrder() async throws {
        let did = "did:key:" + Multibase.base58btc.encode([0xed, 0x01, 1] + [UInt8](repeating: 0, count: 31))
        let full = await DIDKeyResolver().resolve(did)
        #expect(full.error?.code == .invalidPublicKey)
        let signing = await DIDKeyResolver().resolve(did, options: .signatureVerification)
        let method = try #require(signing.didDocument?.verificationMethods(for: .assertionMethod).first)
        let key = try method.ed25519PublicKey()
        // The key is the identity point: R = identity, S = 0 satisfies [S]B = R + [k]A for every
        // message, and libsodium's verification still refuses it (small-order key), so no
        // signature verifies under this document (VerifierTests: the report says invalidSignature).
        let identity: [UInt8] = [1] + [UInt8](repeating: 0, count: 31)
        #expect(!key.isValidSignature(try Ed25519.Signature(rawRepresentation: identity + [UInt8](repeating: 0, count: 32)), for: [1, 2, 3]))
    }

    @Test("The cache keeps the two documents apart")
    func cacheKeysOnOptions() async throws {
        let did = try DID(parsing: DIDKey.did(for: try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 9, count: 32)).publicKey).description)
        let cache = DIDResolutionCache(DIDResolverRegistry.standard)
        let signing = try #require(await cache.resolve(did, options: .signatureVerification).didDocument)
        let full = try #require(await cache.resolve(did, options: .init()).didDocument)
        #expect(signing[.keyAgreement].isEmpty && full[.keyAgreement].count == 1)
        #expect(cache.count == 2)
        #expect(await cache.resolve(did, options: .signatureVerification).didDocument == signing)
    }
}
