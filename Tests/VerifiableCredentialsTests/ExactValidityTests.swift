import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// Security requirement 37 end to end: a date the issuer is given is written exactly as given,
/// and validity is decided at the exact instant it states, in every format.
@Suite("Validity dates: issued exactly as given, decided at the exact instant")
struct ExactValidityTests {
    let issuer = TestParty(seed: 1)
    let holder = TestParty(seed: 2)

    static let validFrom = "2025-03-01T08:00:00.5+07:00"  // 2025-03-01T01:00:00.5Z = 1_740_790_800.5
    static let validUntil = "2099-12-31T23:59:59.999999999Z"  // 1 ns before 2100-01-01T00:00:00Z = 4_102_444_800

    func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    func verifier(at seconds: Double, skew: TimeInterval = 300) -> Verifier {
        var policy = VerificationPolicy()
        policy.now = { Date(timeIntervalSince1970: seconds) }
        policy.clockSkew = skew
        return Verifier(policy: policy)
    }

    func credential(_ dataModel: DataModelVersion = .v2, from: String = validFrom, until: String = validUntil) throws -> JSONObject {
        let validFrom = try #require(DateTimeStamp(parsing: from)), validUntil = try #require(DateTimeStamp(parsing: until))
        return Issuer.credential(issuer: issuer.did.description, subject: ["id": .string(holder.did.description), "name": "An"],
                                 id: "urn:uuid:5f2b0c1e-37a0-4c55-9d36-000000000037", validFrom: validFrom, validUntil: validUntil,
                                 dataModel: dataModel)
    }

    func payload(_ jwt: String) throws -> JSONObject {
        try #require(try JSONValue(parsing: Base64URL.decode(String(jwt.split(separator: ".")[1]))).objectValue)
    }

    @Test("The issuer writes the dates exactly as given (2.0 and 1.1)")
    func issuerWritesText() throws {
        let v2 = try credential()
        #expect(v2["validFrom"]?.stringValue == Self.validFrom && v2["validUntil"]?.stringValue == Self.validUntil)
        let v1 = try credential(.v1_1)
        #expect(v1["issuanceDate"]?.stringValue == Self.validFrom && v1["expirationDate"]?.stringValue == Self.validUntil)
        // Without validFrom, a 1.1 credential gets the current whole second.
        let now = Issuer.credential(issuer: issuer.did.description, subject: ["id": "did:example:s"], dataModel: .v1_1)
        let issuance = try #require(now["issuanceDate"]?.stringValue.flatMap(DateTimeStamp.init(parsing:)))
        #expect(issuance.fractionDigits.isEmpty && abs(issuance.date.timeIntervalSinceNow) < 5)
    }

    /// Issues `credential` in `format`; the credential JSON the verifier sees keeps the texts.
    func issue(_ format: String, _ credential: JSONObject) async throws -> String {
        switch format {
        case "vc+jwt": return try await Issuer.issueJOSE(.object(credential), signer: issuer.signer)
        case "di-eddsa-jcs-2022": return JSONSerializer().string(try await Issuer.issueDataIntegrity(.object(credential), signer: issuer.signer))
        default: return try await Issuer.issueLegacyJWT(.object(credential), signer: issuer.signer)
        }
    }

    @Test("Issue → verify keeps the texts and decides validity at the exact instant",
          arguments: [("vc+jwt", DataModelVersion.v2), ("di-eddsa-jcs-2022", .v2), ("vc+jwt", .v1_1), ("di-eddsa-jcs-2022", .v1_1)])
    func roundTrip(_ format: String, _ dataModel: DataModelVersion) async throws {
        let issued = try await issue(format, try credential(dataModel))
        let inRange = await verifier(at: 2_524_608_000).verify(issued)  // 2050
        #expect(inRange.verified, "\(codes(inRange))")
        #expect(inRange.format?.rawValue == format)
        let (fromName, untilName) = dataModel == .v2 ? ("validFrom", "validUntil") : ("issuanceDate", "expirationDate")
        #expect(inRange.document?[fromName]?.stringValue == Self.validFrom && inRange.document?[untilName]?.stringValue == Self.validUntil)
        // validUntil …59.999999999Z: expired at 2100-01-01T00:00:00Z + skew, valid at the Double just before.
        #expect(codes(await verifier(at: 4_102_445_100).verify(issued)) == ["expired"])
        #expect(await verifier(at: 4_102_445_099.999_999_5).verify(issued).verified)
        #expect(codes(await verifier(at: 4_102_444_800, skew: 0).verify(issued)) == ["expired"])
        // validFrom 08:00:00.5+07:00: not valid before it minus skew, valid from exactly then.
        #expect(codes(await verifier(at: 1_740_790_500.499_999_8).verify(issued)) == ["notYetValid"])
        #expect(await verifier(at: 1_740_790_500.5).verify(issued).verified)
        #expect(codes(await verifier(at: 1_740_790_800.25, skew: 0).verify(issued)) == ["notYetValid"])
        #expect(await verifier(at: 1_740_790_800.5, skew: 0).verify(issued).verified)
    }

    @Test("VC 1.1 JWT: nbf is rounded up and exp down, so the JWT is never valid longer than the credential states")
    func legacyClaims() async throws {
        let jwt = try await Issuer.issueLegacyJWT(.object(try credential(.v1_1)), signer: issuer.signer)
        let claims = try payload(jwt)
        #expect(claims["nbf"]?.numberValue?.int64Value == 1_740_790_801 && claims["exp"]?.numberValue?.int64Value == 4_102_444_799)
        #expect(claims["vc"]?["expirationDate"]?.stringValue == Self.validUntil && claims["vc"]?["issuanceDate"]?.stringValue == Self.validFrom)
        let report = await verifier(at: 2_524_608_000).verify(jwt)
        #expect(report.verified && report.format?.rawValue == "jwt-vc-1.1", "\(codes(report))")
        #expect(report.document?["expirationDate"]?.stringValue == Self.validUntil)
        // The whole-second claims decide first: exp 23:59:59 + skew.
        #expect(await verifier(at: 4_102_445_099).verify(jwt).verified)
        #expect(codes(await verifier(at: 4_102_445_099.5).verify(jwt)) == ["expired"])
        #expect(codes(await verifier(at: 1_740_790_500.75).verify(jwt)) == ["notYetValid"])
        #expect(await verifier(at: 1_740_790_501).verify(jwt).verified)
        // Whole seconds: both claims are the dates themselves.
        let whole = try payload(try await Issuer.issueLegacyJWT(.object(try credential(.v1_1, from: "2025-03-01T01:00:00Z", until: "2100-01-01T00:00:00Z")),
                                                              signer: issuer.signer))
        #expect(whole["nbf"]?.numberValue?.int64Value == 1_740_790_800 && whole["exp"]?.numberValue?.int64Value == 4_102_444_800)
    }

    /// A VC 1.1 JWT signed with `claims` around `vc`.
    func legacy(_ vc: JSONObject, _ claims: JSONObject) async throws -> String {
        var payload = claims
        payload["iss"] = .string(issuer.did.description)
        payload["vc"] = .object(vc)
        return try await CompactJWS.sign(header: ["alg": "EdDSA", "kid": .string(issuer.signer.verificationMethodId), "typ": "JWT"],
                                         payload: JSONSerializer().serialize(.object(payload)), signer: issuer.signer)
    }

    @Test("VC 1.1 JWT: exp and nbf agree with the dates when exactly less than a second apart")
    func legacyAgreement() async throws {
        var vc = try credential(.v1_1)
        vc.removeValue(forKey: "issuer")
        vc["expirationDate"] = "2099-12-31T23:59:59.9999999999Z"
        vc["issuanceDate"] = .string(Self.validFrom)
        let at2050 = verifier(at: 2_524_608_000)
        for (nbf, exp, agree) in [(1_740_790_801, 4_102_444_799, true), (1_740_790_800, 4_102_444_800, true),
                                  (1_740_790_802, 4_102_444_799, false), (1_740_790_801, 4_102_444_801, false), (1_740_790_799, 4_102_444_799, false)] {
            let report = await at2050.verify(try await legacy(vc, ["nbf": .number(JSONNumber(nbf)), "exp": .number(JSONNumber(exp))]))
            #expect(report.verified == agree, "nbf \(nbf) exp \(exp): \(codes(report))")
            if !agree { #expect(codes(report) == ["invalidClaims"], "nbf \(nbf) exp \(exp)") }
        }
        // A date one whole second and a little away disagrees, however a Double would round it.
        vc["expirationDate"] = "2099-12-31T23:59:58.9999999999Z"
        #expect(try codes(await at2050.verify(await legacy(vc, ["exp": 4_102_444_800]))) == ["invalidClaims"])
        // Without the date in vc, the claim becomes it, exactly (a fractional NumericDate included).
        vc.removeValue(forKey: "expirationDate")
        let exact = JSONNumber(text: "4102444799.9999999999")!
        let report = await at2050.verify(try await legacy(vc, ["exp": .number(exact)]))
        #expect(report.verified, "\(codes(report))")
        #expect(report.document?["expirationDate"]?.stringValue == "2099-12-31T23:59:59.9999999999Z")
    }

    @Test("JWT NumericDates are compared exactly, fractions included; beyond the year 9999 they are refused")
    func numericDates() async throws {
        var credential = try credential()
        credential["exp"] = .number(JSONNumber(text: "4102444799.9999999999")!)
        credential["nbf"] = .number(JSONNumber(text: "1740790800.5")!)
        let jwt = try await Issuer.issueJOSE(.object(credential), signer: issuer.signer)
        #expect(await verifier(at: 2_524_608_000).verify(jwt).verified)
        #expect(codes(await verifier(at: 4_102_445_100).verify(jwt)) == ["expired", "expired"])  // jwt.exp and validity
        #expect(await verifier(at: 4_102_445_099.999_999_5).verify(jwt).verified)
        #expect(codes(await verifier(at: 1_740_790_500.499_999_8).verify(jwt)) == ["notYetValid", "notYetValid"])
        for (name, value) in [("exp", "1e13"), ("nbf", "-1e12"), ("iat", "253402300800")] {
            var odd = try self.credential()
            odd[name] = .number(JSONNumber(text: value)!)
            let report = await verifier(at: 2_524_608_000).verify(try await Issuer.issueJOSE(.object(odd), signer: issuer.signer))
            #expect(codes(report) == ["invalidClaims"], "\(name) \(value)")
        }
    }

    @Test("A Data Integrity proof's expires is compared exactly")
    func proofExpires() async throws {
        let document = try credential()
        let options = DataIntegrityProof.Options(verificationMethod: issuer.signer.verificationMethodId, created: "2025-03-01T00:00:00Z",
                                                expires: "2049-12-31T23:59:59.999999999Z")
        var secured = document
        secured["proof"] = .object(try await DataIntegrityProof.createProof(document: document, options: options, signer: issuer.signer))
        let text = JSONSerializer().string(.object(secured))
        #expect(await verifier(at: 2_524_608_000 + 299.999_999).verify(text).verified)
        #expect(codes(await verifier(at: 2_524_608_000 + 300).verify(text)) == ["proofExpired"])
    }

    @Test("SD-JWT VC: exp is rounded down and nbf up")
    func sdJWT() async throws {
        let sdJWT = try await SDJWT.issue(claims: ["name": "An"], disclosable: ["name"], vct: "https://credentials.example/identity",
                                          issuer: issuer.did.description, holderKey: nil, signer: issuer.signer,
                                          expires: DateTimeStamp(parsing: Self.validUntil), notBefore: DateTimeStamp(parsing: Self.validFrom))
        let claims = try payload(String(sdJWT.split(separator: "~")[0]))
        #expect(claims["exp"]?.numberValue?.int64Value == 4_102_444_799 && claims["nbf"]?.numberValue?.int64Value == 1_740_790_801)
        #expect(await verifier(at: 2_524_608_000).verify(sdJWT).verified)
        #expect(codes(await verifier(at: 4_102_445_099.5).verify(sdJWT)) == ["expired"])
    }
}
