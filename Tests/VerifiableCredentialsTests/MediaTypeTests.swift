import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// Security requirement 37: a JOSE `typ` is a media type (RFC 7515 §4.1.9): `application/` may be
/// omitted, and type and subtype are case-insensitive (RFC 6838 §4.2).
@Suite("JOSE typ compared as a media type")
struct MediaTypeTests {
    let issuer = TestParty(seed: 1)
    let holder = TestParty(seed: 2)

    func codes(_ report: VerificationReport) -> [String] { report.errors.map(\.code.rawValue) }

    /// `jwt` with its header's `typ` replaced (removed for `nil`), signed again by `signer`.
    func retyped(_ jwt: String, typ: String?, signer: some Signer) async throws -> String {
        let segments = jwt.split(separator: ".").map(String.init)
        var header = try #require(try JSONValue(parsing: Base64URL.decode(segments[0])).objectValue)
        header.removeValue(forKey: "typ")
        if let typ { header["typ"] = .string(typ) }
        return try await CompactJWS.sign(header: header, payload: Base64URL.decode(segments[1]), signer: signer)
    }

    /// An SD-JWT with its issuer JWT's `typ` replaced, or its key-binding JWT's.
    func retypedSDJWT(_ sdJWT: String, issuerTyp: String? = nil, keyBindingTyp: String? = nil) async throws -> String {
        let parts = try SDJWT.Parts(parsing: sdJWT)
        var issuerJWT = parts.issuerJWT
        if let issuerTyp { issuerJWT = try await retyped(issuerJWT, typ: issuerTyp, signer: issuer.signer) }
        var keyBinding = parts.keyBindingJWT ?? ""
        if let keyBindingTyp { keyBinding = try await retyped(keyBinding, typ: keyBindingTyp, signer: holder.signer) }
        return ([issuerJWT] + parts.disclosures).joined(separator: "~") + "~" + keyBinding
    }

    func sdJWT() async throws -> String {
        try await SDJWT.issue(claims: ["given_name": "An"], disclosable: ["given_name"], vct: "https://credentials.example/identity",
                              issuer: issuer.did.description, holderKey: JWK(ed25519: holder.key.publicKey), signer: issuer.signer)
    }

    static let vcJWTSpellings = ["vc+jwt", "VC+JWT", "Vc+Jwt", "application/vc+jwt", "APPLICATION/VC+JWT", "Application/vc+JWT"]

    @Test("vc+jwt in every spelling RFC 7515 §4.1.9 allows verifies, and the report names the format vc+jwt", arguments: vcJWTSpellings)
    func credentialSpellings(_ typ: String) async throws {
        let jwt = try await retyped(try await Issuer.issueJOSE(issuer.credential(), signer: issuer.signer), typ: typ, signer: issuer.signer)
        let report = await Verifier().verify(jwt)
        #expect(report.verified, "\(typ): \(codes(report))")
        #expect(report.format?.rawValue == "vc+jwt")
        // The policy sees the canonical name too.
        var policy = VerificationPolicy()
        policy.acceptedFormats = [.vcJWT]
        #expect(await Verifier(policy: policy).verify(jwt).verified, "\(typ)")
    }

    @Test("vp+jwt in every spelling verifies as vp+jwt", arguments: ["vp+jwt", "VP+JWT", "application/vp+jwt", "Application/Vp+Jwt"])
    func presentationSpellings(_ typ: String) async throws {
        let credential = try await Issuer.issueJOSE(issuer.credential(subject: holder.did.description), signer: issuer.signer)
        let presentation = Issuer.presentation(holder: holder.did.description, credentials: [.string(credential)])
        let vp = try await Issuer.presentJOSE(presentation, challenge: "c", domain: "https://verifier.example", signer: holder.signer)
        let report = await Verifier().verify(try await retyped(vp, typ: typ, signer: holder.signer))
        #expect(report.verified, "\(typ): \(codes(report))")
        #expect(report.format?.rawValue == "vp+jwt" && report.kind == .presentation)
    }

    @Test("A VC 1.1 JWT with typ JWT in every spelling, or none, verifies as jwt-vc-1.1",
          arguments: [nil, "JWT", "jwt", "application/jwt", "Application/JWT"] as [String?])
    func legacySpellings(_ typ: String?) async throws {
        let legacy = try await Issuer.issueLegacyJWT(issuer.credential(dataModel: .v1_1), signer: issuer.signer)
        let report = await Verifier().verify(try await retyped(legacy, typ: typ, signer: issuer.signer))
        #expect(report.verified, "\(typ ?? "nil"): \(codes(report))")
        #expect(report.format?.rawValue == "jwt-vc-1.1")
    }

    @Test("An SD-JWT VC typed dc+sd-jwt (or the earlier vc+sd-jwt) in every spelling verifies",
          arguments: ["dc+sd-jwt", "DC+SD-JWT", "application/dc+sd-jwt", "Application/Dc+Sd-Jwt", "vc+sd-jwt", "application/VC+SD-JWT"])
    func sdJWTSpellings(_ typ: String) async throws {
        let report = await Verifier().verify(try await retypedSDJWT(try await sdJWT(), issuerTyp: typ))
        #expect(report.verified, "\(typ): \(codes(report))")
        #expect(report.format?.rawValue == "dc+sd-jwt")
    }

    @Test("A key-binding JWT typed kb+jwt in every spelling verifies", arguments: ["kb+jwt", "KB+JWT", "application/kb+jwt", "Application/KB+jwt"])
    func keyBindingSpellings(_ typ: String) async throws {
        let presented = try await SDJWT.present(try await sdJWT(), disclose: ["given_name"], audience: "https://verifier.example", nonce: "n",
                                                holder: holder.signer)
        var policy = VerificationPolicy()
        policy.expectedChallenge = "n"
        policy.expectedDomain = "https://verifier.example"
        let report = await Verifier(policy: policy).verify(try await retypedSDJWT(presented, keyBindingTyp: typ))
        #expect(report.verified, "\(typ): \(codes(report))")
    }

    /// Media types, but not vc+jwt.
    static let otherTypes = ["application/vc+jwtx", "text/vc+jwt", "x-application/vc+jwt", "application/vc+jw", "vc+jwt+x"]
    /// Not media types: padding, parameters (none of these types defines one; refused rather
    /// than ignored), empty names, a second '/', control and non-ASCII characters, escapes.
    static let notMediaTypes = ["vc+jwt ", " vc+jwt", "vc+jwt\t", "application/vc+jwt;charset=utf-8", "vc+jwt; charset=UTF-8",
                                "application//vc+jwt", "application/vc+jwt/x", "/vc+jwt", "application/", "", "vc+jwt\u{0}",
                                "vc\u{FF0B}jwt", "vc%2Bjwt"]
    static let refused = otherTypes + notMediaTypes

    @Test("Other types, other subtypes, padding and parameters are refused with invalidMediaType", arguments: refused)
    func refusedSpellings(_ typ: String) async throws {
        let jwt = try await retyped(try await Issuer.issueJOSE(issuer.credential(), signer: issuer.signer), typ: typ, signer: issuer.signer)
        let report = await Verifier().verify(jwt)
        #expect(codes(report) == ["invalidMediaType"], "\(typ.debugDescription)")
        #expect(report.format?.rawValue == "jwt")
        // A legacy payload under a malformed JWT typ is refused too, never taken for an untyped JWT.
        let legacy = try await Issuer.issueLegacyJWT(issuer.credential(dataModel: .v1_1), signer: issuer.signer)
        let padded = try await retyped(legacy, typ: typ.replacingOccurrences(of: "vc+jwt", with: "JWT"), signer: issuer.signer)
        #expect(codes(await Verifier().verify(padded)) == ["invalidMediaType"], "\(typ.debugDescription)")
    }

    @Test("SD-JWT and key-binding typ values of another type are refused",
          arguments: ["text/dc+sd-jwt", "dc+sd-jwt ", "application/dc+sd-jwtx", "vc+jwt", "dc+sd-jwt;a=b", "\u{212A}B+JWT"])
    func refusedSDJWTSpellings(_ typ: String) async throws {
        #expect(codes(await Verifier().verify(try await retypedSDJWT(try await sdJWT(), issuerTyp: typ))) == ["invalidMediaType"], "\(typ)")
        let presented = try await SDJWT.present(try await sdJWT(), disclose: ["given_name"], audience: "a", nonce: "n", holder: holder.signer)
        let kbTyp = typ.replacingOccurrences(of: "dc+sd-jwt", with: "kb+jwt")
        #expect(codes(await Verifier().verify(try await retypedSDJWT(presented, keyBindingTyp: kbTyp))) == ["invalidMediaType"], "\(kbTyp)")
    }

    @Test("What the issuer writes is unchanged: the short form")
    func issuerWritesShortForm() async throws {
        func typ(_ jwt: String) throws -> String? { try CompactJWS(parsing: jwt).type }
        #expect(try typ(try await Issuer.issueJOSE(issuer.credential(), signer: issuer.signer)) == "vc+jwt")
        #expect(try typ(try await Issuer.issueLegacyJWT(issuer.credential(dataModel: .v1_1), signer: issuer.signer)) == "JWT")
        let presented = try await SDJWT.present(try await sdJWT(), disclose: ["given_name"], audience: "a", nonce: "n", holder: holder.signer)
        let parts = try SDJWT.Parts(parsing: presented)
        #expect(try typ(parts.issuerJWT) == "dc+sd-jwt" && typ(parts.keyBindingJWT!) == "kb+jwt")
    }

    @Test("MediaType(typ:): application/ implied, ASCII case-insensitive; padding, parameters and non-ASCII lookalikes refused")
    func parsing() {
        #expect(MediaType(typ: "VC+JWT") == .vcJWT && MediaType(typ: "application/Vc+Jwt") == .vcJWT)
        #expect(MediaType(typ: "JWT") == .jwt && MediaType(typ: "application/jwt") == .jwt)
        #expect(MediaType(typ: "KB+JWT") == .kbJWT && MediaType(typ: "APPLICATION/DC+SD-JWT") == .dcSDJWT)
        #expect(MediaType(typ: "vc+sd-jwt") == .vcSDJWT && MediaType(typ: "vc+sd-jwt") != .dcSDJWT && MediaType(typ: "vp+jwt") != .vcJWT)
        #expect(MediaType(typ: "Application/VC+JWT")?.description == "application/vc+jwt")
        #expect(MediaType(typ: "Application/VC+JWT")?.shortForm == "vc+jwt")
        #expect(MediaType(typ: "Text/Plain")?.shortForm == "text/plain" && MediaType(typ: "text/plain") != MediaType(typ: "plain"))
        #expect(MediaType(typ: "x.y!#$&-^_.+z")?.subtype == "x.y!#$&-^_.+z")
        #expect(MediaType(typ: String(repeating: "a", count: 127)) != nil && MediaType(typ: String(repeating: "a", count: 128)) == nil)
        // U+212A KELVIN SIGN lower-cases to "k" under Unicode rules; a combining accent is not ASCII either.
        for typ in Self.otherTypes { #expect(MediaType(typ: typ) != nil && MediaType(typ: typ) != .vcJWT, "\(typ)") }
        for typ in Self.notMediaTypes + ["\u{212A}B+JWT", "k\u{0301}b+jwt", "+jwt", "-vc+jwt", "application/.vc", "application/vc+jwt "] {
            #expect(MediaType(typ: typ) == nil, "\(typ.debugDescription)")
        }
    }
}
