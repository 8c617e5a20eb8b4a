import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// ES256, ES384 and ES256K beside EdDSA (security requirement 43): the algorithm is fixed by the
/// key the `kid` resolves to, `alg` must agree and never chooses, the policy's allow-list narrows
/// what is accepted, secp256k1 signatures must be low-S. Issuers are did:key DIDs of each key type.
@Suite("JOSE algorithms: ES256, ES384, ES256K, EdDSA")
struct JOSEAlgorithmTests {
    /// An issuer (or holder) with a did:key of `key`'s type.
    struct Party: Sendable {
        let key: PrivateSigningKey
        let did: DID
        let signer: InMemorySigner

        init(_ key: PrivateSigningKey) {
            self.key = key
            did = DIDKey.did(for: key.publicKey)
            signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")
        }

        func credential(dataModel: DataModelVersion = .v2) -> JSONValue {
            .object(Issuer.credential(issuer: did.description, subject: ["id": "did:example:subject", "name": "Nguyễn Văn A"],
                                      types: ["ExampleCredential"], validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)),
                                      dataModel: dataModel))
        }
    }

    static func parties() -> [Party] {
        [Party(.ed25519(Ed25519.PrivateKey())), Party(.p256(P256.PrivateKey())), Party(.p384(P384.PrivateKey())),
         Party(.secp256k1(Secp256k1.PrivateKey()))]
    }

    /// A verifier accepting every algorithm this library has (ES384 is not in the default list).
    static let everyAlgorithm: Verifier = {
        var policy = VerificationPolicy()
        policy.allowedAlgorithms = Set(SignatureAlgorithm.allCases)
        return Verifier(policy: policy)
    }()

    func codes(_ report: VerificationReport) -> [VCError.Code] { report.errors.map(\.code) }

    /// A compact JWS with exactly `header`, signed by `key` whatever the header says (an attacker's token).
    static func forge(header: JSONObject, payload: [UInt8], key: PrivateSigningKey) throws -> String {
        let signingInput = Base64URL.encode(JSONSerializer().serialize(.object(header))) + "." + Base64URL.encode(payload)
        return signingInput + "." + Base64URL.encode(try key.signature(for: Array(signingInput.utf8)))
    }

    @Test("vc+jwt, VC 1.1 JWT and vp+jwt round-trip with each key type; alg is the key's")
    func roundTrips() async throws {
        for party in Self.parties() {
            let vcJWT = try await Issuer.issueJOSE(party.credential(), signer: party.signer)
            #expect(try CompactJWS(parsing: vcJWT).signatureAlgorithm == party.key.algorithm)
            let report = await Self.everyAlgorithm.verify(vcJWT)
            #expect(report.verified, "\(party.key.algorithm): \(report.errors)")
            let legacy = try await Issuer.issueLegacyJWT(party.credential(dataModel: .v1_1), signer: party.signer)
            #expect(await Self.everyAlgorithm.verify(legacy).verified, "\(party.key.algorithm) VC 1.1")
            // The same holder key signs a presentation of it.
            let presentation = Issuer.presentation(holder: party.did.description, credentials: [.string(vcJWT)])
            let vp = try await Issuer.presentJOSE(presentation, challenge: "n-1", domain: "https://verifier.example", signer: party.signer)
            var policy = Self.everyAlgorithm.policy
            policy.expectedChallenge = "n-1"
            policy.expectedDomain = "https://verifier.example"
            let vpReport = await Verifier(policy: policy).verify(vp)
            #expect(vpReport.verified, "\(party.key.algorithm) vp+jwt: \(vpReport.errors)")
            // A payload changed after signing is refused.
            let parts = vcJWT.split(separator: ".").map(String.init)
            var changed = try #require(try JSONValue(parsing: Base64URL.decode(parts[1])).objectValue)
            changed["credentialSubject"] = ["id": "did:example:subject", "name": "Trần Thị B"]
            let tampered = parts[0] + "." + Base64URL.encode(JSONSerializer().serialize(.object(changed))) + "." + parts[2]
            #expect(codes(await Self.everyAlgorithm.verify(tampered)) == [.invalidSignature], "\(party.key.algorithm)")
            #expect(codes(await Self.everyAlgorithm.verify(vcJWT.tamperingSegment(2))).contains(.invalidSignature))
        }
    }

    @Test("did:jwk issuers with EC keys verify")
    func didJWKIssuers() async throws {
        for key in [PrivateSigningKey.p256(P256.PrivateKey()), .secp256k1(Secp256k1.PrivateKey())] {
            let did = DIDJWK.did(for: key.publicKey)
            let signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#0")
            let credential = Issuer.credential(issuer: did.description, subject: ["id": "did:example:subject"], types: ["ExampleCredential"])
            let jwt = try await Issuer.issueJOSE(.object(credential), signer: signer)
            let report = await Verifier().verify(jwt)
            #expect(report.verified, "\(key.algorithm): \(report.errors)")
        }
    }

    @Test("SD-JWT VC: the issuer JWT and the KB-JWT with each key type, the holder's cnf.jwk EC or OKP")
    func sdJWT() async throws {
        let issuers = Self.parties(), holders = Self.parties().reversed()
        for (issuer, holder) in zip(issuers, holders) {
            let sdJWT = try await SDJWT.issue(claims: ["given_name": "An", "birthdate": "2000-01-01"], disclosable: ["given_name", "birthdate"],
                                              vct: "https://credentials.example/identity", issuer: issuer.did.description,
                                              holderKey: JWK(publicSigningKey: holder.key.publicKey), signer: issuer.signer)
            let presented = try await SDJWT.present(sdJWT, disclose: ["birthdate"], audience: "https://verifier.example", nonce: "n-2",
                                                    holder: holder.signer)
            var policy = Self.everyAlgorithm.policy
            policy.expectedChallenge = "n-2"
            policy.expectedDomain = "https://verifier.example"
            let report = await Verifier(policy: policy).verify(presented)
            #expect(report.verified, "\(issuer.key.algorithm) issuer, \(holder.key.algorithm) holder: \(report.errors)")
            // Another holder key cannot present it.
            let other = Party(holder.key.publicKey.algorithm == .es256 ? .secp256k1(Secp256k1.PrivateKey()) : .p256(P256.PrivateKey()))
            await #expect(throws: VCError(.verificationMethodNotAuthorized, "")) {
                try await SDJWT.present(sdJWT, disclose: [], audience: "a", nonce: "n", holder: other.signer)
            }
        }
    }

    @Test("RFC 7515 A.3 ES256 and the ES256K vector verify as JWS; their tampered, DER and mislabelled forms do not")
    func vectors() throws {
        let rfc = try Fixtures.json("ecdsa/jose/rfc7515-a3-es256.json")
        let p256 = try JWK(json: rfc["publicJwk"]!).publicSigningKey()
        let jws = try CompactJWS(parsing: rfc["jwsCompact"]!.stringValue!)
        #expect(jws.signatureAlgorithm == .es256)
        try jws.verify(with: p256)  // its s is high: accepted for P-256 (decision 0025)
        #expect(throws: VCError(.invalidSignature, "")) {
            try CompactJWS(parsing: rfc["negative"]![0]!["jwsCompact"]!.stringValue!).verify(with: p256)
        }
        // The same token with alg ES256K: the P-256 key fixes ES256, so it is refused for that reason.
        let relabelled = Base64URL.encode(Array(#"{"alg":"ES256K"}"#.utf8)) + "." + rfc["payloadB64"]!.stringValue! + "." + rfc["signatureB64"]!.stringValue!
        #expect(throws: VCError(.algorithmKeyMismatch, "")) { try CompactJWS(parsing: relabelled).verify(with: p256) }

        let k1 = try Fixtures.json("ecdsa/jose/es256k-generated.json")
        let secp256k1 = try JWK(json: k1["publicJwk"]!).publicSigningKey()
        try CompactJWS(parsing: k1["jwsCompact"]!.stringValue!).verify(with: secp256k1)
        let variants = k1["variants"]!.arrayValue!
        #expect(throws: VCError(.signatureNotLowS, "")) { try CompactJWS(parsing: variants[0]["jwsCompact"]!.stringValue!).verify(with: secp256k1) }
        #expect(throws: VCError(.invalidSignature, "")) { try CompactJWS(parsing: variants[1]["jwsCompact"]!.stringValue!).verify(with: secp256k1) }
        let der = k1["protectedHeaderB64"]!.stringValue! + "." + k1["payloadB64"]!.stringValue! + "." + variants[2]["signatureB64"]!.stringValue!
        #expect(throws: VCError(.malformedJWS, "")) { try CompactJWS(parsing: der) }
        // Under the P-256 key, the ES256K token is refused as a mismatch, not tried.
        #expect(throws: VCError(.algorithmKeyMismatch, "")) { try CompactJWS(parsing: k1["jwsCompact"]!.stringValue!).verify(with: p256) }
    }

    @Test("alg never chooses: a token signed by the resolved key but labelled with another algorithm is refused")
    func algorithmKeyMismatch() async throws {
        let ed = Party(.ed25519(Ed25519.PrivateKey())), p256 = Party(.p256(P256.PrivateKey())), k1 = Party(.secp256k1(Secp256k1.PrivateKey()))
        // Each pair: the issuer's own key signs, the header names an algorithm of the same
        // signature length that is not the key's. The signature is valid for the key; only the
        // label is wrong.
        let cases: [(Party, String)] = [(ed, "ES256"), (ed, "ES256K"), (p256, "EdDSA"), (p256, "ES256K"), (k1, "ES256"), (k1, "EdDSA")]
        for (party, alg) in cases {
            let header: JSONObject = ["alg": .string(alg), "kid": .string(party.signer.verificationMethodId), "typ": "vc+jwt"]
            let token = try Self.forge(header: header, payload: JSONSerializer().serialize(party.credential()), key: party.key)
            let report = await Self.everyAlgorithm.verify(token)
            #expect(codes(report) == [.algorithmKeyMismatch], "\(party.key.algorithm) key, alg \(alg): \(report.errors)")
            // The signature itself is valid for the key: the refusal is the alg check's alone.
            let jws = try CompactJWS(parsing: token)
            #expect(party.key.publicKey.isValidSignature(jws.signature, for: jws.signingInput))
        }
        // Signing refuses a header alg that is not the signer's key's.
        await #expect(throws: VCError(.unsupportedAlgorithm, "")) {
            try await CompactJWS.sign(header: ["alg": "EdDSA"], payload: [1], signer: p256.signer)
        }
    }

    @Test("The allow-list: ES384 is off by default; an app narrows the list; refused before any key is resolved")
    func allowList() async throws {
        let ed = Party(.ed25519(Ed25519.PrivateKey())), p256 = Party(.p256(P256.PrivateKey())), p384 = Party(.p384(P384.PrivateKey()))
        let es384 = try await Issuer.issueJOSE(p384.credential(), signer: p384.signer)
        let byDefault = await Verifier().verify(es384)
        #expect(codes(byDefault) == [.algorithmNotAllowed], "\(byDefault.errors)")
        #expect(!byDefault.checks.contains { $0.name == .verificationMethod || $0.name == .signature })
        #expect(await Self.everyAlgorithm.verify(es384).verified)

        var haip = VerificationPolicy()
        haip.allowedAlgorithms = [.es256]
        let narrowed = Verifier(policy: haip)
        #expect(await narrowed.verify(try await Issuer.issueJOSE(p256.credential(), signer: p256.signer)).verified)
        #expect(codes(await narrowed.verify(try await Issuer.issueJOSE(ed.credential(), signer: ed.signer))) == [.algorithmNotAllowed])
        // A presentation's embedded credentials are held to the same list.
        let vp = try await Issuer.presentJOSE(Issuer.presentation(holder: p256.did.description,
                                                                  credentials: [.string(try await Issuer.issueJOSE(ed.credential(), signer: ed.signer))]),
                                              challenge: nil, domain: nil, signer: p256.signer)
        let vpReport = await narrowed.verify(vp)
        #expect(!vpReport.verified && vpReport.credentials.first?.errors.map(\.code) == [.algorithmNotAllowed], "\(vpReport.errors)")
        #expect(VerificationPolicy().allowedAlgorithms == [.eddsa, .es256, .es256k])
    }

    @Test("ES256K: a high-S twin of a valid JWT is refused with signatureNotLowS; P-256's high-S twin is accepted (decision 0025)")
    func highS() async throws {
        for (party, order) in [(Party(.secp256k1(Secp256k1.PrivateKey())), "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
                               (Party(.p256(P256.PrivateKey())), "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")] {
            let jwt = try await Issuer.issueJOSE(party.credential(), signer: party.signer)
            let parts = jwt.split(separator: ".").map(String.init)
            let signature = try Base64URL.decode(parts[2])
            let twin = Array(signature[..<32]) + Self.subtract(hexBytes(order), Array(signature[32...]))
            let highS = parts[0] + "." + parts[1] + "." + Base64URL.encode(twin)
            let report = await Verifier().verify(highS)
            if party.key.algorithm == .es256k {
                #expect(codes(report) == [.signatureNotLowS], "\(report.errors)")
            } else {
                #expect(report.verified, "\(report.errors)")
            }
        }
    }

    @Test("Data Integrity eddsa suites refuse a key that is not Ed25519 (keyTypeNotSupported), signing and verifying")
    func dataIntegrityKeyType() async throws {
        let p256 = Party(.p256(P256.PrivateKey()))
        for suite in [DataIntegrityCryptosuite.eddsaJcs2022, .eddsaRdfc2022] {
            await #expect(throws: VCError(.keyTypeNotSupported, "")) {
                try await Issuer.issueDataIntegrity(p256.credential(), signer: p256.signer, cryptosuite: suite)
            }
        }
        // A proof made with an Ed25519 key but naming the issuer's P-256 method: the method's key
        // type is refused before any signature is checked.
        let edKey = Ed25519.PrivateKey()
        let mislabelled = InMemorySigner(privateKey: edKey, verificationMethodId: p256.signer.verificationMethodId)
        let secured = try await Issuer.issueDataIntegrity(p256.credential(), signer: mislabelled, cryptosuite: .eddsaJcs2022)
        let report = await Verifier().verify(Array(secured.compactString.utf8))
        #expect(codes(report) == [.keyTypeNotSupported], "\(report.errors)")
    }

    /// `a − b` for big-endian numbers of one width, `a ≥ b`.
    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: a.count)
        var borrow = 0
        for index in stride(from: a.count - 1, through: 0, by: -1) {
            var difference = Int(a[index]) - Int(b[index]) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 256 }
            result[index] = UInt8(difference)
        }
        return result
    }
}
