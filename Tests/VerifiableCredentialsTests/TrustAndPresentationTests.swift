import DIDCore
import Foundation
import StrictJSON
import Testing
import VerifiableCredentials
import WalletCrypto

/// Issue 12 §3 and security requirement 35: the trust policy applies to every format, every
/// credential and every presentation; a credential is not a presentation; a presentation is not a
/// credential; a `vc+jwt`'s registered claims agree with the credential.
@Suite("Trust policy for every format and presentation; what counts as a presentation")
struct TrustAndPresentationTests {
    let issuer = TestParty(seed: 1)
    let holder = TestParty(seed: 2)
    let stranger = TestParty(seed: 9)

    func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    func trusting(_ issuers: TestParty...) -> Verifier {
        var policy = VerificationPolicy()
        policy.trustedIssuers = Set(issuers.map(\.did.description))
        return Verifier(policy: policy)
    }

    @Test("An SD-JWT VC from an issuer that is not trusted fails untrustedIssuer; from a trusted one it verifies")
    func sdJWTTrust() async throws {
        let sdJWT = try await SDJWT.issue(claims: ["given_name": "An"], disclosable: ["given_name"], vct: "https://credentials.example/pid",
                                          issuer: issuer.did.description, holderKey: nil, signer: issuer.signer)
        #expect(codes(await trusting(stranger).verify(sdJWT)) == ["untrustedIssuer"])
        let trusted = await trusting(issuer).verify(sdJWT)
        #expect(trusted.verified && trusted.checks.contains { $0.name == .trustedIssuer && $0.passed })
    }

    @Test("A self-signed presentation with no credential is not trusted, in vp+jwt and Data Integrity")
    func emptyPresentationUntrusted() async throws {
        let empty = Issuer.presentation(holder: holder.did.description, credentials: [])
        let jwt = try await Issuer.presentJOSE(empty, challenge: "c", domain: "d", signer: holder.signer)
        let document = try await Issuer.presentDataIntegrity(empty, challenge: "c", domain: "d", signer: holder.signer)
        for input in [Array(jwt.utf8), JSONSerializer().serialize(document)] {
            // Without a trust policy it is a valid (if useless) presentation; with one, it carries nothing trusted.
            #expect(await Verifier().verify(input).verified)
            let report = await trusting(issuer).verify(input)
            #expect(codes(report) == ["untrustedIssuer"], "\(report.jsonValue.prettyString)")
        }
    }

    @Test("A presentation is trusted only if every credential it carries is from a trusted issuer")
    func presentationCredentialsTrust() async throws {
        let good = try await Issuer.issueJOSE(issuer.credential(subject: holder.did.description), signer: issuer.signer)
        let foreign = try await Issuer.issueJOSE(stranger.credential(subject: holder.did.description), signer: stranger.signer)
        let both = Issuer.presentation(holder: holder.did.description, credentials: [.string(good), .string(foreign)])
        let jwt = try await Issuer.presentJOSE(both, challenge: nil, domain: nil, signer: holder.signer)
        let report = await trusting(issuer).verify(jwt)
        #expect(codes(report) == ["invalidEmbeddedCredential"])
        #expect(report.credentials.map(\.verified) == [true, false] && codes(report.credentials[1]) == ["untrustedIssuer"])
        let onlyGood = Issuer.presentation(holder: holder.did.description, credentials: [.string(good)])
        #expect(await trusting(issuer).verify(try await Issuer.presentJOSE(onlyGood, challenge: nil, domain: nil, signer: holder.signer)).verified)
    }

    @Test("A credential given where a presentation is required is verified: false, invalidPresentation")
    func credentialIsNotAPresentation() async throws {
        for format in [CredentialFormat.vcJWT, .dataIntegrity(.eddsaJcs2022)] {
            let issued = try await Issuer.issue(issuer.credential(), format: format, signer: issuer.signer)
            #expect(await Verifier().verify(issued).verified)
            let report = await Verifier().verifyPresentation(issued.bytes)
            #expect(!report.verified && codes(report) == ["invalidPresentation"])
            #expect(report.jsonValue["verified"] == false && report.outcome == .invalid)
        }
    }

    @Test("A presentation nested in a presentation is not a credential")
    func nestedPresentation() async throws {
        let credential = try await Issuer.issueJOSE(issuer.credential(subject: holder.did.description), signer: issuer.signer)
        let inner = try await Issuer.presentJOSE(Issuer.presentation(holder: holder.did.description, credentials: [.string(credential)]),
                                                 challenge: nil, domain: nil, signer: holder.signer)
        let innerDocument = try await Issuer.presentDataIntegrity(Issuer.presentation(holder: holder.did.description, credentials: [.string(credential)]),
                                                                  challenge: nil, domain: nil, signer: holder.signer)
        for nested in [JSONValue.string(inner), innerDocument] {
            let outer = try await Issuer.presentJOSE(Issuer.presentation(holder: holder.did.description, credentials: [nested]),
                                                     challenge: nil, domain: nil, signer: holder.signer)
            let report = await Verifier().verify(outer)
            #expect(codes(report) == ["invalidEmbeddedCredential"], "\(report.jsonValue.prettyString)")
            #expect(report.credentials.first?.kind == .presentation)
        }
    }

    /// A `vc+jwt` whose payload is `credential` with `claims` added, signed by the issuer.
    func vcJWT(adding claims: JSONObject) async throws -> String {
        var payload = issuer.credential(subject: holder.did.description).objectValue!
        for member in claims { payload[member.key] = member.value }
        let header: JSONObject = ["alg": "EdDSA", "kid": .string(issuer.signer.verificationMethodId), "typ": "vc+jwt"]
        return try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(.object(payload)), signer: issuer.signer)
    }

    @Test("A vc+jwt whose iss, sub or jti disagree with the credential's issuer, subject id or id is refused")
    func registeredClaimsAgree() async throws {
        let credential = issuer.credential(subject: holder.did.description).objectValue!
        let agreeing = try await vcJWT(adding: ["iss": .string(issuer.did.description), "sub": .string(holder.did.description),
                                                "jti": credential["id"]!])
        #expect(await Verifier().verify(agreeing).verified)
        for claims: JSONObject in [["iss": .string(stranger.did.description)], ["sub": "did:example:someone-else"], ["jti": "urn:uuid:other"],
                                   ["iss": 7]] {
            let report = await Verifier().verify(try await vcJWT(adding: claims))
            #expect(codes(report) == ["invalidClaims"], "\(JSONValue.object(claims).compactString)")
        }
        // vp+jwt: iss is the holder.
        var presentation = Issuer.presentation(holder: holder.did.description, credentials: [])
        presentation["iss"] = .string(stranger.did.description)
        let vp = try await CompactJWS.sign(header: ["alg": "EdDSA", "kid": .string(holder.signer.verificationMethodId), "typ": "vp+jwt"],
                                           payload: JSONSerializer().serialize(.object(presentation)), signer: holder.signer)
        #expect(codes(await Verifier().verify(vp)) == ["invalidClaims"])
    }

    @Test("Accepted formats apply to the credentials inside a presentation")
    func acceptedFormatsEmbedded() async throws {
        let credential = try await Issuer.issueJOSE(issuer.credential(subject: holder.did.description), signer: issuer.signer)
        let vp = try await Issuer.presentJOSE(Issuer.presentation(holder: holder.did.description, credentials: [.string(credential)]),
                                              challenge: nil, domain: nil, signer: holder.signer)
        var policy = VerificationPolicy()
        policy.acceptedFormats = [.vpJWT]
        let report = await Verifier(policy: policy).verify(vp)
        #expect(codes(report) == ["invalidEmbeddedCredential"] && codes(report.credentials[0]) == ["formatNotAccepted"])
    }

    @Test("An enveloped credential must be what its media type says: a vc+jwt, not a Data Integrity document or an SD-JWT")
    func envelopedMediaType() async throws {
        let document = try await Issuer.issueDataIntegrity(issuer.credential(subject: holder.did.description), signer: issuer.signer)
        let sdJWT = try await SDJWT.issue(claims: ["given_name": "An"], disclosable: [], vct: "https://credentials.example/pid",
                                          issuer: issuer.did.description, holderKey: nil, signer: issuer.signer)
        for inside in [String(decoding: JSONSerializer().serialize(document), as: UTF8.self), sdJWT] {
            var presentation = Issuer.presentation(holder: holder.did.description, credentials: [])
            presentation["verifiableCredential"] = [["@context": ["https://www.w3.org/ns/credentials/v2"], "type": "EnvelopedVerifiableCredential",
                                                     "id": .string("data:application/vc+jwt,\(inside)")]]
            let vp = try await Issuer.presentJOSE(presentation, challenge: nil, domain: nil, signer: holder.signer)
            let report = await Verifier().verify(vp)
            #expect(codes(report) == ["invalidEmbeddedCredential"] && report.credentials.first?.verified == true, "\(report.jsonValue.prettyString)")
        }
    }

    @Test("Challenge and domain are compared code point for code point (U+212A is not K)")
    func challengeByCodePoints() async throws {
        let credential = try await Issuer.issueJOSE(issuer.credential(subject: holder.did.description), signer: issuer.signer)
        let presentation = Issuer.presentation(holder: holder.did.description, credentials: [.string(credential)])
        let vp = try await Issuer.presentJOSE(presentation, challenge: "nonce-K", domain: "https://verifier.example/K", signer: holder.signer)
        var policy = VerificationPolicy()
        policy.expectedChallenge = "nonce-K"
        policy.expectedDomain = "https://verifier.example/K"
        #expect(await Verifier(policy: policy).verify(vp).verified)
        var lookalike = policy
        lookalike.expectedChallenge = "nonce-\u{212A}"
        #expect(lookalike.expectedChallenge == policy.expectedChallenge)  // Swift's == says they are equal
        #expect(codes(await Verifier(policy: lookalike).verify(vp)) == ["challengeMismatch"])
        lookalike = policy
        lookalike.expectedDomain = "https://verifier.example/\u{212A}"
        #expect(codes(await Verifier(policy: lookalike).verify(vp)) == ["domainMismatch"])
    }

    /// An app's own policy: credentials must carry a type.
    struct RequiredTypePolicy: VerifierPolicy {
        let type: String
        func evaluate(_ subject: PolicySubject, in context: PolicyContext, report: inout VerificationReport) async {
            guard case .credential(let statements) = subject else { return }
            report.check(CheckName("requiredType")) { () throws(VCError) in
                guard statements.types.contains(type) else { throw VCError(VCError.Code("missingType"), "not a \(type)") }
            }
        }
    }

    @Test("An app's own policy runs after the standard ones, on the verified statements")
    func appPolicy() async throws {
        let jwt = try await Issuer.issueJOSE(issuer.credential(validUntil: Date(timeIntervalSince1970: 1_700_000_100)), signer: issuer.signer)
        var verifier = Verifier()
        verifier.policies.append(RequiredTypePolicy(type: "DriverLicense"))
        let report = await verifier.verify(jwt)
        #expect(codes(report) == ["expired", "missingType"])
        #expect(report.checks.map(\.name.rawValue).suffix(2) == ["validity", "requiredType"])
        verifier.policies = [RequiredTypePolicy(type: "AlumniCredential")]
        #expect(await verifier.verify(jwt).verified)  // the standard policies were replaced
    }

    @Test("SD-JWT issuance compares the issuer with the signer's DID code point for code point")
    func sdJWTIssuerByCodePoints() async throws {
        let party = (UInt8(3)...UInt8(90)).lazy.map { TestParty(seed: $0) }.first { $0.did.methodSpecificId.contains("K") }!
        let lookalike = String(String.UnicodeScalarView(party.did.description.unicodeScalars.map { $0 == "K" ? "\u{212A}" : $0 }))
        #expect(lookalike == party.did.description)  // Swift's == says they are equal
        await #expect(throws: VCError(.verificationMethodNotAuthorized, "")) {
            try await SDJWT.issue(claims: ["a": "b"], disclosable: [], vct: "https://credentials.example/x", issuer: lookalike,
                                  holderKey: nil, signer: party.signer)
        }
        _ = try await SDJWT.issue(claims: ["a": "b"], disclosable: [], vct: "https://credentials.example/x", issuer: party.did.description,
                                  holderKey: nil, signer: party.signer)
    }
}
