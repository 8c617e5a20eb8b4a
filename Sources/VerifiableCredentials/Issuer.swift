import DIDCore
public import JSONLD
public import Foundation
public import StrictJSON
import WalletCrypto

/// Securing credentials and presentations with a ``Signer``.
public enum Issuer {
    /// Secures `credential` in `format` with `signer`: a compact JWT (`vc+jwt`, VC 1.1 JWT) or a
    /// JSON document with a Data Integrity proof created at `created`. SD-JWT VCs, which need
    /// the claims to make disclosable and the holder's key, are issued by ``SDJWT/issue(claims:disclosable:vct:issuer:holderKey:signer:issuedAt:expires:notBefore:decoys:)``.
    ///
    /// `contextLoader` serves the JSON-LD contexts of the RDF suites (`di-rdfc`, `ed25519-2020`):
    /// the library's pinned contexts, or with the app's own pinned as well
    /// (`PinnedContextLoader(pinning:)`, JSONLD). Nothing is fetched.
    public static func issue(_ credential: JSONValue, format: CredentialFormat, signer: some Signer, created: Date = Date(),
                             contextLoader: any JSONLDDocumentLoader = PinnedContextLoader.bundled) async throws(VCError) -> IssuedCredential {
        switch format {
        case .vcJWT: return .compact(try await issueJOSE(credential, signer: signer))
        case .jwtVC11: return .compact(try await issueLegacyJWT(credential, signer: signer))
        default:
            guard let suite = format.cryptosuite else {
                throw VCError(.unknownFormat, "\(format) is not a credential format Issuer.issue produces (SD-JWT VCs: SDJWT.issue)")
            }
            return .document(try await issueDataIntegrity(credential, signer: signer, created: created, cryptosuite: suite,
                                                          contextLoader: contextLoader))
        }
    }

    /// The DID a signer's verification method belongs to.
    /// The signer's DID as text. Compared with issuers and holders code unit for code unit:
    /// `==` on strings would let a canonically equivalent spelling (U+212A for "K") pass.
    static func controller(of signer: some Signer) throws(VCError) -> String {
        guard let url = try? DIDURL(parsing: signer.verificationMethodId), url.fragment != nil else {
            throw VCError(.invalidKeyId, "the signer's verification method \(signer.verificationMethodId) is not a DID URL")
        }
        return url.did.description
    }

    /// Checks the data model and that the signer's key belongs to the issuer.
    static func prepare(_ credential: JSONValue, signer: some Signer) throws(VCError) -> VerifiableCredential {
        let checked = try VerifiableCredential(json: credential)
        guard checked.json["proof"] == nil else { throw VCError(.invalidCredential, "the credential already has a proof") }
        let controller = try controller(of: signer)
        guard checked.issuer.hasSameScalars(as: controller) else {
            throw VCError(.verificationMethodNotAuthorized, "the signing key belongs to \(controller), but the issuer is \(checked.issuer)")
        }
        return checked
    }

    /// A `vc+jwt` (VC-JOSE-COSE §3.1.1).
    public static func issueJOSE(_ credential: JSONValue, signer: some Signer) async throws(VCError) -> String {
        let checked = try prepare(credential, signer: signer)
        let header: JSONObject = ["alg": .string(signer.algorithm.rawValue), "kid": .string(signer.verificationMethodId), "typ": "vc+jwt", "cty": "vc"]
        return try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(checked.jsonValue), signer: signer)
    }

    /// A VC 1.1 JWT (VC Data Model 1.1 §6.3.1): the registered claims carry issuer, subject,
    /// dates and id, and `vc` the rest of the credential. `nbf` and `exp` are whole seconds
    /// (RFC 7519 §2), rounded so that the JWT is never valid longer than the credential states:
    /// `nbf` up from `issuanceDate`, `exp` down from `expirationDate`.
    public static func issueLegacyJWT(_ credential: JSONValue, signer: some Signer) async throws(VCError) -> String {
        let checked = try prepare(credential, signer: signer)
        var claims: JSONObject = ["iss": .string(checked.issuer)]
        if checked.subjects.count == 1, let subject = checked.subjectIds.first { claims["sub"] = .string(subject) }
        if let from = checked.validFrom { claims["nbf"] = .number(JSONNumber(Int(from.secondsSince1970RoundedUp))) }
        if let until = checked.validUntil { claims["exp"] = .number(JSONNumber(Int(until.secondsSince1970))) }
        if let id = checked.id { claims["jti"] = .string(id) }
        claims["vc"] = checked.jsonValue
        let header: JSONObject = ["alg": .string(signer.algorithm.rawValue), "kid": .string(signer.verificationMethodId), "typ": "JWT"]
        return try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(.object(claims)), signer: signer)
    }

    /// A credential with a Data Integrity proof (`eddsa-jcs-2022` by default); the RDF suites
    /// read their contexts from `contextLoader`.
    public static func issueDataIntegrity(_ credential: JSONValue, signer: some Signer, created: Date = Date(),
                                          cryptosuite: DataIntegrityCryptosuite = .eddsaJcs2022,
                                          contextLoader: any JSONLDDocumentLoader = PinnedContextLoader.bundled) async throws(VCError) -> JSONValue {
        let checked = try prepare(withSuiteContext(credential, cryptosuite), signer: signer)
        let options = DataIntegrityProof.Options(verificationMethod: signer.verificationMethodId, proofPurpose: "assertionMethod",
                                                created: DateTimeStamp.format(created), cryptosuite: cryptosuite)
        var document = checked.json
        document["proof"] = .object(try await DataIntegrityProof.createProof(document: checked.json, options: options, signer: signer,
                                                                             loader: contextLoader))
        return .object(document)
    }

    /// A presentation of `credentials` (JSON documents, or compact `vc+jwt`s, which are enveloped).
    public static func presentation(holder: String, credentials: [JSONValue], id: String? = nil) -> JSONObject {
        var presentation: JSONObject = ["@context": [.string(DataModelVersion.v2.baseContext)]]
        if let id { presentation["id"] = .string(id) }
        presentation["type"] = ["VerifiablePresentation"]
        presentation["holder"] = .string(holder)
        presentation["verifiableCredential"] = .array(credentials.map { entry in
            guard let jwt = entry.stringValue else { return entry }
            return ["@context": [.string(DataModelVersion.v2.baseContext)], "id": .string("data:application/vc+jwt,\(jwt)"),
                    "type": "EnvelopedVerifiableCredential"]
        })
        return presentation
    }

    /// Checks that `jwt` can be enveloped in a VC 2.0 presentation: a compact JWS whose `typ` is
    /// `vc+jwt` (VC-JOSE-COSE §3.1.1, §3.2). A VC 1.1 JWT (`typ` `JWT`, a `vc` claim) cannot: an
    /// `EnvelopedVerifiableCredential` of media type `application/vc+jwt` holding it is refused
    /// by every verifier, ours included (`invalidEmbeddedCredential`).
    ///
    /// - Throws: `invalidMediaType` for any other compact credential; the JWS errors for one that
    ///   is not a compact JWS.
    public static func checkEnvelopable(_ jwt: String) throws(VCError) {
        let jws = try CompactJWS(parsing: jwt)
        guard jws.mediaType == .vcJWT else {
            throw VCError(.invalidMediaType, "only a vc+jwt credential goes into a presentation; this one has typ \(jws.type ?? "(none)") (a VC 1.1 JWT is not enveloped in a VC 2.0 presentation)")
        }
    }

    /// A `vp+jwt` bound to `challenge` (`nonce` claim) and `domain` (`aud` claim).
    public static func presentJOSE(_ presentation: JSONObject, challenge: String?, domain: String?, signer: some Signer) async throws(VCError) -> String {
        _ = try VerifiablePresentation(json: .object(presentation))
        guard let holder = presentation["holder"]?.stringValue, holder.hasSameScalars(as: try controller(of: signer)) else {
            throw VCError(.verificationMethodNotAuthorized, "the signing key does not belong to the holder")
        }
        var payload = presentation
        if let challenge { payload["nonce"] = .string(challenge) }
        if let domain { payload["aud"] = .string(domain) }
        let header: JSONObject = ["alg": .string(signer.algorithm.rawValue), "kid": .string(signer.verificationMethodId), "typ": "vp+jwt", "cty": "vp"]
        return try await CompactJWS.sign(header: header, payload: JSONSerializer().serialize(.object(payload)), signer: signer)
    }

    /// `document` with the context that defines its proof's terms appended when missing: the
    /// Ed25519Signature2020 suite context for that suite, and for a `DataIntegrityProof` on a VC
    /// 1.1 document (`https://www.w3.org/2018/credentials/v1` first, which does not define
    /// `DataIntegrityProof`, `cryptosuite` or `proofValue`) the Data Integrity v2 context
    /// (VC Data Integrity §2.1; vc-di-eddsa §2.2). The VC 2.0 context defines them already.
    static func withSuiteContext(_ document: JSONValue, _ cryptosuite: DataIntegrityCryptosuite) -> JSONValue {
        guard var object = document.objectValue else { return document }
        var contexts = object["@context"]?.arrayValue ?? object["@context"].map { [$0] } ?? []
        let suiteContext: JSONValue
        switch cryptosuite {
        case .ed25519Signature2020:
            suiteContext = "https://w3id.org/security/suites/ed25519-2020/v1"
        case .eddsaJcs2022, .eddsaRdfc2022, .ecdsaRdfc2019, .ecdsaJcs2019:
            guard contexts.first == .string(DataModelVersion.v1_1.baseContext) else { return document }
            suiteContext = .string(dataIntegrityContext)
        case .ed25519Signature2018:
            return document
        }
        if !contexts.contains(suiteContext) { contexts.append(suiteContext) }
        object["@context"] = .array(contexts)
        return .object(object)
    }

    /// The Data Integrity v2 context (VC Data Integrity §2.1), which VC 1.1 documents secured
    /// with `DataIntegrityProof` carry.
    public static let dataIntegrityContext = "https://w3id.org/security/data-integrity/v2"

    /// A presentation with a Data Integrity proof (`eddsa-jcs-2022` by default) for
    /// `authentication`, bound to `challenge` and `domain`.
    public static func presentDataIntegrity(_ presentation: JSONObject, challenge: String?, domain: String?, signer: some Signer,
                                            created: Date = Date(), cryptosuite: DataIntegrityCryptosuite = .eddsaJcs2022,
                                            contextLoader: any JSONLDDocumentLoader = PinnedContextLoader.bundled) async throws(VCError) -> JSONValue {
        let presentation = withSuiteContext(.object(presentation), cryptosuite).objectValue!
        _ = try VerifiablePresentation(json: .object(presentation))
        guard let holder = presentation["holder"]?.stringValue, holder.hasSameScalars(as: try controller(of: signer)) else {
            throw VCError(.verificationMethodNotAuthorized, "the signing key does not belong to the holder")
        }
        let options = DataIntegrityProof.Options(verificationMethod: signer.verificationMethodId, proofPurpose: "authentication",
                                                created: DateTimeStamp.format(created), challenge: challenge, domain: domain.map(JSONValue.string),
                                                cryptosuite: cryptosuite)
        var document = presentation
        document["proof"] = .object(try await DataIntegrityProof.createProof(document: presentation, options: options, signer: signer,
                                                                             loader: contextLoader))
        return .object(document)
    }

    /// Builds a credential: contexts (the data model's first), types (`VerifiableCredential`
    /// first), issuer, subject, validity, id. Dates are written exactly as their ``DateTimeStamp/text``;
    /// a 1.1 credential without `validFrom` gets the current whole second as `issuanceDate`.
    public static func credential(issuer: String, subject: JSONValue, types: [String] = [], contexts: [String] = [], id: String? = nil,
                                  validFrom: DateTimeStamp? = nil, validUntil: DateTimeStamp? = nil,
                                  dataModel: DataModelVersion = .v2) -> JSONObject {
        var credential: JSONObject = [:]
        credential["@context"] = .array(([dataModel.baseContext] + contexts.filter { $0 != dataModel.baseContext }).map { .string($0) })
        if let id { credential["id"] = .string(id) }
        credential["type"] = .array((["VerifiableCredential"] + types.filter { $0 != "VerifiableCredential" }).map { .string($0) })
        credential["issuer"] = .string(issuer)
        switch dataModel {
        case .v2:
            if let validFrom { credential["validFrom"] = .string(validFrom.text) }
            if let validUntil { credential["validUntil"] = .string(validUntil.text) }
        case .v1_1:
            credential["issuanceDate"] = .string((validFrom ?? DateTimeStamp(wholeSecondsOf: Date())).text)
            if let validUntil { credential["expirationDate"] = .string(validUntil.text) }
        }
        credential["credentialSubject"] = subject
        return credential
    }
}
