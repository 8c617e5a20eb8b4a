import DIDCore
import Foundation
import StrictJSON
import WalletCrypto

/// SD-JWT VC (RFC 9901 §7.1 and §7.3, SD-JWT VC): the issuer-signed JWT, the disclosures, and
/// the key-binding JWT when there is one.
extension Verifier {
    func verifySDJWT(_ text: String, report initial: consuming VerificationReport, depth: Int, session: VerificationSession?) async -> VerificationReport {
        var report = initial
        report.format = .sdJWT
        report.kind = .credential
        var parts: SDJWT.Parts?
        var jws: CompactJWS?
        guard report.check(.sdJWT, { () throws(VCError) in
            parts = try SDJWT.Parts(parsing: text)
            jws = try CompactJWS(parsing: parts!.issuerJWT, maximumLength: policy.maximumInputBytes, allowing: sdJWTAllowedHeaders)
            guard jws!.mediaType == .dcSDJWT || jws!.mediaType == .vcSDJWT else {
                throw VCError(.invalidMediaType, "typ \(jws!.type ?? "(none)") is not dc+sd-jwt")
            }
            try Self.checkAllowed(jws!.signatureAlgorithm, policy)
        }), let parts, let jws else { return report }
        if parts.keyBindingJWT != nil { report.kind = .presentation }
        var payload = JSONObject()
        var claims = JSONObject()
        guard report.check(.disclosures, { () throws(VCError) in
            do throws(JSONError) {
                payload = try JSONParser(options: .init(maxDepth: 64, maxBytes: policy.maximumInputBytes)).parse(jws.payload).objectValue ?? [:]
            } catch {
                throw VCError(error.code == .duplicateKey ? .duplicateKey : .malformedJSON, "the SD-JWT payload is not strict JSON: \(error)")
            }
            let disclosures = try parts.disclosures.map { encoded throws(VCError) in try Disclosure(parsing: encoded) }
            claims = try SDJWTProcessor.process(payload: payload, disclosures: disclosures)
        }) else { return report }
        report.document = .object(claims)
        guard let issuer = payload["iss"]?.stringValue else {
            report.fail(.claims, VCError(.invalidClaims, "an SD-JWT VC needs an iss claim"))
            return report
        }
        report.issuer = issuer
        report.types = [payload["vct"]?.stringValue].compactMap { $0 }
        report.check(.vct) { () throws(VCError) in
            guard payload["vct"]?.stringValue != nil else { throw VCError(.invalidClaims, "an SD-JWT VC needs a vct claim") }
        }
        guard checkFormat(&report) else { return report }
        guard let key = await sdJWTIssuerKey(jws, issuer: issuer, report: &report) else { return report }
        report.check(.signature) { () throws(VCError) in try jws.verify(with: key, allowed: policy.allowedAlgorithms) }
        checkJWTTimes(payload, report: &report)
        if let keyBinding = parts.keyBindingJWT {
            report.check(.keyBinding) { () throws(VCError) in try checkKeyBinding(keyBinding, parts: parts, payload: payload) }
        } else if policy.expectedChallenge != nil || policy.expectedDomain != nil {
            report.fail(.keyBinding, VCError(.challengeMismatch, "no key-binding JWT, but a challenge and domain are expected"))
        }
        // What the issuer signed (the payload) and the holder disclosed (the processed claims).
        let status = claims["status"].map { [$0.objectValue ?? ["type": .null]] } ?? []
        let statements = VerifiedStatements(kind: .credential, format: .sdJWT, issuer: issuer, types: report.types, statusEntries: status,
                                            subjectIds: [claims["sub"]?.stringValue].compactMap { $0 })
        await decide(statements, depth: depth, session: session, report: &report)
        return report
    }

    /// RFC 9901 §7.3: the KB-JWT is signed by the `cnf` key, covers this SD-JWT (`sd_hash`), is
    /// recent (`iat`), not expired (`exp`, when present), and carries the expected nonce and audience.
    func checkKeyBinding(_ keyBinding: String, parts: SDJWT.Parts, payload: JSONObject) throws(VCError) {
        let kb = try CompactJWS(parsing: keyBinding)
        guard kb.mediaType == .kbJWT else { throw VCError(.invalidMediaType, "the key-binding JWT's typ is not kb+jwt") }
        guard let jwk = payload["cnf"]?["jwk"] else {
            throw VCError(.verificationMethodNotFound, "the SD-JWT has no cnf key to check the key binding with")
        }
        let holderKey: PublicSigningKey
        do { holderKey = try JWK(json: jwk).publicSigningKey() } catch {
            throw VCError(.verificationMethodNotFound, "the SD-JWT's cnf.jwk is not a signing key: \(error.message)")
        }
        // The cnf key fixes the KB-JWT's algorithm, as a resolved key fixes a JWT's (RFC 9901 §7.3 step 5).
        do { try kb.verify(with: holderKey, allowed: policy.allowedAlgorithms) } catch {
            guard error.code == .invalidSignature else { throw error }
            throw VCError(.invalidSignature, "the key-binding JWT is not signed by the cnf key")
        }
        let parsed: JSONValue
        do throws(JSONError) { parsed = try JSONParser(options: .init(maxDepth: 16, maxBytes: 64 << 10)).parse(kb.payload) } catch {
            throw VCError(error.code == .duplicateKey ? .duplicateKey : .malformedJSON, "the key-binding payload is not strict JSON: \(error)")
        }
        guard let claims = parsed.objectValue else { throw VCError(.malformedJSON, "the key-binding payload is not a JSON object") }
        var hashedPart = parts.hashedPart
        let expectedHash = Base64URL.encode(hashedPart.withUTF8 { SHA256.hash(UnsafeRawBufferPointer($0)) })
        guard claims["sd_hash"]?.stringValue == expectedHash else { throw VCError(.invalidClaims, "sd_hash does not match the presented SD-JWT") }
        guard let iat = claims["iat"]?.numberValue.flatMap(DateTimeStamp.init(numericDate:)) else {
            throw VCError(.invalidClaims, "the key-binding JWT has no iat")
        }
        let now = policy.now()
        guard !iat.isAfter(now, tolerance: policy.clockSkew), !iat.isBefore(now, tolerance: policy.keyBindingMaximumAge + policy.clockSkew) else {
            throw VCError(.invalidClaims, "the key-binding JWT's iat is outside the accepted window")
        }
        // RFC 7519 §4.1.4: a KB-JWT that states an expiry is not accepted after it.
        if let exp = claims["exp"] {
            guard let instant = exp.numberValue.flatMap(DateTimeStamp.init(numericDate:)) else {
                throw VCError(.invalidClaims, "the key-binding JWT's exp is not a NumericDate")
            }
            guard !instant.isBefore(now, tolerance: policy.clockSkew) else { throw VCError(.expired, "the key-binding JWT expired (exp)") }
        }
        if let expected = policy.expectedChallenge, claims["nonce"]?.stringValue?.hasSameScalars(as: expected) != true {
            throw VCError(.challengeMismatch, "the key-binding nonce differs from the expected challenge")
        }
        if let expected = policy.expectedDomain, claims["aud"]?.stringValue?.hasSameScalars(as: expected) != true {
            throw VCError(.domainMismatch, "the key-binding aud differs from the expected domain")
        }
    }
}
