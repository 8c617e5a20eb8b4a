import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// A did:nda key through a did:nda resolver (security requirement 45, decision 0028): the
/// document's key must hash to the DID's address, `revoked`/`revocationReason` are honoured, and
/// a resolver that fails never falls back to offline recovery.
@Suite("did:nda — keys from a resolver, revocation")
struct NDAKeyResolutionTests {
    static let did = NDATestSupport.issuer

    func verify(with document: String) async throws -> VerificationReport {
        let verifier = NDATestSupport.resolvingVerifier([Self.did: try NDATestSupport.document(document)])
        return await verifier.verify(NDATestSupport.bytes(try NDATestSupport.credential()))
    }

    @Test("The resolved key verifies, and the report does not say the document went unconsulted")
    func resolvedKey() async throws {
        let report = try await verify(with: "synthetic-issuer-0x2221")
        #expect(report.verified, "\(report.errors)")
        #expect(!report.warnings.contains { $0.code == .didDocumentNotConsulted })
        #expect(report.checks.contains { $0.name == .verificationMethodKey && $0.passed })
    }

    // The dialect's `created` is not signed, so it never decides a revocation: a proof "created"
    // before a soft revocation is refused like one after it (a back-dated created would pass).
    @Test("A revoked method refuses a dialect proof whatever the reason and the unsigned created; an unrevoked one verifies", arguments: [
        ("synthetic-issuer-0x2221-keycompromise", VCError.Code?.some(.keyRevoked)),
        ("synthetic-issuer-0x2221-superseded-2025-10-01", .some(.keyRevoked)),
        ("synthetic-issuer-0x2221-superseded-2026-01-01", .some(.keyRevoked)),
        ("synthetic-issuer-0x2221", nil),
    ])
    func revocation(document: String, expected: VCError.Code?) async throws {
        let report = try await verify(with: document)
        #expect(report.errors.map(\.code) == (expected.map { [$0] } ?? []), "\(report.errors)")
    }

    @Test("A soft revocation refuses a proof that states no created time")
    func noCreatedTime() async throws {
        var credential = try NDATestSupport.credential()
        var proof = credential["proof"]!.objectValue!
        proof.removeValue(forKey: "created")
        credential["proof"] = .object(proof)
        let verifier = NDATestSupport.resolvingVerifier([Self.did: try NDATestSupport.document("synthetic-issuer-0x2221-superseded-2026-01-01")])
        #expect(await verifier.verify(NDATestSupport.bytes(credential)).errors.map(\.code) == [.keyRevoked])
        let plain = NDATestSupport.resolvingVerifier([Self.did: try NDATestSupport.document("synthetic-issuer-0x2221")])
        #expect(await plain.verify(NDATestSupport.bytes(credential)).verified)
    }

    @Test("Outside NDA's own paths too: a did:nda issuer's eddsa-jcs-2022 proof by an Ed25519 key its resolver lists is refused (addressMismatch)")
    func otherSuiteNeedsTheAddress() async throws {
        let key = try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 0x61, count: 32))
        let methodId = "\(Self.did)#key-ed"
        var document = try NDATestSupport.document("synthetic-issuer-0x2221")
        document.verificationMethod = [VerificationMethod(id: methodId, type: "Multikey", controller: Self.did,
                                                          publicKeyMultibase: Multikey.encode(.ed25519(key.publicKey)))]
        document[.assertionMethod] = [.reference(methodId)]
        let credential = Issuer.credential(issuer: Self.did, subject: ["id": "did:example:holder"])
        let signed = try await Issuer.issueDataIntegrity(.object(credential), signer: InMemorySigner(privateKey: key, verificationMethodId: methodId),
                                                         cryptosuite: .eddsaJcs2022)
        let report = await NDATestSupport.resolvingVerifier([Self.did: document]).verify(JSONSerializer().serialize(signed))
        #expect(report.errors.map(\.code) == [.addressMismatch], "\(report.errors)")
    }

    @Test("A resolved key that is not the DID's address is refused, even if the signature is its own")
    func addressMismatch() async throws {
        // The 0x2221 DID's document listing the 0x8b3b key.
        var document = try NDATestSupport.document("synthetic-issuer-0x2221")
        document.verificationMethod[0].additionalMembers["publicKeyHex"] = "0x03e962c45627a43f3bec0af18c6c780ddbacceb8275b5204d494bc2cc44dc96d98"
        let report = await NDATestSupport.resolvingVerifier([Self.did: document]).verify(NDATestSupport.bytes(try NDATestSupport.credential()))
        #expect(report.errors.map(\.code) == [.addressMismatch])
    }

    @Test("A method not under assertionMethod is not authorised; the spec's own example key is not a key")
    func relationshipAndMalformedKey() async throws {
        var document = try NDATestSupport.document("synthetic-issuer-0x2221")
        document[.assertionMethod] = []
        let unlisted = await NDATestSupport.resolvingVerifier([Self.did: document]).verify(NDATestSupport.bytes(try NDATestSupport.credential()))
        #expect(unlisted.errors.map(\.code) == [.verificationMethodNotAuthorized])
        let spec = try NDATestSupport.document("spec-example-nda-1")
        #expect(throws: DIDError(.invalidPublicKey, "")) { try DIDNDA.publicKey(of: spec.verificationMethod[0]) }
    }

    @Test("A resolver that fails is a failure, never a fall-back to recovery")
    func resolverDown() async throws {
        let verifier = NDATestSupport.resolvingVerifier([:], failing: true)
        let report = await verifier.verify(NDATestSupport.bytes(try NDATestSupport.credential()))
        #expect(report.errors.map(\.code) == [.didResolutionFailed])
        #expect(report.outcome == .couldNotCheck)
    }

    @Test("Revocation rules on their own", arguments: [
        (#"{"revocationReason":"keyCompromise","revoked":"2030-01-01T00:00:00Z"}"#, "2020-01-01T00:00:00Z", false),
        (#"{"revoked":"2026-01-01T00:00:00Z","revocationReason":"superseded"}"#, "2025-12-31T23:59:59Z", true),
        (#"{"revoked":"2026-01-01T00:00:00Z"}"#, "2026-01-01T00:00:00Z", false),
        (#"{"revoked":"not a date"}"#, "2020-01-01T00:00:00Z", false),
        (#"{"revocationReason":"superseded"}"#, "2020-01-01T00:00:00Z", false),
        (#"{}"#, "2020-01-01T00:00:00Z", true),
    ])
    func rules(members: String, signedAt: String, accepted: Bool) throws {
        let extra = try JSONValue(parsing: members).objectValue!
        let method = VerificationMethod(id: "did:nda:0x222137fb0099115bd0b0446c4d66c81ccf41e0bb#key-1", type: "EcdsaSecp256k1VerificationKey2019",
                                        controller: "did:nda:0x222137fb0099115bd0b0446c4d66c81ccf41e0bb", additionalMembers: extra)
        let outcome = Result { () throws(VCError) in try NDAKeyRevocation.check(method, signedAt: DateTimeStamp(parsing: signedAt)) }
        #expect(((try? outcome.get()) != nil) == accepted, "\(members) at \(signedAt)")
    }
}
