public import DIDCore
import Foundation
import StrictJSON
public import WalletCrypto

/// Verifies credentials and presentations in every supported format and returns one
/// ``VerificationReport``: it never throws for an invalid input.
///
/// Flow: detect the format → parse strictly → resolve the verification method (offline for
/// did:key and did:jwk) → check it belongs to the issuer (holder) and is listed under
/// `assertionMethod` (`authentication`) → verify the signature → validity period → for
/// presentations, challenge, domain and every embedded credential.
public struct Verifier: Sendable {
    public var resolver: any DIDResolver
    public var policy: VerificationPolicy
    /// Keys of issuers that are not DIDs (for example `https://` issuers), configured out of
    /// band; a `kid` that is not a DID URL is looked up here, for its stated controller only.
    public var issuerKeys: [IssuerKey]
    /// Where status list credentials come from; `nil` leaves statuses unchecked (a warning).
    public var statusLists: (any StatusListProvider)?
    /// Keys already decoded, shared by copies of this verifier.
    let keyMemo = VerificationKeyMemo()

    /// A configured key: `controller` (the issuer or holder URL) signs with `publicKey` under `keyId`.
    public struct IssuerKey: Sendable, Hashable {
        public let controller: String
        public let keyId: String
        public let publicKey: Ed25519.PublicKey

        public init(controller: String, keyId: String, publicKey: Ed25519.PublicKey) {
            self.controller = controller
            self.keyId = keyId
            self.publicKey = publicKey
        }
    }

    /// The default resolver is the offline registry (did:key, did:jwk) behind a resolution cache,
    /// so that a verifier that sees an issuer again does not derive its document again.
    public init(resolver: any DIDResolver = DIDResolutionCache(DIDResolverRegistry.standard), policy: VerificationPolicy = VerificationPolicy(),
                issuerKeys: [IssuerKey] = [], statusLists: (any StatusListProvider)? = nil) {
        self.resolver = resolver
        self.policy = policy
        self.issuerKeys = issuerKeys
        self.statusLists = statusLists
    }

    /// Verifies a credential or presentation given as bytes (JSON, or a compact JWT).
    public func verify(_ bytes: [UInt8]) async -> VerificationReport {
        await verify(bytes, depth: 0)
    }

    public func verify(_ text: String) async -> VerificationReport { await verify(Array(text.utf8)) }

    func verify(_ bytes: [UInt8], depth: Int) async -> VerificationReport {
        var report = VerificationReport()
        guard bytes.count <= policy.maximumInputBytes else {
            report.fail("parse", VCError(.inputTooLarge, "input of \(bytes.count) bytes exceeds the limit of \(policy.maximumInputBytes)"))
            return report
        }
        var start = 0, end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        if start < end, bytes[start] == UInt8(ascii: "{") {
            return await verifyJSON(bytes, report: report, depth: depth)
        }
        let token = start == 0 && end == bytes.count ? bytes : Array(bytes[start..<end])
        // Compact JWTs are base64url segments separated by dots; the JWS parser checks every
        // character, so only the dots and an SD-JWT's '~' are looked for here (with memchr:
        // this runs over every byte of every JWT verified).
        if Self.containsByte(token, UInt8(ascii: "~")) {
            return await verifySDJWT(String(decoding: token, as: UTF8.self), report: report)
        }
        if Self.containsByte(token, UInt8(ascii: ".")) {
            return await verifyJWT(token, report: report, depth: depth)
        }
        report.fail("format", Self.unknownFormat)
        return report
    }

    static let unknownFormat = VCError(.unknownFormat, "the input is neither a JSON credential/presentation nor a compact JWT")

    static func containsByte(_ bytes: [UInt8], _ byte: UInt8) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }

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

    // MARK: JOSE

    func verifyJWT(_ token: [UInt8], report initial: consuming VerificationReport, depth: Int) async -> VerificationReport {
        var report = initial
        let jws: CompactJWS
        do { jws = try CompactJWS(bytes: token, maximumLength: policy.maximumInputBytes) } catch {
            // Whether it was meant as a JWT is asked only now: a JWS that parses is printable ASCII.
            guard Self.isPrintableASCIIToken(token) else {
                report.fail("format", Self.unknownFormat)
                return report
            }
            report.format = "jwt"
            report.fail("jws", error)
            return report
        }
        report.pass("jws")
        let payloadValue: JSONValue
        do { payloadValue = try JSONParser(options: .init(maxDepth: 64, maxBytes: policy.maximumInputBytes)).parse(jws.payload) } catch {
            report.fail("payload", VCError(error.code == .duplicateKey ? .duplicateKey : .malformedJSON, "the JWT payload is not strict JSON: \(error)"))
            return report
        }
        guard let payload = payloadValue.objectValue else {
            report.fail("payload", VCError(.malformedJSON, "the JWT payload is not a JSON object"))
            return report
        }
        switch jws.mediaType {
        case MediaType.vcJWT?, MediaType.vpJWT?:
            let isPresentation = jws.mediaType == .vpJWT
            report.format = jws.mediaType!.shortForm
            guard report.check("claims", { () throws(VCError) in
                if payload["vc"] != nil || payload["vp"] != nil {
                    throw VCError(.invalidClaims, "a \(jws.type!) payload is the \(isPresentation ? "presentation" : "credential") itself; vc and vp claims are not allowed")
                }
            }) else { return report }
            if isPresentation {
                return await verifyPresentationJOSE(jws, payload: payload, report: report, depth: depth, legacy: false)
            }
            return await verifyCredentialJOSE(jws, credentialJSON: .object(payload), claims: payload, report: report)
        case nil where jws.type == nil, MediaType.jwt?:
            if let vc = payload["vc"]?.objectValue {
                report.format = "jwt-vc-1.1"
                guard let credential = reconstructLegacyCredential(vc, claims: payload, report: &report) else { return report }
                return await verifyCredentialJOSE(jws, credentialJSON: .object(credential), claims: payload, report: report)
            }
            if payload["vp"]?.objectValue != nil {
                report.format = "jwt-vp-1.1"
                return await verifyPresentationJOSE(jws, payload: payload, report: report, depth: depth, legacy: true)
            }
            report.format = "jwt"
            report.fail("type", VCError(.invalidMediaType, "a JWT without typ vc+jwt/vp+jwt must carry a vc or vp claim"))
            return report
        default:
            report.format = "jwt"
            report.fail("type", VCError(.invalidMediaType, "typ \(jws.type!) is not vc+jwt or vp+jwt"))
            return report
        }
    }

    /// VC 1.1 §6.3.1: the JWT claims stand for credential properties; when both are present they must agree.
    func reconstructLegacyCredential(_ vc: JSONObject, claims: JSONObject, report: inout VerificationReport) -> JSONObject? {
        var credential = vc
        var ok = true
        report.check("legacy-claims") { () throws(VCError) in
            func merge(_ claim: String, into member: String, transform: (JSONValue) -> JSONValue?) throws(VCError) {
                guard let claimValue = claims[claim] else { return }
                guard let mapped = transform(claimValue) else { throw VCError(.invalidClaims, "the \(claim) claim is malformed") }
                if let existing = credential[member] {
                    let existingId = existing.stringValue ?? existing["id"]?.stringValue
                    let mappedId = mapped.stringValue
                    if member == "issuanceDate" || member == "expirationDate" {
                        guard let a = existing.stringValue.flatMap(DateTimeStamp.init(parsing:)), let b = mappedId.flatMap(DateTimeStamp.init(parsing:)),
                              a.isWithinOneSecond(of: b) else { throw VCError(.invalidClaims, "\(claim) disagrees with vc.\(member)") }
                    } else if existingId != mappedId {
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
                if let id = subject["id"]?.stringValue, id != sub { throw VCError(.invalidClaims, "sub disagrees with vc.credentialSubject.id") }
                subject["id"] = .string(sub)
                credential["credentialSubject"] = .object(subject)
            }
        } ? () : { ok = false }()
        return ok ? credential : nil
    }

    func verifyCredentialJOSE(_ jws: CompactJWS, credentialJSON: JSONValue, claims: JSONObject, report initial: consuming VerificationReport) async -> VerificationReport {
        var report = initial
        report.kind = .credential
        report.document = credentialJSON
        var credential: VerifiableCredential?
        report.check("dataModel") { () throws(VCError) in credential = try VerifiableCredential(json: credentialJSON) }
        guard let credential else { return report }
        describe(credential, into: &report)
        guard checkFormat(&report) else { return report }
        guard let method = await methodFromKeyId(jws.keyId, controller: credential.issuer, relationship: .assertionMethod, report: &report) else {
            return report
        }
        report.check("signature") { () throws(VCError) in
            guard jws.isValidSignature(publicKey: method) else { throw VCError(.invalidSignature, "the JWS signature does not verify") }
        }
        checkJWTTimes(claims, report: &report)
        checkValidity(credential, report: &report)
        finish(credential, report: &report)
        await checkStatus(credential, report: &report)
        return report
    }

    func verifyPresentationJOSE(_ jws: CompactJWS, payload: JSONObject, report initial: consuming VerificationReport, depth: Int, legacy: Bool) async -> VerificationReport {
        var report = initial
        report.kind = .presentation
        var presentationJSON = legacy ? payload["vp"]! : JSONValue.object(payload)
        if legacy, var vp = presentationJSON.objectValue, vp["holder"] == nil, let iss = payload["iss"] {
            vp["holder"] = iss
            presentationJSON = .object(vp)
        }
        report.document = presentationJSON
        var presentation: VerifiablePresentation?
        report.check("dataModel") { () throws(VCError) in presentation = try VerifiablePresentation(json: presentationJSON) }
        guard let presentation else { return report }
        report.dataModel = presentation.dataModel
        guard checkFormat(&report) else { return report }
        let keyDID = jws.keyId.flatMap { try? DIDURL(parsing: $0) }?.did.description
        let holder = presentation.holder ?? keyDID ?? ""
        report.holder = holder
        guard let method = await methodFromKeyId(jws.keyId, controller: holder, relationship: .authentication, report: &report) else { return report }
        report.check("signature") { () throws(VCError) in
            guard jws.isValidSignature(publicKey: method) else { throw VCError(.invalidSignature, "the JWS signature does not verify") }
        }
        checkJWTTimes(payload, report: &report)
        // Challenge and domain: the JWT's nonce and aud claims.
        let audience = payload["aud"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue].compactMap { $0 } } ?? []
        checkBinding(challenge: payload["nonce"]?.stringValue, domains: audience, report: &report)
        await verifyEmbedded(presentation, holder: holder, report: &report, depth: depth)
        return report
    }

    // MARK: SD-JWT

    /// An SD-JWT VC, with or without key binding (RFC 9901 §7.1 and §7.3).
    func verifySDJWT(_ text: String, report initial: consuming VerificationReport) async -> VerificationReport {
        var report = initial
        report.format = SDJWT.type
        report.kind = .credential
        var parts: SDJWT.Parts?
        var jws: CompactJWS?
        guard report.check("sdjwt", { () throws(VCError) in
            parts = try SDJWT.Parts(parsing: text)
            jws = try CompactJWS(parsing: parts!.issuerJWT, maximumLength: policy.maximumInputBytes)
            guard jws!.mediaType == .dcSDJWT || jws!.mediaType == .vcSDJWT else {
                throw VCError(.invalidMediaType, "typ \(jws!.type ?? "(none)") is not dc+sd-jwt")
            }
        }), let parts, let jws else { return report }
        if parts.keyBindingJWT != nil { report.kind = .presentation }
        var payload = JSONObject()
        var claims = JSONObject()
        guard report.check("disclosures", { () throws(VCError) in
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
            report.fail("claims", VCError(.invalidClaims, "an SD-JWT VC needs an iss claim"))
            return report
        }
        report.issuer = issuer
        report.types = [payload["vct"]?.stringValue].compactMap { $0 }
        report.check("vct") { () throws(VCError) in
            guard payload["vct"]?.stringValue != nil else { throw VCError(.invalidClaims, "an SD-JWT VC needs a vct claim") }
        }
        guard checkFormat(&report) else { return report }
        guard let key = await methodFromKeyId(jws.keyId, controller: issuer, relationship: .assertionMethod, report: &report) else { return report }
        report.check("signature") { () throws(VCError) in
            guard jws.isValidSignature(publicKey: key) else { throw VCError(.invalidSignature, "the issuer's signature does not verify") }
        }
        checkJWTTimes(payload, report: &report)
        guard let keyBinding = parts.keyBindingJWT else {
            if policy.expectedChallenge != nil || policy.expectedDomain != nil {
                report.fail("keyBinding", VCError(.challengeMismatch, "no key-binding JWT, but a challenge and domain are expected"))
            }
            return report
        }
        report.check("keyBinding") { () throws(VCError) in
            let kb = try CompactJWS(parsing: keyBinding)
            guard kb.mediaType == .kbJWT else { throw VCError(.invalidMediaType, "the key-binding JWT's typ is not kb+jwt") }
            guard let jwk = payload["cnf"]?["jwk"], let holderKey = try? JWK(json: jwk).ed25519PublicKey() else {
                throw VCError(.verificationMethodNotFound, "the SD-JWT has no Ed25519 cnf key to check the key binding with")
            }
            guard kb.isValidSignature(publicKey: holderKey) else { throw VCError(.invalidSignature, "the key-binding JWT is not signed by the cnf key") }
            guard let claims = (try? JSONParser().parse(kb.payload))?.objectValue else { throw VCError(.malformedJSON, "the key-binding payload is not JSON") }
            let expectedHash = Base64URL.encode(SHA256.hash(Array(parts.hashedPart.utf8)))
            guard claims["sd_hash"]?.stringValue == expectedHash else { throw VCError(.invalidClaims, "sd_hash does not match the presented SD-JWT") }
            guard let iat = claims["iat"]?.numberValue?.doubleValue else { throw VCError(.invalidClaims, "the key-binding JWT has no iat") }
            let now = policy.now().timeIntervalSince1970
            guard iat <= now + policy.clockSkew, iat >= now - policy.keyBindingMaximumAge - policy.clockSkew else {
                throw VCError(.invalidClaims, "the key-binding JWT's iat is outside the accepted window")
            }
            if let expected = policy.expectedChallenge, claims["nonce"]?.stringValue != expected {
                throw VCError(.challengeMismatch, "the key-binding nonce differs from the expected challenge")
            }
            if let expected = policy.expectedDomain, claims["aud"]?.stringValue != expected {
                throw VCError(.domainMismatch, "the key-binding aud differs from the expected domain")
            }
        }
        return report
    }

    // MARK: Data Integrity

    func verifyJSON(_ bytes: [UInt8], report initial: consuming VerificationReport, depth: Int) async -> VerificationReport {
        var report = initial
        let value: JSONValue
        do { value = try JSONParser(options: .init(maxDepth: 64, maxBytes: policy.maximumInputBytes)).parse(bytes) } catch {
            report.fail("parse", VCError(error.code == .duplicateKey ? .duplicateKey : .malformedJSON, "\(error)"))
            return report
        }
        guard var object = value.objectValue else {
            report.fail("parse", VCError(.malformedJSON, "the document is not a JSON object"))
            return report
        }
        report.pass("parse")
        let isPresentation = DataModelChecks.strings(object["type"]).contains("VerifiablePresentation")
        report.kind = isPresentation ? .presentation : .credential
        report.document = value
        let proofValue = object.removeValue(forKey: "proof")
        // Data model first (on the document without its proof).
        var credential: VerifiableCredential?
        var presentation: VerifiablePresentation?
        guard report.check("dataModel", { () throws(VCError) in
            if isPresentation { presentation = try VerifiablePresentation(json: .object(object)) } else { credential = try VerifiableCredential(json: .object(object)) }
        }) else { return report }
        if let credential { describe(credential, into: &report) }
        if let presentation { report.dataModel = presentation.dataModel; report.holder = presentation.holder }
        guard let proofValue, !proofValue.isNull else {
            report.fail("proof", VCError(.proofMissing, "the document has no proof (unsecured credentials are not verifiable)"))
            return report
        }
        let proofs = proofValue.arrayValue ?? [proofValue]
        guard !proofs.isEmpty, proofs.allSatisfy({ $0.objectValue != nil }) else {
            report.fail("proof", VCError(.malformedProof, "proof must be an object or an array of objects"))
            return report
        }
        let suites = Set(proofs.compactMap { $0.objectValue.flatMap(DataIntegrityCryptosuite.named(in:))?.rawValue })
        report.format = suites.count == 1 ? "di-\(suites.first!)" : "di"
        guard checkFormat(&report) else { return report }
        let controller = isPresentation ? (presentation?.holder ?? "") : (credential?.issuer ?? "")
        let purpose: VerificationRelationship = isPresentation ? .authentication : .assertionMethod
        for (index, proof) in proofs.enumerated() {
            let label = proofs.count == 1 ? "proof" : "proof[\(index)]"
            await verifyDataIntegrityProof(proof.objectValue!, among: proofs, document: object, controller: controller, purpose: purpose,
                                           label: label, presentation: isPresentation, report: &report)
        }
        if let credential {
            checkValidity(credential, report: &report)
            finish(credential, report: &report)
            await checkStatus(credential, report: &report)
        }
        if let presentation {
            if report.holder == nil { report.holder = controller.isEmpty ? nil : controller }
            await verifyEmbedded(presentation, holder: presentation.holder ?? report.verificationMethod.flatMap { try? DIDURL(parsing: $0) }?.did.description ?? "",
                                 report: &report, depth: depth)
        }
        return report
    }

    func verifyDataIntegrityProof(_ proof: JSONObject, among proofs: [JSONValue], document: JSONObject, controller: String,
                                  purpose: VerificationRelationship, label: String, presentation: Bool, report: inout VerificationReport) async {
        let single = label == "proof"
        var signature: [UInt8] = []
        guard report.check(single ? "proof.structure" : "\(label).structure", { () throws(VCError) in
            guard DataIntegrityCryptosuite.named(in: proof) != nil else {
                throw VCError(.unsupportedProof, "proof \(proof["type"]?.stringValue ?? "(no type)") \(proof["cryptosuite"]?.stringValue ?? "") is not supported (DataIntegrityProof with eddsa-jcs-2022 or eddsa-rdfc-2022, Ed25519Signature2020, Ed25519Signature2018)")
            }
            guard let statedPurpose = proof["proofPurpose"]?.stringValue else {
                throw VCError(.proofPurposeMismatch, "the proof has no proofPurpose")
            }
            guard statedPurpose == purpose.rawValue else {
                throw VCError(.proofPurposeMismatch, "proofPurpose is \(statedPurpose), \(purpose.rawValue) is required")
            }
            signature = try EddsaJcs2022.proofValue(of: proof)
            if let created = proof["created"] {
                guard let text = created.stringValue, DateTimeStamp(parsing: text) != nil else {
                    throw VCError(.malformedProof, "the proof's created is not a dateTimeStamp")
                }
            }
            if let expires = proof["expires"] {
                guard let text = expires.stringValue, let stamp = DateTimeStamp(parsing: text) else {
                    throw VCError(.malformedProof, "the proof's expires is not a dateTimeStamp")
                }
                guard !stamp.isBefore(policy.now(), tolerance: policy.clockSkew) else { throw VCError(.proofExpired, "the proof expired at \(text)") }
            }
        }) else { return }
        // Proof chains: the previous proofs named are part of what this proof signs.
        var unsecured = document
        if let previous = proof["previousProof"] {
            let ids = previous.arrayValue?.compactMap(\.stringValue) ?? [previous.stringValue].compactMap { $0 }
            let matching = proofs.filter { entry in entry["id"]?.stringValue.map(ids.contains) ?? false }
            guard report.check("\(label).previousProof", { () throws(VCError) in
                guard !ids.isEmpty, matching.count == ids.count else {
                    throw VCError(.invalidProofChain, "previousProof names a proof that is not in the proof set")
                }
            }) else { return }
            unsecured["proof"] = matching.count == 1 ? matching[0] : .array(matching)
        }
        if presentation || policy.expectedChallenge != nil || policy.expectedDomain != nil {
            let domains = proof["domain"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue].compactMap { $0 } } ?? []
            checkBinding(challenge: proof["challenge"]?.stringValue, domains: domains, report: &report)
        }
        guard let key = await methodFromKeyId(proof["verificationMethod"]?.stringValue, controller: controller, relationship: purpose, report: &report) else { return }
        report.check(single ? "proof.signature" : "\(label).signature") { () throws(VCError) in try EddsaJcs2022.verifyProof(proof, signature: signature, unsecuredDocument: unsecured, publicKey: key) }
    }

    // MARK: Shared checks

    func describe(_ credential: VerifiableCredential, into report: inout VerificationReport) {
        report.dataModel = credential.dataModel
        report.issuer = credential.issuer
        report.credentialId = credential.id
        report.types = credential.types
    }

    func checkFormat(_ report: inout VerificationReport) -> Bool {
        guard let accepted = policy.acceptedFormats else { return true }
        let format = report.format
        return report.check("format") { () throws(VCError) in
            guard let format, accepted.contains(format) else {
                throw VCError(.formatNotAccepted, "format \(format ?? "?") is not accepted by the policy")
            }
        }
    }

    /// Resolves `keyId` (a DID URL) and checks that its DID is `controller` and that the method is
    /// listed under `relationship` (security requirement 28).
    func methodFromKeyId(_ keyId: String?, controller: String, relationship: VerificationRelationship, report: inout VerificationReport) async -> Ed25519.PublicKey? {
        guard let keyId else {
            report.fail("verificationMethod", VCError(.invalidKeyId, "no verification method (kid) is given"))
            return nil
        }
        report.verificationMethod = keyId
        if !keyId.hasPrefix("did:"), let configured = issuerKeys.first(where: { $0.keyId.hasSameScalars(as: keyId) }) {
            guard report.check("verificationMethod.controller", { () throws(VCError) in
                guard configured.controller.hasSameScalars(as: controller) else {
                    throw VCError(.verificationMethodNotAuthorized, "the configured key \(keyId) belongs to \(configured.controller), not to \(controller)")
                }
            }) else { return nil }
            report.pass("verificationMethod.key")
            return configured.publicKey
        }
        guard let url = try? DIDURL(parsing: keyId), url.fragment != nil else {
            report.fail("verificationMethod", VCError(.invalidKeyId, "the verification method \(keyId) is not a DID URL with a fragment"))
            return nil
        }
        guard report.check("verificationMethod.controller", { () throws(VCError) in
            guard url.did.isWritten(as: controller) else {
                throw VCError(.verificationMethodNotAuthorized, "the key belongs to \(url.did), not to \(controller.isEmpty ? "the (missing) issuer" : controller)")
            }
        }) else { return nil }
        let result = await resolver.resolve(url.did, options: DIDResolutionOptions())
        guard let document = result.didDocument else {
            let error = result.error ?? DIDError(.notFound, "no document")
            report.fail("verificationMethod.resolve", VCError(.didResolutionFailed, "\(url.did) could not be resolved: \(error)"))
            return nil
        }
        guard let method = document.verificationMethod(withId: keyId) else {
            report.fail("verificationMethod.resolve", VCError(.verificationMethodNotFound, "\(url.did) has no verification method #\(url.fragment!)"))
            return nil
        }
        report.pass("verificationMethod.resolve")
        guard report.check("verificationMethod.relationship", { () throws(VCError) in
            guard document.authorizes(keyId, for: relationship) else {
                throw VCError(.verificationMethodNotAuthorized, "\(keyId) is not listed under \(relationship.rawValue)")
            }
        }) else { return nil }
        do {
            let key = try keyMemo.ed25519PublicKey(of: method)
            report.pass("verificationMethod.key")
            return key
        } catch {
            report.fail("verificationMethod.key", VCError(.verificationMethodNotFound, "\(keyId) holds no Ed25519 key: \(error.message)"))
            return nil
        }
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
        func check(_ name: String, _ value: JSONValue?, _ code: VCError.Code) {
            guard let value else { return }
            if code == .notYetValid, name == "iat", value.numberValue == nil {
                // iat is informational; a non-NumericDate value is reported, not fatal.
                report.warn(.invalidClaims, "iat is not a NumericDate (RFC 7519 §4.1.6)")
                return
            }
            report.check("jwt.\(name)") { () throws(VCError) in
                guard let instant = value.numberValue.flatMap(DateTimeStamp.init(numericDate:)) else { throw VCError(.invalidClaims, "\(name) is not a NumericDate") }
                if code == .expired, instant.isBefore(now, tolerance: policy.clockSkew) { throw VCError(.expired, "the JWT expired (exp)") }
                if code == .notYetValid, instant.isAfter(now, tolerance: policy.clockSkew) { throw VCError(.notYetValid, "the JWT is not valid yet (\(name))") }
            }
        }
        check("nbf", nbf, .notYetValid)
        check("iat", iat, .notYetValid)
        check("exp", exp, .expired)
    }

    func checkValidity(_ credential: VerifiableCredential, report: inout VerificationReport) {
        let now = policy.now()
        report.check("validity") { () throws(VCError) in
            if let from = credential.validFrom, from.isAfter(now, tolerance: policy.clockSkew) {
                throw VCError(.notYetValid, "the credential is valid from \(from)")
            }
            if let until = credential.validUntil, until.isBefore(now, tolerance: policy.clockSkew) {
                throw VCError(.expired, "the credential expired at \(until)")
            }
        }
    }

    func checkBinding(challenge: String?, domains: [String], report: inout VerificationReport) {
        if let expected = policy.expectedChallenge {
            report.check("challenge") { () throws(VCError) in
                guard challenge == expected else { throw VCError(.challengeMismatch, challenge == nil ? "no challenge, expected one" : "the challenge differs from the expected one") }
            }
        }
        if let expected = policy.expectedDomain {
            report.check("domain") { () throws(VCError) in
                guard domains.contains(expected) else { throw VCError(.domainMismatch, domains.isEmpty ? "no domain, expected \(expected)" : "the domain \(domains) is not \(expected)") }
            }
        }
    }

    func finish(_ credential: VerifiableCredential, report: inout VerificationReport) {
        if let trusted = policy.trustedIssuers {
            report.check("trustedIssuer") { () throws(VCError) in
                guard trusted.contains(credential.issuer) else { throw VCError(.untrustedIssuer, "\(credential.issuer) is not a trusted issuer") }
            }
        }
        if credential.hasCredentialStatus && statusLists == nil {
            report.warn(.init("statusNotChecked"), "the credential has a credentialStatus that was not checked")
        }
    }

    /// Bitstring Status List entries (W3C Bitstring Status List §3.2, security requirement 31):
    /// checked only once the credential itself verified; the list credential must verify, be
    /// issued by the same issuer and have the entry's purpose; a list that cannot be had makes
    /// the status unknown, never valid.
    func checkStatus(_ credential: VerifiableCredential, report: inout VerificationReport) async {
        guard let provider = statusLists, report.errors.isEmpty else { return }
        var listVerifier = self
        listVerifier.statusLists = nil
        listVerifier.policy.expectedChallenge = nil
        listVerifier.policy.expectedDomain = nil
        listVerifier.policy.acceptedFormats = nil
        for entry in credential.credentialStatus where DataModelChecks.strings(entry["type"]).contains("BitstringStatusListEntry") {
            guard let url = entry["statusListCredential"]?.stringValue, let purpose = entry["statusPurpose"]?.stringValue,
                  let indexText = entry["statusListIndex"]?.stringValue, let index = Int(indexText) else {
                report.fail("status", VCError(.invalidStatusList, "a BitstringStatusListEntry needs statusListCredential, statusPurpose and a numeric statusListIndex"))
                continue
            }
            let size = Int(entry["statusSize"]?.numberValue?.int64Value ?? 1)
            let messages = entry["statusMessage"]?.arrayValue?.compactMap(StatusMessage.init(json:)) ?? []
            // §2.1: statusMessage is required when statusSize > 1.
            guard size == 1 || !messages.isEmpty else {
                report.fail("status", VCError(.invalidStatusList, "a status entry with statusSize \(size) needs statusMessage"))
                continue
            }
            let bytes: [UInt8]
            do { bytes = try await provider.statusListCredential(at: url) } catch {
                let reason = (error as? VCError).map { ": \($0.code): \($0.message)" } ?? ""
                report.fail("status", VCError(.statusUnknown, "the status list \(url) could not be obtained\(reason)"))
                continue
            }
            let listReport = await listVerifier.verify(bytes, depth: 1)
            guard listReport.verified else {
                report.fail("status", VCError(.statusUnknown, "the status list credential \(url) does not verify: \(listReport.errors.first.map { "\($0.code)" } ?? "")"))
                continue
            }
            var statusMessage: String?
            report.check("status.list") { () throws(VCError) in
                guard listReport.issuer == credential.issuer else {
                    throw VCError(.invalidStatusList, "the status list is issued by \(listReport.issuer ?? "?"), not by the credential's issuer")
                }
                guard listReport.types.contains("BitstringStatusListCredential") else {
                    throw VCError(.invalidStatusList, "\(url) is not a BitstringStatusListCredential")
                }
                let subject = listReport.document?["credentialSubject"]
                let purposes = DataModelChecks.strings(subject?["statusPurpose"])
                guard purposes.contains(purpose) else { throw VCError(.invalidStatusList, "the list's statusPurpose is not \(purpose)") }
                guard let encoded = subject?["encodedList"]?.stringValue else { throw VCError(.invalidStatusList, "the list has no encodedList") }
                let list = try BitstringStatusList(encodedList: encoded, statusSize: size, maximumBytes: policy.maximumStatusListBytes)
                let value = try list.status(at: index)
                switch purpose {
                case "revocation" where value != 0: throw VCError(.revoked, "the credential is revoked (\(url) index \(index))")
                case "suspension" where value != 0: throw VCError(.suspended, "the credential is suspended (\(url) index \(index))")
                case "message":
                    let message = messages.first { $0.status == value }
                    statusMessage = "status 0x\(String(value, radix: 16))\(message.map { ": \($0.message)" } ?? "")"
                default: break
                }
            }
            if let statusMessage { report.warn(.init("statusMessage"), statusMessage) }
        }
    }

    func verifyEmbedded(_ presentation: VerifiablePresentation, holder: String, report: inout VerificationReport, depth: Int) async {
        guard depth < 2 else {
            report.fail("credentials", VCError(.invalidPresentation, "presentations nested too deeply"))
            return
        }
        var inner = self
        inner.policy.expectedChallenge = nil
        inner.policy.expectedDomain = nil
        for (index, entry) in presentation.credentials.enumerated() {
            var bytes: [UInt8]
            if let jwt = entry.stringValue {
                bytes = Array(jwt.utf8)
            } else if let object = entry.objectValue, DataModelChecks.strings(object["type"]).contains("EnvelopedVerifiableCredential") {
                guard let id = object["id"]?.stringValue, id.hasPrefix("data:application/vc+jwt,") else {
                    report.fail("credentials[\(index)]", VCError(.invalidEmbeddedCredential, "an enveloped credential needs a data:application/vc+jwt, URL"))
                    continue
                }
                bytes = Array(id.dropFirst("data:application/vc+jwt,".count).utf8)
            } else {
                bytes = JSONSerializer().serialize(entry)
            }
            let embedded = await inner.verify(bytes, depth: depth + 1)
            report.credentials.append(embedded)
            if embedded.verified {
                report.pass("credentials[\(index)]")
            } else {
                report.fail("credentials[\(index)]", VCError(.invalidEmbeddedCredential, "credential \(index) is invalid: \(embedded.errors.first.map { "\($0.code): \($0.message)" } ?? "")"))
            }
            if policy.requireHolderBinding {
                let subjects = (embedded.document?["credentialSubject"]).map { $0.arrayValue ?? [$0] }?.compactMap { $0["id"]?.stringValue } ?? []
                report.check("holderBinding[\(index)]") { () throws(VCError) in
                    guard subjects.contains(where: { $0.hasSameScalars(as: holder) }) else { throw VCError(.holderBindingFailed, "the holder \(holder) is not a subject of credential \(index)") }
                }
            }
        }
    }
}
