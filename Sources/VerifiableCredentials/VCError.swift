/// An error raised while issuing or parsing credentials, with a stable ``code``. Verification
/// does not throw: it reports problems with the same codes in a `VerificationReport`.
public struct VCError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable error code: its raw value never changes once released, so callers and reports can
    /// match on it. Every code is listed in <doc:VerificationReportCodes>.
    public struct Code: Hashable, Sendable, CustomStringConvertible, Comparable {
        /// The code's name, as reports print it (`invalidSignature`).
        public let rawValue: String
        /// A code with the given raw value; the known codes are the static members below.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The raw value.
        public var description: String { rawValue }
        /// Orders codes by name, for stable listings.
        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }

        // Parsing and format.
        /// Input that is not a credential in any supported format (JWT, JSON with `proof`).
        public static let unknownFormat = Code("unknownFormat")
        /// Input that is not strict JSON (duplicate keys, bad UTF-8, limits ...).
        public static let malformedJSON = Code("malformedJSON")
        /// A member names twice (security requirement 18).
        public static let duplicateKey = Code("duplicateKey")
        /// Input above the configured size limit.
        public static let inputTooLarge = Code("inputTooLarge")

        // JOSE (security requirements 16, 17, 19, 20).
        /// A compact JWS that is not three canonical base64url segments with a signature of its
        /// algorithm's length (64 bytes; 96 for ES384).
        public static let malformedJWS = Code("malformedJWS")
        /// An `alg` other than `EdDSA`/`Ed25519`, `ES256`, `ES384`, `ES256K` (including `none`,
        /// HMAC, RSA); or, when signing, a header `alg` that is not the signing key's.
        public static let unsupportedAlgorithm = Code("unsupportedAlgorithm")
        /// An algorithm the verification policy does not allow (``VerificationPolicy/allowedAlgorithms``).
        public static let algorithmNotAllowed = Code("algorithmNotAllowed")
        /// A JOSE `alg` that is not the algorithm of the key `kid` resolves to (an Ed25519 key
        /// with `ES256`, a P-256 key with `EdDSA`...): the key fixes the algorithm (RFC 8725 §3.1).
        public static let algorithmKeyMismatch = Code("algorithmKeyMismatch")
        /// A secp256k1 signature whose `s` is above n/2: valid ECDSA, but the malleable twin of a
        /// low-S signature, which ES256K here requires.
        public static let signatureNotLowS = Code("signatureNotLowS")
        /// A proof whose verification method holds a key of a type its cryptosuite does not use
        /// (a P-256 key for `eddsa-rdfc-2022`; an Ed25519 or secp256k1 key for `ecdsa-rdfc-2019`
        /// and `ecdsa-jcs-2019`, which take P-256 and P-384 keys only, decision 0029), or a signer
        /// of such a key when issuing.
        public static let keyTypeNotSupported = Code("keyTypeNotSupported")
        /// A header parameter that is refused: `jwk`, `jku`, `x5u`, `x5c`, `b64`, any `crit`.
        public static let forbiddenHeader = Code("forbiddenHeader")
        /// A `typ` that does not fit the context (`vc+jwt`, `vp+jwt`, ...).
        public static let invalidMediaType = Code("invalidMediaType")
        /// A `kid` that is missing or not a DID URL of the issuer (holder).
        public static let invalidKeyId = Code("invalidKeyId")
        /// `vc`/`vp` claims in a VC-JOSE-COSE payload, or a legacy JWT whose claims disagree with its `vc`.
        public static let invalidClaims = Code("invalidClaims")

        // Data model (VC Data Model 2.0 / 1.1).
        /// A data model MUST broken; the message names which.
        public static let invalidCredential = Code("invalidCredential")
        /// A presentation that breaks a data model MUST (VC Data Model 2.0 §4.13), or a credential given where a presentation is required.
        public static let invalidPresentation = Code("invalidPresentation")
        /// A date that is not an XML Schema dateTimeStamp.
        public static let invalidDate = Code("invalidDate")

        // Proofs.
        /// No proof (or `proof: null`) where one is required.
        public static let proofMissing = Code("proofMissing")
        /// A proof whose `type` or `cryptosuite` is not supported.
        public static let unsupportedProof = Code("unsupportedProof")
        /// A proof with a missing or malformed member (the message names it).
        public static let malformedProof = Code("malformedProof")
        /// `proofValue` missing, not multibase base58btc, or not the suite's signature length (64
        /// bytes; 96 for an `ecdsa-*-2019` P-384 signature).
        public static let invalidProofValue = Code("invalidProofValue")
        /// The proof's `@context` does not match the document's.
        public static let contextMismatch = Code("contextMismatch")
        /// `proofPurpose` missing or not the one required.
        public static let proofPurposeMismatch = Code("proofPurposeMismatch")
        /// A `previousProof` that names no proof of the set.
        public static let invalidProofChain = Code("invalidProofChain")

        // Keys, signatures, checks.
        /// The verification method could not be resolved or holds no usable key.
        public static let verificationMethodNotFound = Code("verificationMethodNotFound")
        /// The method's controller is not the issuer (holder), or it is not listed under the
        /// required relationship (security requirement 28).
        public static let verificationMethodNotAuthorized = Code("verificationMethodNotAuthorized")
        /// The signature does not verify.
        public static let invalidSignature = Code("invalidSignature")
        /// Before `validFrom`/`nbf` (beyond the clock skew).
        public static let notYetValid = Code("notYetValid")
        /// After `validUntil`/`exp` (beyond the clock skew).
        public static let expired = Code("expired")
        /// A proof `expires` in the past.
        public static let proofExpired = Code("proofExpired")
        /// The challenge / nonce is missing or differs from the expected one.
        public static let challengeMismatch = Code("challengeMismatch")
        /// The domain / audience is missing or differs from the expected one.
        public static let domainMismatch = Code("domainMismatch")
        /// The issuer is not among the trusted issuers of the policy.
        public static let untrustedIssuer = Code("untrustedIssuer")
        /// The format is not accepted by the policy.
        public static let formatNotAccepted = Code("formatNotAccepted")
        /// A credential inside a presentation failed.
        public static let invalidEmbeddedCredential = Code("invalidEmbeddedCredential")
        /// The holder is not the subject of a credential when the policy requires it.
        public static let holderBindingFailed = Code("holderBindingFailed")
        /// The issuing DID could not be resolved (an input problem, not a network outage).
        public static let didResolutionFailed = Code("didResolutionFailed")
        // SD-JWT (RFC 9901 §7.1, security requirement 21).
        /// A disclosure that is not base64url of a JSON array of two or three elements with a
        /// string salt (and a string claim name that is not `_sd` or `...`).
        public static let invalidDisclosure = Code("invalidDisclosure")
        /// The same digest twice in the payload, or two disclosures with the same digest.
        public static let duplicateDigest = Code("duplicateDigest")
        /// A disclosure whose digest the payload does not reference.
        public static let unreferencedDisclosure = Code("unreferencedDisclosure")
        /// A disclosed claim name that the object already has.
        public static let claimCollision = Code("claimCollision")
        /// An `_sd_alg` this library does not support.
        public static let unsupportedHashAlgorithm = Code("unsupportedHashAlgorithm")
        /// A malformed `_sd` array or `...` element.
        public static let invalidSDPayload = Code("invalidSDPayload")
        // SD-JWT VC issuers that are not DIDs (SD-JWT VC, issuer key validation; security requirement 47).
        /// An `x5c` chain that leads to no configured trust anchor, or holds a certificate that is
        /// invalid (expired, not a CA, wrong key usage, bad signature, not DER).
        public static let untrustedCertificate = Code("untrustedCertificate")
        /// A key whose source does not name the issuer: the `x5c` leaf has no subject alternative
        /// name binding `iss`, or the JWT VC Issuer Metadata's `issuer` is not `iss`.
        public static let issuerNotBound = Code("issuerNotBound")
        /// The key of an issuer that is not a DID could not be obtained: no source of such keys is
        /// configured, or the JWT VC Issuer Metadata could not be fetched (could not check).
        public static let issuerKeyUnavailable = Code("issuerKeyUnavailable")
        // Bitstring Status List (security requirement 31).
        /// The credential is revoked (a `revocation` entry is set).
        public static let revoked = Code("revoked")
        /// The credential is suspended (a `suspension` entry is set).
        public static let suspended = Code("suspended")
        /// The status could not be determined (list missing, unfetchable or invalid).
        public static let statusUnknown = Code("statusUnknown")
        /// A status list URL that may not be fetched: not HTTPS, a loopback, private or
        /// link-local address, credentials in the URL, or not among the allowed URLs.
        public static let networkRefused = Code("networkRefused")
        /// A fetch that failed: transport error, HTTP status other than 200, a response over
        /// the size limit, too slow, or redirected off the host.
        public static let fetchFailed = Code("fetchFailed")
        /// A status list that is malformed, too short, over the size cap, or an index out of range.
        public static let invalidStatusList = Code("invalidStatusList")
        /// Signing failed.
        public static let signingFailed = Code("signingFailed")
        // JSON-LD for the RDF-canonicalized suites (security requirements 25, 26, 29).
        /// A context that is not among the pinned contexts (no network access).
        public static let contextNotAllowed = Code("contextNotAllowed")
        /// Safe mode: a term or type without an absolute IRI, or a value the RDF would drop.
        public static let dataLoss = Code("dataLoss")
        /// A cost the input decides reached its bound: RDF canonicalization's N-degree hashing (a
        /// poison dataset), JSON-LD context processing, status entries per credential, the depth
        /// of SD-JWT claims (``SDJWTProcessor/maximumDepth``; security requirements 29 and 36).
        public static let complexityLimit = Code("complexityLimit")
        /// A document or context the JSON-LD algorithms reject.
        public static let invalidJSONLD = Code("invalidJSONLD")
        /// A signed JSON-LD document written so that another JSON tree states the same RDF under
        /// other names: an inline `@context` object, a key that is not a term of its pinned
        /// contexts (a full or compact IRI, a keyword such as `@index`), an index map (security
        /// requirement 33, decision 0010).
        public static let ambiguousJSONLD = Code("ambiguousJSONLD")
        /// What the report would read from a signed JSON-LD document differs from the dataset the
        /// signature covers (security requirement 33).
        public static let signedDataMismatch = Code("signedDataMismatch")
        /// A number whose exact value its RFC 8785 form does not keep (outside I-JSON, RFC 7493
        /// §2.2): refused in every JCS and RDF suite (security requirement 34).
        public static let numberNotIJSON = Code("numberNotIJSON")
        // Verifier settings and warnings.
        /// The verifier's own settings cannot be used (a clock skew outside 0…86,400 s).
        public static let invalidPolicy = Code("invalidPolicy")
        /// Warning: a status entry (or every entry, with no status list source) was not checked.
        public static let statusNotChecked = Code("statusNotChecked")
        /// Warning: a `message` status list's value for the credential.
        public static let statusMessage = Code("statusMessage")
        // did:nda and NDA's Data Integrity dialect (security requirement 45, decision 0028).
        /// NDA's `ecdsa-rdfc-2019` dialect where it is refused: by the policy
        /// (``VerificationPolicy/allowsNDADialect``), or for what its unsigned proof options
        /// cannot bind (a presentation, an expected challenge or domain, a proof chain).
        public static let ndaDialectRefused = Code("ndaDialectRefused")
        /// A proof that carries its own public key (`EcdsaSecp256k1Signature2019` with the key
        /// inside the proof): a key the signer chose proves nothing.
        public static let keyInProof = Code("keyInProof")
        /// A did:nda verification method whose key does not hash to the DID's address.
        public static let addressMismatch = Code("addressMismatch")
        /// A verification method its DID document marks `revoked`: for `keyCompromise` always,
        /// otherwise for a signature made at or after the revocation time, or stating no time.
        public static let keyRevoked = Code("keyRevoked")
        /// Warning: a did:nda key was recovered from the signature and matched the DID's address;
        /// the DID document (and any revocation in it) was not consulted.
        public static let didDocumentNotConsulted = Code("didDocumentNotConsulted")
        /// Warning: NDA's dialect signs no proof option (`created` can be back-dated).
        public static let ndaUnsignedProofOptions = Code("ndaUnsignedProofOptions")
        /// Warning: NDA's dialect signed the document's JSON numbers as xsd:string in Go `%v` form.
        public static let ndaNumbersAsStrings = Code("ndaNumbersAsStrings")
        /// Warning: NDA's dialect writes `proofValue` in hexadecimal, not multibase.
        public static let ndaHexProofValue = Code("ndaHexProofValue")
        /// Warning: NDA's dialect signs with secp256k1, which the W3C `ecdsa-rdfc-2019` suite does not allow.
        public static let ndaCurveNotInSuite = Code("ndaCurveNotInSuite")
        /// Warning: a `did:nda:testnet:` DID, a form outside the did:nda method's syntax.
        public static let ndaTestnetDID = Code("ndaTestnetDID")
        /// Warning: a high-S (malleable) secp256k1 signature, accepted in NDA's dialect.
        public static let ndaHighS = Code("ndaHighS")
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A human-readable explanation; its wording may change between releases.
    public let message: String

    /// An error with `code` and `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "\(code): \(message)" }

    /// Errors are equal when their codes are equal; the message is ignored.
    public static func == (lhs: VCError, rhs: VCError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only, consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
