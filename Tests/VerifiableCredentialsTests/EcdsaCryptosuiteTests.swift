import DIDCore
import Foundation
import JSONLD
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// `ecdsa-rdfc-2019` and `ecdsa-jcs-2019` through the library: the W3C signed credentials verify
/// with the keys their did:key names; credentials and presentations we sign with P-256 and P-384
/// did:key parties verify, and every change fails; the key-type rules (decision 0029) hold both ways.
@Suite("ecdsa-rdfc-2019 and ecdsa-jcs-2019: issue and verify")
struct EcdsaCryptosuiteTests {
    static let suites: [DataIntegrityCryptosuite] = [.ecdsaRdfc2019, .ecdsaJcs2019]
    static let examples = "https://www.w3.org/ns/credentials/examples/v2"

    /// The JSON document of a Data Integrity credential.
    static func object(_ issued: IssuedCredential) -> JSONObject? {
        guard case .document(let value) = issued else { return nil }
        return value.objectValue
    }

    /// An issuer or holder with a did:key over any signing key.
    struct Party {
        let privateKey: PrivateSigningKey
        let did: DID
        let signer: InMemorySigner

        init(_ privateKey: PrivateSigningKey) {
            self.privateKey = privateKey
            did = DIDKey.did(for: privateKey.publicKey)
            signer = InMemorySigner(privateKey: privateKey, verificationMethodId: "\(did)#\(did.methodSpecificId)")
        }

        static func p256() -> Party { Party(.p256(P256.PrivateKey())) }
        static func p384() -> Party { Party(.p384(P384.PrivateKey())) }

        func credential(subject: String = "did:example:alice") -> JSONValue {
            .object(Issuer.credential(issuer: did.description, subject: ["id": .string(subject), "name": "Nguyễn Thị Alice"],
                                      types: ["ExampleDegreeCredential"], contexts: [EcdsaCryptosuiteTests.examples],
                                      id: "urn:uuid:7a0c2b6e-3d5f-4f0e-9b1a-5c2d8e4f6a01",
                                      validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000))))
        }
    }

    @Test("The W3C signed credentials verify with the key their did:key verification method resolves to",
          arguments: EcdsaCryptosuiteVectorTests.vectors)
    func signedVector(_ vector: EcdsaCryptosuiteVectorTests.Vector) async throws {
        let signed = try Fixtures.json(vector.path("signed", "json")).objectValue!
        let proof = try #require(signed["proof"]?.objectValue)
        var unsecured = signed
        unsecured.removeValue(forKey: "proof")
        // The key as a verifier finds it: the did:key document's method, decoded.
        let methodId = try #require(proof["verificationMethod"]?.stringValue)
        let url = try DIDURL(parsing: methodId)
        let document = try #require(await DIDResolverRegistry.standard.resolve(url.did, options: .signatureVerification).didDocument)
        let key = try #require(document.verificationMethod(withId: methodId)).publicSigningKey()
        #expect(key.algorithm == (vector.curve == .p256 ? .es256 : .es384))
        try DataIntegrityProof.verifyProof(proof, unsecuredDocument: unsecured, publicKey: key)
        var changed = unsecured
        changed["description"] = "Changed."
        #expect(throws: VCError(.invalidSignature, "")) { try DataIntegrityProof.verifyProof(proof, unsecuredDocument: changed, publicKey: key) }
        // The other curve's key (same suite, so the hash changes with it) does not verify it either.
        let other: PublicSigningKey = vector.curve == .p256 ? .p384(P384.PrivateKey().publicKey) : .p256(P256.PrivateKey().publicKey)
        #expect(throws: VCError(.invalidProofValue, "")) { try DataIntegrityProof.verifyProof(proof, unsecuredDocument: unsecured, publicKey: other) }
    }

    @Test("Issue with P-256 and P-384 did:key issuers; the verifier accepts them and reports the format; a change fails",
          arguments: suites, [true, false])
    func issueAndVerify(_ suite: DataIntegrityCryptosuite, p256: Bool) async throws {
        let issuer = p256 ? Party.p256() : Party.p384()
        let issued = try await Issuer.issue(issuer.credential(), format: .dataIntegrity(suite), signer: issuer.signer)
        let document = try #require(Self.object(issued))
        let proof = try #require(document["proof"]?.objectValue)
        #expect(proof["type"] == "DataIntegrityProof" && proof["cryptosuite"] == .string(suite.rawValue))
        let signature = try suite.implementation.signature(in: proof)
        #expect(signature.count == (p256 ? 64 : 96))
        // The JCS suite's proof carries the document's @context (§3.3.1); the RDFC suite's does not.
        #expect((proof["@context"] != nil) == (suite == .ecdsaJcs2019))

        let report = await Verifier().verify(issued)
        #expect(report.verified, "\(report.errors)")
        #expect(report.format == .dataIntegrity(suite))
        #expect(report.issuer == issuer.did.description)
        // The RDF suite's JSON is checked against the signed dataset, as for eddsa-rdfc-2022.
        #expect(report.checks.contains { $0.name.rawValue == "proof.signedData" && $0.passed } == (suite == .ecdsaRdfc2019))

        var tampered = document
        tampered["validFrom"] = "2020-01-01T00:00:00Z"
        #expect(await Verifier().verify(JSONSerializer().serialize(.object(tampered))).errors.map(\.code) == [.invalidSignature])
        var flipped = proof
        var bytes = signature
        bytes[5] ^= 0x01
        flipped["proofValue"] = .string(Multibase.base58btc.encode(bytes))
        var resigned = document
        resigned["proof"] = .object(flipped)
        #expect(await Verifier().verify(JSONSerializer().serialize(.object(resigned))).errors.map(\.code) == [.invalidSignature])
    }

    @Test("A P-256 signature with the high S (n − s) verifies (decision 0025); ours are low S", arguments: suites)
    func highS(_ suite: DataIntegrityCryptosuite) async throws {
        let issuer = Party.p256()
        let issued = try #require(Self.object(try await Issuer.issue(issuer.credential(), format: .dataIntegrity(suite), signer: issuer.signer)))
        var proof = try #require(issued["proof"]?.objectValue)
        let signature = try suite.implementation.signature(in: proof)
        #expect(try P256.Signature(rawRepresentation: signature).isLowS)
        let high = Array(signature[..<32]) + Self.subtract(Array(signature[32...]), from: Self.p256Order)
        #expect(!(try P256.Signature(rawRepresentation: high).isLowS))
        proof["proofValue"] = .string(Multibase.base58btc.encode(high))
        var document = issued
        document["proof"] = .object(proof)
        let report = await Verifier().verify(JSONSerializer().serialize(.object(document)))
        #expect(report.verified, "\(report.errors)")
    }

    /// The order n of P-256 (FIPS 186-5 / SEC 2 §2.4.2).
    static let p256Order = hexBytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")

    /// `minuend − subtrahend` over big-endian bytes of one length (minuend ≥ subtrahend).
    static func subtract(_ subtrahend: [UInt8], from minuend: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: minuend.count)
        var borrow = 0
        for index in stride(from: minuend.count - 1, through: 0, by: -1) {
            var difference = Int(minuend[index]) - Int(subtrahend[index]) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 256 }
            result[index] = UInt8(difference)
        }
        return result
    }

    @Test("Key types: an ECDSA suite refuses an Ed25519 or secp256k1 signer and key; an eddsa suite refuses a P-256 one")
    func keyTypes() async throws {
        let ed25519 = Party(.ed25519(try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 9, count: 32))))
        let secp256k1 = Party(.secp256k1(Secp256k1.PrivateKey()))
        let p256 = Party.p256()
        for suite in Self.suites {
            for party in [ed25519, secp256k1] {
                await #expect(throws: VCError(.keyTypeNotSupported, "")) {
                    try await Issuer.issue(party.credential(), format: .dataIntegrity(suite), signer: party.signer)
                }
            }
        }
        for suite in [DataIntegrityCryptosuite.eddsaJcs2022, .eddsaRdfc2022, .ed25519Signature2020] {
            await #expect(throws: VCError(.keyTypeNotSupported, "")) {
                try await Issuer.issue(p256.credential(), format: .dataIntegrity(suite), signer: p256.signer)
            }
        }
        // Verifying: a proof relabelled to the other family names a key its suite does not take;
        // refused for the key type, before any signature is checked.
        for (party, from, to) in [(ed25519, DataIntegrityCryptosuite.eddsaJcs2022, DataIntegrityCryptosuite.ecdsaJcs2019),
                                  (ed25519, .eddsaRdfc2022, .ecdsaRdfc2019), (p256, .ecdsaJcs2019, .eddsaJcs2022),
                                  (p256, .ecdsaRdfc2019, .eddsaRdfc2022)] {
            var document = try #require(Self.object(try await Issuer.issue(party.credential(), format: .dataIntegrity(from), signer: party.signer)))
            var proof = try #require(document["proof"]?.objectValue)
            proof["cryptosuite"] = .string(to.rawValue)
            document["proof"] = .object(proof)
            let report = await Verifier().verify(JSONSerializer().serialize(.object(document)))
            #expect(report.errors.map(\.code) == [.keyTypeNotSupported], "\(from) → \(to): \(report.errors)")
        }
        // A secp256k1 did:key named by an ecdsa-jcs-2019 proof (signed as the suite would be, with its SHA-256).
        var credential = try #require(secp256k1.credential().objectValue)
        let options = DataIntegrityProof.Options(verificationMethod: secp256k1.signer.verificationMethodId, created: "2026-01-01T00:00:00Z",
                                                 cryptosuite: .ecdsaJcs2019)
        var proof = options.object
        proof["@context"] = credential["@context"]
        let configuration = try DataIntegrityProof.proofConfiguration(document: credential, options: proof)
        let data = try DataIntegrityProof.hashData(document: credential, proofConfiguration: configuration, suite: .ecdsaJcs2019)
        proof["proofValue"] = .string(Multibase.base58btc.encode(try secp256k1.privateKey.signature(for: data)))
        credential["proof"] = .object(proof)
        let report = await Verifier().verify(JSONSerializer().serialize(.object(credential)))
        #expect(report.errors.map(\.code) == [.keyTypeNotSupported], "\(report.errors)")
    }

    @Test("VerificationPolicy.acceptedFormats names the ECDSA formats like any other")
    func acceptedFormats() async throws {
        let issuer = Party.p256()
        let rdfc = try await Issuer.issue(issuer.credential(), format: .dataIntegrity(.ecdsaRdfc2019), signer: issuer.signer)
        let jcs = try await Issuer.issue(issuer.credential(), format: .dataIntegrity(.ecdsaJcs2019), signer: issuer.signer)
        var policy = VerificationPolicy()
        policy.acceptedFormats = [.dataIntegrity(.ecdsaRdfc2019)]
        #expect(await Verifier(policy: policy).verify(rdfc).verified)
        #expect(await Verifier(policy: policy).verify(jcs).errors.map(\.code) == [.formatNotAccepted])
    }

    @Test("Presentations signed by a P-384 holder, bound to challenge and domain", arguments: suites)
    func presentation(_ suite: DataIntegrityCryptosuite) async throws {
        let issuer = Party.p256(), holder = Party.p384()
        let credential = try #require(Self.object(try await Issuer.issue(issuer.credential(subject: holder.did.description),
                                                                         format: .dataIntegrity(suite), signer: issuer.signer)))
        var presentation = Issuer.presentation(holder: holder.did.description, credentials: [.object(credential)])
        presentation["@context"] = ["https://www.w3.org/ns/credentials/v2", .string(Self.examples)]
        let presented = try await Issuer.presentDataIntegrity(presentation, challenge: "c-384", domain: "https://v.example", signer: holder.signer,
                                                              cryptosuite: suite)
        var policy = VerificationPolicy()
        policy.expectedChallenge = "c-384"
        policy.expectedDomain = "https://v.example"
        let report = await Verifier(policy: policy).verify(JSONSerializer().serialize(presented))
        #expect(report.verified && report.kind == .presentation && report.credentials.count == 1, "\(report.errors)")
        policy.expectedChallenge = "replayed"
        #expect(await Verifier(policy: policy).verify(JSONSerializer().serialize(presented)).errors.map(\.code).contains(.challengeMismatch))
    }
}
