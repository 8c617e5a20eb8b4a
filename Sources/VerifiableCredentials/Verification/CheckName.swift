/// The name of a check in a ``VerificationReport``: typed in code, rendered as the same stable
/// string in JSON (`"signature"`, `"proof[1].structure"`, `"credentials[0]"`, …).
public struct CheckName: Hashable, Sendable, CustomStringConvertible {
    /// The stable name the report's JSON prints.
    public let rawValue: String

    /// A check of an app's own (a ``VerifierPolicy`` it added); the name should not collide with
    /// the names below.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The stable name.
    public var description: String { rawValue }

    // Reading the input.
    /// The verifier's own settings are usable (a finite clock skew of 0…86,400 s).
    public static let policy = CheckName("policy")
    /// The input is strict JSON (a Data Integrity document).
    public static let parse = CheckName("parse")
    /// The input is in a known format accepted by the policy.
    public static let format = CheckName("format")
    /// The compact JWS parses (segments, header, algorithm).
    public static let jws = CheckName("jws")
    /// The JWT payload is a strict JSON object.
    public static let payload = CheckName("payload")
    /// The JOSE claims fit the format (no `vc`/`vp` in `vc+jwt`; `iss`/`sub`/`jti` agree).
    public static let claims = CheckName("claims")
    /// A VC 1.1 JWT's registered claims agree with its `vc` claim.
    public static let legacyClaims = CheckName("legacy-claims")
    /// The JWT's `typ` names a credential or presentation.
    public static let type = CheckName("type")
    /// The VC Data Model's MUSTs hold.
    public static let dataModel = CheckName("dataModel")

    // Keys and signatures.
    /// The signing key is named (`kid`, `verificationMethod`) and is a DID URL.
    public static let verificationMethod = CheckName("verificationMethod")
    /// The key belongs to the issuer (holder).
    public static let verificationMethodController = CheckName("verificationMethod.controller")
    /// The key's DID resolved and its document holds the method.
    public static let verificationMethodResolve = CheckName("verificationMethod.resolve")
    /// The method is listed under the required relationship.
    public static let verificationMethodRelationship = CheckName("verificationMethod.relationship")
    /// The method holds a usable public key.
    public static let verificationMethodKey = CheckName("verificationMethod.key")
    /// The JWS signature verifies.
    public static let signature = CheckName("signature")

    // JWT times (RFC 7519 §4.1.4–4.1.6).
    /// JWT `nbf` is not in the future (beyond the clock skew).
    public static let jwtNotBefore = CheckName("jwt.nbf")
    /// JWT `iat` is not in the future (beyond the clock skew).
    public static let jwtIssuedAt = CheckName("jwt.iat")
    /// JWT `exp` is not in the past (beyond the clock skew).
    public static let jwtExpires = CheckName("jwt.exp")

    // Policies.
    /// `validFrom`/`validUntil` (`issuanceDate`/`expirationDate`) hold now.
    public static let validity = CheckName("validity")
    /// The issuer is trusted (``TrustPolicy``).
    public static let trustedIssuer = CheckName("trustedIssuer")
    /// A status entry was checked against its list.
    public static let status = CheckName("status")
    /// A status list credential fits the entry (issuer, type, purpose, bits).
    public static let statusList = CheckName("status.list")
    /// The presentation carries the expected challenge.
    public static let challenge = CheckName("challenge")
    /// The presentation carries the expected domain.
    public static let domain = CheckName("domain")
    /// Credential `index` of a presentation verified.
    public static func credential(_ index: Int) -> CheckName { CheckName("credentials[\(index)]") }
    /// The holder is a subject of credential `index` (``HolderBindingPolicy``).
    public static func holderBinding(_ index: Int) -> CheckName { CheckName("holderBinding[\(index)]") }
    /// The input is a presentation where one is required (``Verifier/verifyPresentation(_:)-([UInt8])``).
    public static let presentation = CheckName("presentation")
    /// The presentation's credentials (nesting).
    public static let credentials = CheckName("credentials")

    // SD-JWT.
    /// The SD-JWT's parts and issuer JWT parse.
    public static let sdJWT = CheckName("sdjwt")
    /// The disclosures rebuild the claims (RFC 9901 §7.1).
    public static let disclosures = CheckName("disclosures")
    /// The SD-JWT VC names its type (`vct`).
    public static let vct = CheckName("vct")
    /// The key-binding JWT verifies and binds the presentation.
    public static let keyBinding = CheckName("keyBinding")

    // Data Integrity.
    /// The document has a proof (or proof set).
    public static let proof = CheckName("proof")

    /// A part of Data Integrity proof `index` of a set (`proof[1].signature`), or of the only
    /// proof when `index` is `nil` (`proof.signature`).
    public static func proof(_ index: Int?, _ part: ProofPart) -> CheckName {
        guard let index else {
            switch part {
            case .structure: return proofStructure
            case .previousProof: return proofPreviousProof
            case .signature: return proofSignature
            case .signedData: return proofSignedData
            }
        }
        return CheckName("proof[\(index)].\(part.rawValue)")
    }

    static let proofStructure = CheckName("proof.structure")
    static let proofPreviousProof = CheckName("proof.previousProof")
    static let proofSignature = CheckName("proof.signature")
    static let proofSignedData = CheckName("proof.signedData")

    /// The checks made on each Data Integrity proof.
    public enum ProofPart: String, Sendable {
        /// Parsing the proof's members; its `previousProof` chain; its signature.
        case structure, previousProof, signature
        /// RDF suites: what the JSON says is what the signed dataset says (security requirement 33).
        case signedData
    }
}
