import DIDCore
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// Decision 0017: verifying a credential resolves the issuer's did:key without deriving its X25519
/// key-agreement key; the key is derived only when something asks for it.
@Suite("The verifier derives no did:key key-agreement key")
struct KeyAgreementNotDerivedTests {
    func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    @Test("New issuers, every format: verified, and not one X25519 key derived")
    func newIssuers() async throws {
        let verifier = Verifier()
        let counter = KeyAgreementDerivations()
        try await KeyAgreementDerivations.$current.withValue(counter) {
            for seed in UInt8(40)..<UInt8(46) {
                let party = TestParty(seed: seed)
                for format in [CredentialFormat.vcJWT, .jwtVC11, .dataIntegrity(.eddsaJcs2022), .dataIntegrity(.eddsaRdfc2022)] {
                    var credential = party.credential(dataModel: format == .jwtVC11 ? .v1_1 : .v2).objectValue!
                    if format == .dataIntegrity(.eddsaRdfc2022) {
                        // The examples context defines the subject's claims, as eddsa-rdfc-2022's safe mode requires.
                        credential["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
                    }
                    let issued = try await Issuer.issue(.object(credential), format: format, signer: party.signer).bytes
                    let report = await verifier.verify(issued)
                    #expect(report.verified, "\(format): \(report.jsonValue.prettyString)")
                    #expect(report.issuer == party.did.description)
                }
            }
            #expect(counter.count == 0)
            // Asking for the full document derives the key, and it is the issuer's X25519 key.
            let party = TestParty(seed: 40)
            let document = try #require(await verifier.resolver.resolve(party.did, options: .init()).didDocument)
            #expect(counter.count == 1)
            #expect(try document.verificationMethods(for: .keyAgreement).first?.x25519PublicKey() == party.key.x25519PrivateKey().publicKey)
        }
    }

    @Test("A did:key test vector's issuer: verified without derivation; the full document is the vector's")
    func vectorIssuer() async throws {
        let vectors = try Fixtures.json("did-key/test-vectors/ed25519-x25519.json").objectValue!
        let entry = try #require(vectors.members.first { $0.value["verificationKeyPair"]?["type"]?.stringValue == "Ed25519VerificationKey2018" })
        let key = try Ed25519.PrivateKey(seedBytes: hexBytes(entry.value["seed"]!.stringValue!))
        let did = DIDKey.did(for: key.publicKey)
        #expect(did.description == entry.key)
        let signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")
        let credential = Issuer.credential(issuer: did.description, subject: ["id": "did:example:subject"], types: ["AlumniCredential"])
        let jwt = try await Issuer.issueJOSE(.object(credential), signer: signer)
        let verifier = Verifier()
        let counter = KeyAgreementDerivations()
        try await KeyAgreementDerivations.$current.withValue(counter) {
            #expect(await verifier.verify(jwt).verified)
            #expect(counter.count == 0)
            let full = try #require(await verifier.resolver.resolve(did, options: .init(didKeyRepresentation: .ed25519VerificationKey2018)).didDocument)
            #expect(counter.count == 1)
            #expect(full.jsonValue == entry.value["didDocument"]!)
            let agreement = try #require(full.verificationMethods(for: .keyAgreement).first)
            #expect(agreement.publicKeyBase58 == entry.value["keyAgreementKeyPair"]?["publicKeyBase58"]?.stringValue)
        }
    }

    @Test("A kid naming the key-agreement method: derived then, and refused as not authorised (as before)")
    func keyAgreementKid() async throws {
        let party = TestParty(seed: 47)
        let agreementId = try #require(try DIDKey.document(for: party.did)[.keyAgreement].first?.id)
        let header: JSONObject = ["alg": "EdDSA", "typ": "vc+jwt", "kid": .string(agreementId)]
        let forged = try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(party.credential()), signer: party.signer)
        let counter = KeyAgreementDerivations()
        await KeyAgreementDerivations.$current.withValue(counter) {
            #expect(codes(await Verifier().verify(forged)) == ["verificationMethodNotAuthorized"])
            #expect(counter.count == 1)
            // A fragment that names nothing is still "not found".
            let missing = try! await CompactJWS.sign(header: ["alg": "EdDSA", "typ": "vc+jwt", "kid": .string("\(party.did)#nothing")],
                                                     payload: JSONSerializer().serialize(party.credential()), signer: party.signer)
            #expect(codes(await Verifier().verify(missing)) == ["verificationMethodNotFound"])
        }
    }

    @Test("A small-order issuer key resolves for verification but nothing verifies under it")
    func smallOrderIssuer() async throws {
        let did = try DID(parsing: "did:key:" + Multibase.base58btc.encode([0xed, 0x01, 1] + [UInt8](repeating: 0, count: 31)))
        let party = TestParty(seed: 48)
        var credential = party.credential().objectValue!
        credential["issuer"] = .string(did.description)
        let header = #"{"alg":"EdDSA","kid":"\#(did)#\#(did.methodSpecificId)","typ":"vc+jwt"}"#
        // R = identity, S = 0: valid for every message under a small-order key without libsodium's checks.
        let signature = [UInt8]([1] + [UInt8](repeating: 0, count: 63))
        let jwt = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(JSONSerializer().serialize(.object(credential))) + "."
            + Base64URL.encode(signature)
        let report = await Verifier().verify(jwt)
        #expect(!report.verified)
        #expect(codes(report) == ["invalidSignature"], "\(codes(report))")
        // The full document refuses the key outright (decision 0003).
        #expect(await DIDResolverRegistry.standard.resolve(did.description).error?.code == .invalidPublicKey)
    }
}
