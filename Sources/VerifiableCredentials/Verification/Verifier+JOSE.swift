import DIDCore
import Foundation
import StrictJSON
import WalletCrypto

/// JOSE: `vc+jwt` and `vp+jwt` (VC-JOSE-COSE §3.1), and VC 1.1 JWTs (VC Data Model 1.1 §6.3.1).
extension Verifier {
    /// No whitespace, control, non-ASCII, '{' or '"' byte: what a compact JWT may be made of
    /// before its parser checks each segment's alphabet.
    static func isPrintableASCIIToken(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var bad: UInt8 = 0
            for byte in buffer {
                // Branch-free so that the loop vectorises: a flag per rejected byte class.
                bad |= (byte &- 0x21 >= 0x5E ? 1 : 0) | (byte == 0x7B ? 1 : 0) | (byte == 0x22 ? 1 : 0)
            }
            return bad == 0
        }
    }

    func verifyJWT(_ token: [UInt8], report initial: consuming VerificationReport, depth: Int, session: VerificationSession?) async -> VerificationReport {
        var report = initial
        let jws: CompactJWS
        do { jws = try CompactJWS(bytes: token, maximumLength: policy.maximumInputBytes) } catch {
            // Whether it was meant as a JWT is asked only now: a JWS that parses is printable ASCII.
            guard Self.isPrintableASCIIToken(token) else {
                report.fail(.format, Self.unknownFormat)
                return report
            }
            report.format = .unrecognizedJWT
            report.fail(.jws, error)
            return report
        }
        // The allow-list is applied before any key is resolved; whether alg is the key's own
        // algorithm is checked with the signature, once the key is known.
        guard report.check(.jws, { () throws(VCError) in try Self.checkAllowed(jws.signatureAlgorithm, policy) }) else { return report }
        let payloadValue: JSONValue
        do { payloadValue = try JSONParser(options: .init(maxDepth: 64, maxBytes: policy.maximumInputBytes)).parse(jws.payload) } catch {
            report.fail(.payload, VCError(error.code == .duplicateKey ? .duplicateKey : .malformedJSON, "the JWT payload is not strict JSON: \(error)"))
            return report
        }
        guard let payload = payloadValue.objectValue else {
            report.fail(.payload, VCError(.malformedJSON, "the JWT payload is not a JSON object"))
            return report
        }
        // RFC 7515 §4.1.9: `typ` is a media type, compared as one (`application/vc+jwt`, `VC+JWT`).
        switch jws.mediaType {
        case MediaType.vcJWT?, MediaType.vpJWT?:
            let isPresentation = jws.mediaType == .vpJWT
            report.format = isPresentation ? .vpJWT : .vcJWT
            guard report.check(.claims, { () throws(VCError) in try Self.checkRegisteredClaims(payload, presentation: isPresentation) }) else {
                return report
            }
            if isPresentation {
                return await verifyPresentationJOSE(jws, payload: payload, report: report, depth: depth, session: session, legacy: false)
            }
            return await verifyCredentialJOSE(jws, credentialJSON: .object(payload), claims: payload, report: report, depth: depth, session: session)
        case nil where jws.type == nil, MediaType.jwt?:
            if let vc = payload["vc"]?.objectValue {
                report.format = .jwtVC11
                guard let credential = reconstructLegacyCredential(vc, claims: payload, report: &report) else { return report }
                return await verifyCredentialJOSE(jws, credentialJSON: .object(credential), claims: payload, report: report, depth: depth, session: session)
            }
            if payload["vp"]?.objectValue != nil {
                report.format = .jwtVP11
                return await verifyPresentationJOSE(jws, payload: payload, report: report, depth: depth, session: session, legacy: true)
            }
            report.format = .unrecognizedJWT
            report.fail(.type, VCError(.invalidMediaType, "a JWT without typ vc+jwt/vp+jwt must carry a vc or vp claim"))
            return report
        default:
            report.format = .unrecognizedJWT
            report.fail(.type, VCError(.invalidMediaType, "typ \(jws.type!) is not vc+jwt or vp+jwt"))
            return report
        }
    }

    /// `algorithmNotAllowed` unless the policy allows `algorithm`.
    static func checkAllowed(_ algorithm: SignatureAlgorithm, _ policy: VerificationPolicy) throws(VCError) {
        guard policy.allowedAlgorithms.contains(algorithm) else {
            throw VCError(.algorithmNotAllowed, "alg \(algorithm) is not allowed by the verification policy (allowed: \(policy.allowedAlgorithms.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
    }

    /// A `vc+jwt` (`vp+jwt`) payload is the credential (presentation) itself (VC-JOSE-COSE §3.1):
    /// no `vc`/`vp` claim, and the registered claims it carries agree with the properties they
    /// stand for — `iss` with the issuer (holder), `jti` with the `id`, `sub` with a subject's
    /// `id` — as the VC 1.1 JWT path requires (§6.3.1), compared code point for code point.
    static func checkRegisteredClaims(_ payload: JSONObject, presentation: Bool) throws(VCError) {
        // One pass over the member names (this runs for every vc+jwt): the claims are 2–3 bytes long.
        var (vcOrVp, iss, sub, jti): (Bool, JSONValue?, JSONValue?, JSONValue?) = (false, nil, nil, nil)
        payload.members.withUnsafeBufferPointer { members in
            for member in members where member.key.utf8.count <= 3 {
                let name = member.key.utf8
                if name.elementsEqual("vc".utf8) || name.elementsEqual("vp".utf8) { vcOrVp = true }
                else if name.elementsEqual("iss".utf8) { iss = member.value }
                else if name.elementsEqual("sub".utf8) { sub = member.value }
                else if name.elementsEqual("jti".utf8) { jti = member.value }
            }
        }
        if vcOrVp {
            throw VCError(.invalidClaims, "a \(presentation ? "vp+jwt" : "vc+jwt") payload is the \(presentation ? "presentation" : "credential") itself; vc and vp claims are not allowed")
        }
        guard iss != nil || sub != nil || jti != nil else { return }
        func agree(_ claim: String, _ property: String, _ values: [String]) throws(VCError) {
            guard let value = claim == "iss" ? iss : claim == "sub" ? sub : jti else { return }
            guard let text = value.stringValue else { throw VCError(.invalidClaims, "\(claim) is not a string") }
            guard values.contains(where: { $0.hasSameScalars(as: text) }) else {
                throw VCError(.invalidClaims, "\(claim) \(text) disagrees with the \(presentation ? "presentation" : "credential")'s \(property)")
            }
        }
        func identifier(_ value: JSONValue?) -> [String] { [value?.stringValue ?? value?["id"]?.stringValue].compactMap { $0 } }
        if presentation {
            try agree("iss", "holder", identifier(payload["holder"]))
        } else {
            try agree("iss", "issuer", identifier(payload["issuer"]))
            let subjects = payload["credentialSubject"].map { $0.arrayValue ?? [$0] } ?? []
            try agree("sub", "credentialSubject id", subjects.compactMap { $0["id"]?.stringValue })
        }
        try agree("jti", "id", identifier(payload["id"]))
    }

    /// VC 1.1 §6.3.1: the JWT claims stand for credential properties; when both are present they must agree.
    func reconstructLegacyCredential(_ vc: JSONObject, claims: JSONObject, report: inout VerificationReport) -> JSONObject? {
        var credential = vc
        let ok = report.check(.legacyClaims) { () throws(VCError) in
            func merge(_ claim: String, into member: String, transform: (JSONValue) -> JSONValue?) throws(VCError) {
                guard let claimValue = claims[claim] else { return }
                guard let mapped = transform(claimValue) else { throw VCError(.invalidClaims, "the \(claim) claim is malformed") }
                if let existing = credential[member] {
                    let existingId = existing.stringValue ?? existing["id"]?.stringValue
                    let mappedId = mapped.stringValue
                    if member == "issuanceDate" || member == "expirationDate" {
                        guard let a = existing.stringValue.flatMap(DateTimeStamp.init(parsing:)), let b = mappedId.flatMap(DateTimeStamp.init(parsing:)),
                              a.isWithinOneSecond(of: b) else { throw VCError(.invalidClaims, "\(claim) disagrees with vc.\(member)") }
                    } else if let existingId, let mappedId, existingId.hasSameScalars(as: mappedId) {
                        // They agree.
                    } else {
                        throw VCError(.invalidClaims, "\(claim) disagrees with vc.\(member)")
                    }
                } else {
                    credential[member] = mapped
                }
            }
            func date(_ value: JSONValue) -> JSONValue? {
                value.numberValue.flatMap(DateTimeStamp.init(numericDate:)).map { .string($0.text) }
            }
            try merge("iss", into: "issuer") { $0.stringValue.map(JSONValue.string) }
            try merge("nbf", into: "issuanceDate", transform: date)
            try merge("exp", into: "expirationDate", transform: date)
            try merge("jti", into: "id") { $0.stringValue.map(JSONValue.string) }
            if let sub = claims["sub"]?.stringValue {
                guard var subject = credential["credentialSubject"]?.objectValue else {
                    throw VCError(.invalidClaims, "sub given but vc.credentialSubject is not one object")
                }
                if let id = subject["id"]?.stringValue, !id.hasSameScalars(as: sub) {
                    throw VCError(.invalidClaims, "sub disagrees with vc.credentialSubject.id")
                }
                subject["id"] = .string(sub)
                credential["credentialSubject"] = .object(subject)
            }
        }
        return ok ? credential : nil
    }

    func verifyCredentialJOSE(_ jws: CompactJWS, credentialJSON: JSONValue, claims: JSONObject, report initial: consuming VerificationReport,
                              depth: Int, session: VerificationSession?) async -> VerificationReport {
        var report = initial
        report.kind = .credential
        report.document = credentialJSON
        var credential: VerifiableCredential?
        report.check(.dataModel) { () throws(VCError) in credential = try VerifiableCredential(json: credentialJSON) }
        guard let credential else { return report }
        describe(credential, into: &report)
        guard checkFormat(&report) else { return report }
        if Self.isNDAKeyId(jws.keyId) {
            // A did:nda key is found by its address, recovered or resolved (NDA/, decision 0028).
            guard await verifyNDAJWS(jws, controller: credential.issuer, relationship: .assertionMethod, claims: claims, report: &report) else { return report }
        } else {
            guard let method = await methodFromKeyId(jws.keyId, controller: credential.issuer, relationship: .assertionMethod, report: &report) else {
                return report
            }
            report.check(.signature) { () throws(VCError) in try jws.verify(with: method, allowed: policy.allowedAlgorithms) }
        }
        checkJWTTimes(claims, report: &report)
        await decide(VerifiedStatements(credential, format: report.format!), depth: depth, session: session, report: &report)
        return report
    }

    func verifyPresentationJOSE(_ jws: CompactJWS, payload: JSONObject, report initial: consuming VerificationReport, depth: Int,
                                session: VerificationSession?, legacy: Bool) async -> VerificationReport {
        var report = initial
        report.kind = .presentation
        var presentationJSON = legacy ? payload["vp"]! : JSONValue.object(payload)
        if legacy, var vp = presentationJSON.objectValue, vp["holder"] == nil, let iss = payload["iss"] {
            vp["holder"] = iss
            presentationJSON = .object(vp)
        }
        report.document = presentationJSON
        var presentation: VerifiablePresentation?
        report.check(.dataModel) { () throws(VCError) in presentation = try VerifiablePresentation(json: presentationJSON) }
        guard let presentation else { return report }
        report.dataModel = presentation.dataModel
        guard checkFormat(&report) else { return report }
        let keyDID = jws.keyId.flatMap { try? DIDURL(parsing: $0) }?.did.description
        let holder = presentation.holder ?? keyDID ?? ""
        report.holder = holder
        if Self.isNDAKeyId(jws.keyId) {
            guard await verifyNDAJWS(jws, controller: holder, relationship: .authentication, claims: payload, report: &report) else { return report }
        } else {
            guard let method = await methodFromKeyId(jws.keyId, controller: holder, relationship: .authentication, report: &report) else { return report }
            report.check(.signature) { () throws(VCError) in try jws.verify(with: method, allowed: policy.allowedAlgorithms) }
        }
        checkJWTTimes(payload, report: &report)
        // Challenge and domain: the JWT's nonce and aud claims.
        let audience = payload["aud"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue].compactMap { $0 } } ?? []
        checkBinding(challenge: payload["nonce"]?.stringValue, domains: audience, report: &report)
        await verifyPresentation(presentation, holder: holder, depth: depth, session: session, report: &report)
        return report
    }

    /// RFC 7519 §4.1.4–4.1.6: `exp`, `nbf` and `iat` are NumericDates, checked with the clock skew.
    func checkJWTTimes(_ claims: JSONObject, report: inout VerificationReport) {
        // One pass over the claims (a vc+jwt payload is the whole credential).
        var (nbf, iat, exp): (JSONValue?, JSONValue?, JSONValue?) = (nil, nil, nil)
        claims.members.withUnsafeBufferPointer { members in
            for member in members where member.key.utf8.count == 3 {
                let name = member.key.utf8
                if name.elementsEqual("nbf".utf8) { nbf = member.value }
                else if name.elementsEqual("iat".utf8) { iat = member.value }
                else if name.elementsEqual("exp".utf8) { exp = member.value }
            }
        }
        guard nbf != nil || iat != nil || exp != nil else { return }
        let now = policy.now()
        func check(_ name: CheckName, _ claim: String, _ value: JSONValue?, _ code: VCError.Code) {
            guard let value else { return }
            if code == .notYetValid, claim == "iat", value.numberValue == nil {
                // iat is informational; a non-NumericDate value is reported, not fatal.
                report.warn(.invalidClaims, "iat is not a NumericDate (RFC 7519 §4.1.6)")
                return
            }
            report.check(name) { () throws(VCError) in
                guard let instant = value.numberValue.flatMap(DateTimeStamp.init(numericDate:)) else {
                    throw VCError(.invalidClaims, "\(claim) is not a NumericDate")
                }
                if code == .expired, instant.isBefore(now, tolerance: policy.clockSkew) { throw VCError(.expired, "the JWT expired (exp)") }
                if code == .notYetValid, instant.isAfter(now, tolerance: policy.clockSkew) { throw VCError(.notYetValid, "the JWT is not valid yet (\(claim))") }
            }
        }
        check(.jwtNotBefore, "nbf", nbf, .notYetValid)
        check(.jwtIssuedAt, "iat", iat, .notYetValid)
        check(.jwtExpires, "exp", exp, .expired)
    }

    func describe(_ credential: VerifiableCredential, into report: inout VerificationReport) {
        report.dataModel = credential.dataModel
        report.issuer = credential.issuer
        report.credentialId = credential.id
        report.types = credential.types
    }
}
