import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

@Suite("Issue and verify: vc+jwt, VC 1.1 JWT, eddsa-jcs-2022, presentations")
struct VerifierTests {
    let issuer = TestParty(seed: 1)
    let holder = TestParty(seed: 2)
    let verifier = Verifier()

    func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    @Test("Each format: issue, verify, and a changed byte fails", arguments: [CredentialFormat.vcJWT, .jwtVC11, .dataIntegrity(.eddsaJcs2022)])
    func roundTrip(_ format: CredentialFormat) async throws {
        let credential = issuer.credential(dataModel: format == .jwtVC11 ? .v1_1 : .v2)
        let issued = try await Issuer.issue(credential, format: format, signer: issuer.signer).bytes
        let report = await verifier.verify(issued)
        #expect(report.verified, "\(report.jsonValue.prettyString)")
        #expect(report.issuer == issuer.did.description)
        #expect(report.format == format)
        #expect(report.verificationMethod == issuer.signer.verificationMethodId)
        #expect(report.checks.contains { $0.name.rawValue.hasSuffix("signature") && $0.passed })

        // Change one claim value; every format must notice.
        let text = String(decoding: issued, as: UTF8.self)
        let tampered: String
        if format == .dataIntegrity(.eddsaJcs2022) {
            tampered = text.replacingOccurrences(of: "Cử nhân Khoa học", with: "Tiến sĩ Khoa học")
        } else {
            tampered = text.tamperingSegment(1)
        }
        let bad = await verifier.verify(tampered)
        #expect(!bad.verified)
        #expect(!bad.errors.isEmpty)
    }

    @Test("A key that is not the issuer's is refused (security requirement 28)")
    func wrongIssuer() async throws {
        let credential = issuer.credential()
        await #expect(throws: VCError(.verificationMethodNotAuthorized, "")) { try await Issuer.issueJOSE(credential, signer: holder.signer) }
        // Forge: the holder signs a credential naming the issuer.
        var object = credential.objectValue!
        object["issuer"] = .string(holder.did.description)
        let jwt = try await Issuer.issueJOSE(.object(object), signer: holder.signer)
        // Rewrite the payload's issuer without re-signing: the signature breaks.
        let report = await verifier.verify(jwt.replacingOccurrences(of: ".", with: ".", options: [], range: nil))
        #expect(report.verified)
        // A kid of another DID than the issuer's.
        let parts = jwt.split(separator: ".").map(String.init)
        let header = #"{"alg":"EdDSA","kid":"\#(issuer.signer.verificationMethodId)","typ":"vc+jwt"}"#
        let forged = Base64URL.encode(Array(header.utf8)) + "." + parts[1] + "." + parts[2]
        #expect(codes(await verifier.verify(forged)).contains("verificationMethodNotAuthorized"))
        // A key-agreement (X25519) method id is not an assertion method.
        let document = try DIDKey.document(for: issuer.did)
        let agreementId = document[.keyAgreement][0].id
        let agreementHeader = #"{"alg":"EdDSA","kid":"\#(agreementId)","typ":"vc+jwt"}"#
        let issuerJWT = try await Issuer.issueJOSE(issuer.credential(), signer: issuer.signer).split(separator: ".").map(String.init)
        let report2 = await verifier.verify(Base64URL.encode(Array(agreementHeader.utf8)) + "." + issuerJWT[1] + "." + issuerJWT[2])
        #expect(codes(report2).contains("verificationMethodNotAuthorized"), "\(codes(report2))")
    }

    @Test("Issuer and holder are compared with the key's DID code point for code point, not by canonical equivalence")
    func issuerComparedByCodePoints() async throws {
        // A did:key with an upper-case K, and the same text with U+212A KELVIN SIGN, which Swift's
        // String equality (canonical equivalence) takes for "K".
        let party = (UInt8(3)...UInt8(90)).lazy.map { TestParty(seed: $0) }.first { $0.did.methodSpecificId.contains("K") }!
        let lookalike = String(String.UnicodeScalarView(party.did.description.unicodeScalars.map { $0 == "K" ? "\u{212A}" : $0 }))
        #expect(lookalike == party.did.description && !lookalike.utf8.elementsEqual(party.did.description.utf8))
        #expect(party.did.isWritten(as: party.did.description) && !party.did.isWritten(as: lookalike))
        var object = party.credential().objectValue!
        object["issuer"] = .string(lookalike)
        // The issuer refuses to sign it ...
        await #expect(throws: VCError(.verificationMethodNotAuthorized, "")) { try await Issuer.issueJOSE(.object(object), signer: party.signer) }
        // ... and a verifier refuses it when it is signed anyway.
        let header: JSONObject = ["alg": "EdDSA", "typ": "vc+jwt", "kid": .string(party.signer.verificationMethodId)]
        let forged = try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(.object(object)), signer: party.signer)
        #expect(codes(await verifier.verify(forged)) == ["verificationMethodNotAuthorized"])
        // Signed the same way with the DID as written, it verifies: the check is not refusing everything.
        object["issuer"] = .string(party.did.description)
        let genuine = try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(.object(object)), signer: party.signer)
        #expect(await verifier.verify(genuine).verified)
        // A presentation whose holder is the look-alike is refused at creation.
        let presentation: JSONObject = ["@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
                                        "holder": .string(lookalike), "verifiableCredential": [.string(genuine)]]
        await #expect(throws: VCError(.verificationMethodNotAuthorized, "")) {
            try await Issuer.presentJOSE(presentation, challenge: "c", domain: "d", signer: party.signer)
        }
    }

    @Test("Decoded keys are remembered by their encoded text, and only up to a bound")
    func keyMemo() async throws {
        let verifier = Verifier()
        for seed in UInt8(1)...UInt8(3) {
            let party = TestParty(seed: seed)
            let jwt = try await Issuer.issueJOSE(party.credential(), signer: party.signer)
            #expect(await verifier.verify(jwt).verified)
            #expect(await verifier.verify(jwt).verified)
            // A credential naming this issuer but signed by the previous one still fails: the
            // remembered key is the one the method holds, not the last one used.
            if seed > 1 {
                let other = TestParty(seed: seed - 1)
                let header: JSONObject = ["alg": "EdDSA", "typ": "vc+jwt", "kid": .string(party.signer.verificationMethodId)]
                let payload = JSONSerializer().serialize(party.credential())
                let forged = try await CompactJWS.sign(header: header, payload: payload, signer: other.signer)
                #expect(codes(await verifier.verify(forged)) == ["invalidSignature"])
            }
        }
        #expect(verifier.keyMemo.count == 3)
        // A remembered key's text with U+212A for "K" (equal under String's ==) is not that key:
        // it is decoded, and refused, as it would be without the memo.
        let remembered = (UInt8(3)...UInt8(90)).lazy.map { TestParty(seed: $0) }.first { $0.did.methodSpecificId.contains("K") }!
        #expect(await verifier.verify(try await Issuer.issueJOSE(remembered.credential(), signer: remembered.signer)).verified)
        var lookalike = try #require(try DIDKey.document(for: remembered.did).verificationMethod.first)
        let text = try #require(lookalike.publicKeyMultibase)
        #expect(try verifier.keyMemo.publicSigningKey(of: lookalike) == .ed25519(remembered.key.publicKey))
        lookalike.publicKeyMultibase = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "K" ? "\u{212A}" : $0 }))
        #expect(lookalike.publicKeyMultibase == text)
        #expect(throws: DIDError.self) { try verifier.keyMemo.publicSigningKey(of: lookalike) }
        // Past its capacity the memo starts again rather than growing.
        for seed in 0..<VerificationKeyMemo.capacity + 5 {
            let key = Ed25519.PrivateKey().publicKey
            let method = VerificationMethod(id: "did:example:\(seed)#key", type: "Multikey", controller: "did:example:\(seed)",
                                            publicKeyMultibase: Multibase.base58btc.encode([0xED, 0x01] + key.rawRepresentation))
            #expect(try verifier.keyMemo.publicSigningKey(of: method) == .ed25519(key))
        }
        #expect(verifier.keyMemo.count <= VerificationKeyMemo.capacity)
    }

    @Test("JOSE headers and encodings that are refused (security requirements 16–20)")
    func joseRefusals() async throws {
        let jwt = try await Issuer.issueJOSE(issuer.credential(), signer: issuer.signer)
        let parts = jwt.split(separator: ".").map(String.init)
        func with(header: String) -> String { Base64URL.encode(Array(header.utf8)) + "." + parts[1] + "." + parts[2] }
        let kid = issuer.signer.verificationMethodId
        let cases: [(String, String)] = [
            (with(header: #"{"alg":"none","kid":"\#(kid)","typ":"vc+jwt"}"#), "unsupportedAlgorithm"),
            (with(header: #"{"alg":"HS256","kid":"\#(kid)","typ":"vc+jwt"}"#), "unsupportedAlgorithm"),
            (with(header: #"{"alg":"ES256","kid":"\#(kid)","typ":"vc+jwt"}"#), "algorithmKeyMismatch"),  // an Ed25519 kid
            (with(header: #"{"alg":"ES512","kid":"\#(kid)","typ":"vc+jwt"}"#), "unsupportedAlgorithm"),
            (with(header: #"{"alg":"PS256","kid":"\#(kid)","typ":"vc+jwt"}"#), "unsupportedAlgorithm"),
            (with(header: #"{"alg":"RS256","kid":"\#(kid)","typ":"vc+jwt"}"#), "unsupportedAlgorithm"),
            (with(header: #"{"alg":"EdDSA","alg":"none","kid":"\#(kid)","typ":"vc+jwt"}"#), "duplicateKey"),
            (with(header: #"{"alg":"EdDSA","kid":"\#(kid)","typ":"vc+jwt","jwk":{"kty":"OKP"}}"#), "forbiddenHeader"),
            (with(header: #"{"alg":"EdDSA","kid":"\#(kid)","typ":"vc+jwt","jku":"https://x"}"#), "forbiddenHeader"),
            (with(header: #"{"alg":"EdDSA","kid":"\#(kid)","typ":"vc+jwt","x5c":["MII"]}"#), "forbiddenHeader"),
            (with(header: #"{"alg":"EdDSA","kid":"\#(kid)","typ":"vc+jwt","b64":false}"#), "forbiddenHeader"),
            (with(header: #"{"alg":"EdDSA","kid":"\#(kid)","typ":"vc+jwt","crit":["exp"]}"#), "forbiddenHeader"),
            (with(header: #"{"alg":"EdDSA","kid":"\#(kid)","typ":"vp+jwt"}"#), "invalidPresentation"),
            (with(header: #"{"alg":"EdDSA","kid":"\#(kid)","typ":"application/json"}"#), "invalidMediaType"),
            (with(header: #"{"alg":"EdDSA","kid":"z6Mk","typ":"vc+jwt"}"#), "invalidKeyId"),
            (with(header: #"{"alg":"EdDSA","typ":"vc+jwt"}"#), "invalidKeyId"),
            (parts[0] + "." + parts[1], "malformedJWS"),
            (jwt + ".x", "malformedJWS"),
            (parts[0] + "=." + parts[1] + "." + parts[2], "malformedJWS"),
            (parts[0] + "." + parts[1] + "." + Base64URL.encode([UInt8](repeating: 1, count: 63)), "malformedJWS"),
            (parts[0] + "." + parts[1] + "." + parts[2].dropLast() + "_", "malformedJWS"),
        ]
        for (input, code) in cases {
            let report = await verifier.verify(input)
            #expect(!report.verified)
            #expect(codes(report).contains(code), "\(code) expected, got \(codes(report)) for \(input.prefix(60))")
        }
        // A duplicate member in the payload is refused too.
        let payload = Base64URL.encode(Array(#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiableCredential","type":"X"}"#.utf8))
        #expect(codes(await verifier.verify(parts[0] + "." + payload + "." + parts[2])).contains("duplicateKey"))
        // vc/vp claims inside a vc+jwt payload.
        var object = issuer.credential().objectValue!
        object["vc"] = ["oops": true]
        let withClaims = try await CompactJWS.sign(header: ["alg": "EdDSA", "kid": .string(kid), "typ": "vc+jwt"],
                                                   payload: JSONSerializer().serialize(.object(object)), signer: issuer.signer)
        #expect(codes(await verifier.verify(withClaims)) == ["invalidClaims"])
    }

    @Test("Validity period with clock skew; JWT exp; proof expires")
    func validity() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var policy = VerificationPolicy()
        policy.now = { now }
        let verifier = Verifier(policy: policy)
        let expired = issuer.credential(validUntil: now.addingTimeInterval(-3600))
        let future = issuer.credential(validFrom: now.addingTimeInterval(3600))
        let withinSkew = issuer.credential(validUntil: now.addingTimeInterval(-60))
        for (credential, code) in [(expired, "expired"), (future, "notYetValid")] {
            for issued in [try await Issuer.issueJOSE(credential, signer: issuer.signer),
                           JSONSerializer().string(try await Issuer.issueDataIntegrity(credential, signer: issuer.signer))] {
                let report = await verifier.verify(issued)
                #expect(codes(report) == [code], "\(codes(report))")
            }
        }
        #expect(await verifier.verify(try await Issuer.issueJOSE(withinSkew, signer: issuer.signer)).verified)
        policy.clockSkew = 10
        #expect(!(await Verifier(policy: policy).verify(try await Issuer.issueJOSE(withinSkew, signer: issuer.signer)).verified))
        // VC 1.1 JWT: exp claim.
        let legacy = try await Issuer.issueLegacyJWT(issuer.credential(dataModel: .v1_1, validUntil: now.addingTimeInterval(-3600)), signer: issuer.signer)
        #expect(codes(await verifier.verify(legacy)).contains("expired"))
    }

    @Test("Data Integrity negative cases fail, each with its own code, for both cryptosuites (security requirement 27)",
          arguments: [DataIntegrityCryptosuite.eddsaJcs2022, .eddsaRdfc2022])
    func dataIntegrityNegatives(_ suite: DataIntegrityCryptosuite) async throws {
        var credential = issuer.credential().objectValue!
        // The examples context defines the subject's claims, as eddsa-rdfc-2022's safe mode requires.
        credential["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        let signed = try await Issuer.issueDataIntegrity(.object(credential), signer: issuer.signer, cryptosuite: suite).objectValue!
        let proof = signed["proof"]!.objectValue!
        func variant(_ change: (inout JSONObject) -> Void) -> String {
            var proofCopy = proof
            change(&proofCopy)
            var document = signed
            document["proof"] = .object(proofCopy)
            return JSONSerializer().string(.object(document))
        }
        var noProof = signed
        noProof.removeValue(forKey: "proof")
        var nullProof = signed
        nullProof["proof"] = .null
        let cases: [(String, String)] = [
            (JSONSerializer().string(.object(noProof)), "proofMissing"),
            (JSONSerializer().string(.object(nullProof)), "proofMissing"),
            (variant { $0["type"] = "JsonWebSignature2020" }, "unsupportedProof"),
            (variant { $0["type"] = "Ed25519Signature2018" }, "invalidProofValue"),  // a 2018 proof carries a jws
            (variant { $0["cryptosuite"] = "Ed25519Signature2020" }, "unsupportedProof"),  // a proof type, not a cryptosuite
            (variant { $0["cryptosuite"] = "eddsa-2022" }, "unsupportedProof"),
            (variant { $0.removeValue(forKey: "cryptosuite") }, "unsupportedProof"),
            (variant { $0.removeValue(forKey: "verificationMethod") }, "invalidKeyId"),
            (variant { $0["verificationMethod"] = "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH#z6Mk" }, "verificationMethodNotAuthorized"),
            (variant { $0["verificationMethod"] = .string("\(issuer.did)#nope") }, "verificationMethodNotFound"),
            (variant { $0.removeValue(forKey: "proofPurpose") }, "proofPurposeMismatch"),
            (variant { $0["proofPurpose"] = "authentication" }, "proofPurposeMismatch"),
            (variant { $0.removeValue(forKey: "proofValue") }, "invalidProofValue"),
            (variant { $0["proofValue"] = .string("u" + $0["proofValue"]!.stringValue!.dropFirst()) }, "invalidProofValue"),
            (variant { $0["proofValue"] = .string(Multibase.base58btc.encode([UInt8](repeating: 1, count: 32))) }, "invalidProofValue"),
            (variant { $0["created"] = "yesterday" }, "malformedProof"),
            (variant { $0["created"] = "2023-02-24T23:36:38Z" }, "invalidSignature"),
            (variant { $0["@context"] = ["https://www.w3.org/ns/credentials/undefined-terms/v2"] }, "contextMismatch"),
            (variant { $0["expires"] = "2001-01-01T00:00:00Z" }, "proofExpired"),
        ]
        for (input, code) in cases {
            let report = await verifier.verify(input)
            #expect(!report.verified)
            #expect(codes(report).contains(code), "\(code) expected, got \(codes(report))")
        }
        // Adding a member after signing never verifies.
        var extra = signed
        extra["evidence"] = [["type": "DocumentVerification"]]
        #expect(codes(await verifier.verify(JSONSerializer().serialize(.object(extra)))).contains("invalidSignature"))
    }

    @Test("Proof sets and proof chains")
    func proofSetsAndChains() async throws {
        let second = TestParty(seed: 3)
        let credential = issuer.credential().objectValue!
        let first = try await DataIntegrityProof.createProof(document: credential, options: .init(verificationMethod: issuer.signer.verificationMethodId, id: "urn:uuid:p1"), signer: issuer.signer)
        // A chained proof signs the document together with the proof it names.
        var chainInput = credential
        chainInput["proof"] = .object(first)
        let chained = try await DataIntegrityProof.createProof(document: chainInput, options: .init(verificationMethod: issuer.signer.verificationMethodId, previousProof: "urn:uuid:p1"), signer: issuer.signer)
        var document = credential
        document["proof"] = [.object(first), .object(chained)]
        let report = await verifier.verify(JSONSerializer().serialize(.object(document)))
        #expect(report.verified, "\(codes(report))")
        #expect(report.checks.filter { $0.name.rawValue.hasSuffix("signature") }.count == 2)
        // A chain that names a missing proof.
        var broken = chained
        broken["previousProof"] = "urn:uuid:missing"
        document["proof"] = [.object(first), .object(broken)]
        #expect(codes(await verifier.verify(JSONSerializer().serialize(.object(document)))).contains("invalidProofChain"))
        // A set with a proof by a key that is not the issuer's fails.
        let foreign = try await DataIntegrityProof.createProof(document: credential, options: .init(verificationMethod: second.signer.verificationMethodId), signer: second.signer)
        document["proof"] = [.object(first), .object(foreign)]
        #expect(codes(await verifier.verify(JSONSerializer().serialize(.object(document)))).contains("verificationMethodNotAuthorized"))
    }

    @Test("Presentations: vp+jwt and Data Integrity, challenge and domain, embedded credentials, holder binding")
    func presentations() async throws {
        let jwtCredential = try await Issuer.issueJOSE(issuer.credential(subject: holder.did.description), signer: issuer.signer)
        let diCredential = try await Issuer.issueDataIntegrity(issuer.credential(subject: holder.did.description), signer: issuer.signer)
        let presentation = Issuer.presentation(holder: holder.did.description, credentials: [.string(jwtCredential), diCredential])
        var policy = VerificationPolicy()
        policy.expectedChallenge = "n-0S6_WzA2Mj"
        policy.expectedDomain = "https://verifier.example"
        policy.requireHolderBinding = true
        let verifier = Verifier(policy: policy)
        let vpJWT = try await Issuer.presentJOSE(presentation, challenge: "n-0S6_WzA2Mj", domain: "https://verifier.example", signer: holder.signer)
        let vpDI = JSONSerializer().string(try await Issuer.presentDataIntegrity(presentation, challenge: "n-0S6_WzA2Mj", domain: "https://verifier.example", signer: holder.signer))
        for vp in [vpJWT, vpDI] {
            let report = await verifier.verify(vp)
            #expect(report.verified, "\(report.jsonValue.prettyString)")
            #expect(report.kind == .presentation && report.holder == holder.did.description && report.credentials.count == 2)
            #expect(report.credentials.allSatisfy { $0.verified })
        }
        // Wrong challenge, wrong domain.
        var wrong = policy
        wrong.expectedChallenge = "other"
        #expect(codes(await Verifier(policy: wrong).verify(vpJWT)).contains("challengeMismatch"))
        #expect(codes(await Verifier(policy: wrong).verify(vpDI)).contains("challengeMismatch"))
        wrong = policy
        wrong.expectedDomain = "https://evil.example"
        #expect(codes(await Verifier(policy: wrong).verify(vpJWT)).contains("domainMismatch"))
        #expect(codes(await Verifier(policy: wrong).verify(vpDI)).contains("domainMismatch"))
        // A presentation signed by someone who is not the holder.
        await #expect(throws: VCError(.verificationMethodNotAuthorized, "")) {
            try await Issuer.presentJOSE(presentation, challenge: nil, domain: nil, signer: issuer.signer)
        }
        // A tampered embedded credential makes the presentation invalid.
        let badCredential = jwtCredential.tamperingSegment(1)
        let badPresentation = Issuer.presentation(holder: holder.did.description, credentials: [.string(badCredential)])
        let badVP = try await Issuer.presentJOSE(badPresentation, challenge: "n-0S6_WzA2Mj", domain: "https://verifier.example", signer: holder.signer)
        #expect(codes(await verifier.verify(badVP)).contains("invalidEmbeddedCredential"))
        // Holder binding: a credential about someone else.
        let otherCredential = try await Issuer.issueJOSE(issuer.credential(subject: "did:example:someone-else"), signer: issuer.signer)
        let unbound = try await Issuer.presentJOSE(Issuer.presentation(holder: holder.did.description, credentials: [.string(otherCredential)]),
                                                   challenge: "n-0S6_WzA2Mj", domain: "https://verifier.example", signer: holder.signer)
        #expect(codes(await verifier.verify(unbound)) == ["holderBindingFailed"])
    }

    @Test("Data model MUSTs are checked at issue time, each with a code")
    func dataModel() async throws {
        func issue(_ change: (inout JSONObject) -> Void) async -> String? {
            var object = issuer.credential().objectValue!
            change(&object)
            do { _ = try await Issuer.issueJOSE(.object(object), signer: issuer.signer); return nil } catch { return error.code.rawValue }
        }
        #expect(await issue { $0["@context"] = ["https://www.w3.org/ns/credentials/examples/v2", "https://www.w3.org/ns/credentials/v2"] } == "invalidCredential")
        #expect(await issue { $0["@context"] = "https://www.w3.org/ns/credentials/v2" } == "invalidCredential")
        #expect(await issue { $0["type"] = ["AlumniCredential"] } == "invalidCredential")
        #expect(await issue { $0.removeValue(forKey: "credentialSubject") } == "invalidCredential")
        #expect(await issue { $0["credentialSubject"] = [:] } == "invalidCredential")
        #expect(await issue { $0["issuer"] = "not a url" } == "invalidCredential")
        #expect(await issue { $0["validFrom"] = "2024-01-01" } == "invalidDate")
        #expect(await issue { $0["validUntil"] = "2024-01-01T00:00:00" } == "invalidDate")
        #expect(await issue { $0["credentialStatus"] = ["id": "https://example.com/status#1"] } == "invalidCredential")
        #expect(await issue { $0["id"] = "not a url" } == "invalidCredential")
        #expect(await issue { _ in } == nil)
        #expect(DateTimeStamp(parsing: "2024-02-30T00:00:00Z") == nil)
        #expect(DateTimeStamp(parsing: "2024-02-29T23:59:59.5+07:00") != nil)
    }

    /// XML Schema dates use the proleptic Gregorian calendar; Foundation switches to the Julian
    /// calendar before October 1582, so the two are compared from 1583 on.
    @Test("DateTimeStamp.format agrees with Foundation's ISO 8601 formatter (from 1583) and round-trips through parse")
    func dateFormatting() {
        var generator = SystemRandomNumberGenerator()
        var samples: [Double] = [0, -1, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 4_107_542_399, -62_135_596_800, -62_167_219_200,
                                 253_402_300_799, 1_700_000_000.999, -0.5]
        for _ in 0..<2000 { samples.append(Double(Int.random(in: -62_167_219_200..<253_402_300_800, using: &generator))) }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            let text = DateTimeStamp.format(date)
            // Whole seconds only: Foundation rounds fractions, this library drops them.
            if seconds >= -12_212_553_600 && seconds == seconds.rounded() { #expect(text == DateTimeStamp.formatWithFoundationForTesting(date), "\(seconds)") }
            let parsed = DateTimeStamp(parsing: text)
            #expect(parsed?.secondsSince1970 == Int64(seconds.rounded(.down)) && parsed?.fractionDigits == "", "\(text)")
        }
    }

    @Test("Policies: trusted issuers and accepted formats; a status that was not checked is a warning")
    func policies() async throws {
        var credential = issuer.credential().objectValue!
        credential["credentialStatus"] = ["id": "https://example.com/status/1#5", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                                          "statusListIndex": "5", "statusListCredential": "https://example.com/status/1"]
        let jwt = try await Issuer.issueJOSE(.object(credential), signer: issuer.signer)
        let report = await Verifier().verify(jwt)
        #expect(report.verified && report.warnings.map(\.code.rawValue) == ["statusNotChecked"])
        var policy = VerificationPolicy()
        policy.trustedIssuers = [holder.did.description]
        #expect(codes(await Verifier(policy: policy).verify(jwt)) == ["untrustedIssuer"])
        policy.trustedIssuers = [issuer.did.description]
        policy.acceptedFormats = [.dataIntegrity(.eddsaJcs2022)]
        #expect(codes(await Verifier(policy: policy).verify(jwt)) == ["formatNotAccepted"])
        #expect(codes(await Verifier().verify("hello")) == ["unknownFormat"])
        #expect(codes(await Verifier().verify("{\"a\":1,\"a\":2}")) == ["duplicateKey"])
        var small = VerificationPolicy()
        small.maximumInputBytes = 100
        #expect(codes(await Verifier(policy: small).verify(jwt)) == ["inputTooLarge"])
    }

    @Test("Typed access to the data model's properties; other members kept exactly")
    func typedAccess() throws {
        let credential = try VerifiableCredential(json: JSONValue(parsing: #"""
        {"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","type":["VerifiableCredential","X"],
         "issuer":{"id":"did:example:issuer","name":"Bộ Công an"},"name":[{"@value":"Thẻ","@language":"vi"}],"description":"d",
         "validFrom":"2025-01-01T00:00:00+07:00","validUntil":"2035-01-01T00:00:00Z",
         "credentialSubject":[{"id":"did:example:a"},{"id":"did:example:b","n":1.50}],
         "credentialSchema":{"id":"https://example.org/s.json","type":"JsonSchema"},
         "evidence":[{"type":["DocumentVerification"]}],"termsOfUse":{"type":"TrustFrameworkPolicy"},
         "refreshService":{"id":"https://example.org/refresh","type":"ManualRefreshService2018"},"custom":{"keep":[1,2]}}
        """#))
        #expect(credential.dataModel == .v2 && credential.id == "urn:uuid:1" && credential.types == ["VerifiableCredential", "X"])
        #expect(credential.issuer == "did:example:issuer" && credential.issuerValue?["name"]?.stringValue == "Bộ Công an")
        #expect(credential.subjectIds == ["did:example:a", "did:example:b"])
        #expect(credential.validFrom == DateTimeStamp(Date(timeIntervalSince1970: 1_735_664_400)))
        #expect(credential.validFrom?.text == "2025-01-01T00:00:00+07:00")
        #expect(credential.credentialSchema.count == 1 && credential.evidence.count == 1 && credential.termsOfUse.count == 1)
        #expect(credential.refreshService.first?["type"]?.stringValue == "ManualRefreshService2018")
        #expect(credential.name?[0]?["@language"]?.stringValue == "vi" && credential.description?.stringValue == "d")
        #expect(credential.json["custom"]?["keep"] == [1, 2])
        #expect(credential.subjects[1]["n"]?.numberValue?.text == "1.50")
    }
}
