import DIDCore
public import JSONLD
public import StrictJSON
public import WalletCrypto

/// The suite-neutral Data Integrity engine (VC Data Integrity §4.2 Add Proof, §4.3 Verify
/// Proof): proof options, the proof configuration, hash data, creating and verifying one proof.
/// What differs between suites lives in `Cryptosuites/` (``DataIntegrityCryptosuite``).
///
///     hashData = H(canonical(proofConfig)) || H(canonical(document))    H = SHA-256; SHA-384 for an ECDSA P-384 key
public enum DataIntegrityProof {
    /// Proof options (VC Data Integrity §2.1 proof properties).
    public struct Options: Sendable {
        /// `verificationMethod`: the DID URL of the signing key.
        public var verificationMethod: String
        /// `proofPurpose`: `assertionMethod` for credentials, `authentication` for presentations.
        public var proofPurpose: String
        /// `created`: an XML Schema dateTimeStamp, or `nil` to leave it out.
        public var created: String?
        /// `expires`: when the proof stops being valid, or `nil`.
        public var expires: String?
        /// `challenge`: the verifier's nonce a presentation proof answers (§2.1).
        public var challenge: String?
        /// A string or an array of strings.
        public var domain: JSONValue?
        /// `nonce`: a value the signer adds to make the proof unique.
        public var nonce: String?
        /// `id`: the proof's own identifier, for proof chains.
        public var id: String?
        /// The id (or ids) of the proof(s) this one chains to.
        public var previousProof: JSONValue?
        /// The suite that canonicalizes and signs.
        public var cryptosuite: DataIntegrityCryptosuite

        /// Proof options; `assertionMethod` and `eddsa-jcs-2022` unless stated, every other property left out unless given.
        public init(verificationMethod: String, proofPurpose: String = "assertionMethod", created: String? = nil, expires: String? = nil,
                    challenge: String? = nil, domain: JSONValue? = nil, nonce: String? = nil, id: String? = nil, previousProof: JSONValue? = nil,
                    cryptosuite: DataIntegrityCryptosuite = .eddsaJcs2022) {
            self.cryptosuite = cryptosuite
            self.verificationMethod = verificationMethod
            self.proofPurpose = proofPurpose
            self.created = created
            self.expires = expires
            self.challenge = challenge
            self.domain = domain
            self.nonce = nonce
            self.id = id
            self.previousProof = previousProof
        }

        var object: JSONObject {
            var proof = JSONObject()
            if let id { proof["id"] = .string(id) }
            proof["type"] = .string(cryptosuite.proofType)
            if let name = cryptosuite.cryptosuiteName { proof["cryptosuite"] = .string(name) }
            if let created { proof["created"] = .string(created) }
            if let expires { proof["expires"] = .string(expires) }
            proof["verificationMethod"] = .string(verificationMethod)
            proof["proofPurpose"] = .string(proofPurpose)
            if let challenge { proof["challenge"] = .string(challenge) }
            if let domain { proof["domain"] = domain }
            if let nonce { proof["nonce"] = .string(nonce) }
            if let previousProof { proof["previousProof"] = previousProof }
            return proof
        }
    }

    /// The suite named by a proof (its `type`, and `cryptosuite` for `DataIntegrityProof`).
    static func suite(of options: JSONObject) throws(VCError) -> DataIntegrityCryptosuite {
        guard let suite = DataIntegrityCryptosuite.named(in: options) else {
            throw VCError(.unsupportedProof, "the proof must be a DataIntegrityProof (eddsa-jcs-2022, eddsa-rdfc-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019), Ed25519Signature2020 or Ed25519Signature2018")
        }
        return suite
    }

    /// Checks type, cryptosuite and `created` of proof options (the checks of §3.3.5 / §3.2.5).
    static func checkedOptions(_ options: JSONObject) throws(VCError) -> JSONObject {
        _ = try suite(of: options)
        if let created = options["created"] {
            guard let text = created.stringValue, DateTimeStamp(parsing: text) != nil else {
                throw VCError(.malformedProof, "the proof's created is not a dateTimeStamp")
            }
        }
        return options
    }

    /// The proof configuration (§3.3.5): the options, with the document's `@context` when it has one.
    public static func proofConfiguration(document: JSONObject, options: JSONObject) throws(VCError) -> JSONObject {
        var configuration = try checkedOptions(options)
        if let context = document["@context"] { configuration["@context"] = context }
        return configuration
    }

    /// `H(canonical(proofConfig)) || H(canonical(document))` (vc-di-eddsa §3.3.4 / §3.2.4,
    /// vc-di-ecdsa §3.2.4 / §3.3.4 hashing; the transformations of the same sections), with the
    /// canonicalization of `suite` and `H` = `hash`: SHA-256, or SHA-384 for an ECDSA P-384 key
    /// (which RDFC-1.0 then also labels blank nodes with).
    public static func hashData(document: JSONObject, proofConfiguration: JSONObject, suite: DataIntegrityCryptosuite = .eddsaJcs2022,
                                hash: DataIntegrityHash = .sha256, loader: any JSONLDDocumentLoader = PinnedContextLoader.bundled,
                                escaping: NQuads.Escaping = .canonical) throws(VCError) -> [UInt8] {
        let canonicalization = suite.implementation.canonicalization
        let preparedConfiguration = try canonicalization.prepare(proofConfiguration, loader: loader)
        return try hashData(document: canonicalization.prepare(document, loader: loader), proofConfiguration: preparedConfiguration,
                            canonicalization: canonicalization, escaping: escaping, hash: hash)
    }

    /// The same from documents made ready once (``Canonicalization/prepare(_:loader:)``).
    static func hashData(document: Canonicalization.Prepared, proofConfiguration: Canonicalization.Prepared,
                         canonicalization: Canonicalization, escaping: NQuads.Escaping, hash: DataIntegrityHash = .sha256) throws(VCError) -> [UInt8] {
        hash.digest(try canonicalization.canonicalBytes(proofConfiguration, escaping: escaping, hash: hash))
            + hash.digest(try canonicalization.canonicalBytes(document, escaping: escaping, hash: hash))
    }

    /// Creates a proof for `document` (which must not hold the proofs it signs over, except the
    /// previous proofs of a chain, placed by the caller).
    public static func createProof(document: JSONObject, options: Options, signer: some Signer,
                                   loader: any JSONLDDocumentLoader = PinnedContextLoader.bundled) async throws(VCError) -> JSONObject {
        let cryptosuite = options.cryptosuite.implementation
        guard cryptosuite.canSign else {
            throw VCError(.unsupportedProof, "\(options.cryptosuite.rawValue) proofs are verified, not created; use eddsa-rdfc-2022 or Ed25519Signature2020")
        }
        try checkKeyType(signer.algorithm, cryptosuite)
        var proof = options.object
        if cryptosuite.proofCarriesDocumentContext, let context = document["@context"] { proof["@context"] = context }
        let configuration = try proofConfiguration(document: document, options: options.object)
        let data = try hashData(document: document, proofConfiguration: configuration, suite: options.cryptosuite,
                                hash: cryptosuite.hash(for: signer.algorithm), loader: loader)
        let signature: [UInt8]
        do { signature = try await signer.sign(cryptosuite.signingInput(data, proof: proof)) } catch {
            throw VCError(.signingFailed, "the signer failed: \(error)")
        }
        cryptosuite.encode(signature, into: &proof)
        return proof
    }

    /// What verifying a proof established: for the RDF suites, the expanded forms of the document
    /// and of the proof configuration that the signature covers.
    struct Verified {
        let expandedDocument: [JSONValue]?
        let expandedConfiguration: [JSONValue]?
    }

    /// Verifies one proof (§4.3) over `unsecuredDocument` (the secured document without the
    /// proofs this one does not chain to) with `publicKey`. Throws the reason it fails.
    public static func verifyProof(_ proof: JSONObject, unsecuredDocument: JSONObject, publicKey: Ed25519.PublicKey,
                                   loader: any JSONLDDocumentLoader = PinnedContextLoader.bundled) throws(VCError) {
        try verifyProof(proof, unsecuredDocument: unsecuredDocument, publicKey: .ed25519(publicKey), loader: loader)
    }

    /// Verifies one proof with a key of any type; a key of a type the proof's suite does not use
    /// is refused with `keyTypeNotSupported` (an eddsa suite takes Ed25519 keys only, an ECDSA
    /// suite P-256 and P-384 keys, whose curve also chooses the hash: decision 0029).
    public static func verifyProof(_ proof: JSONObject, unsecuredDocument: JSONObject, publicKey: PublicSigningKey,
                                   loader: any JSONLDDocumentLoader = PinnedContextLoader.bundled) throws(VCError) {
        let suite = try suite(of: proof)
        _ = try verifyProof(proof, signature: suite.implementation.signature(in: proof), unsecuredDocument: unsecuredDocument,
                            publicKey: publicKey, loader: loader)
    }

    /// The signature bytes a proof carries (`proofValue`, or the detached `jws` of an Ed25519Signature2018 proof).
    static func signature(of proof: JSONObject) throws(VCError) -> [UInt8] {
        try suite(of: proof).implementation.signature(in: proof)
    }

    /// As above, with the signature already decoded by ``signature(of:)``.
    static func verifyProof(_ proof: JSONObject, signature: [UInt8], unsecuredDocument: JSONObject, publicKey: PublicSigningKey,
                            loader: any JSONLDDocumentLoader) throws(VCError) -> Verified {
        var options = proof
        options.removeValue(forKey: "proofValue")
        options.removeValue(forKey: "jws")
        let suite = try suite(of: options)
        let cryptosuite = suite.implementation
        try checkKeyType(publicKey.algorithm, cryptosuite)
        // The key fixes the signature's length (an ECDSA suite's proofValue may hold either curve's).
        guard signature.count == publicKey.algorithm.signatureLength else {
            throw VCError(.invalidProofValue, "the proof's signature has \(signature.count) bytes; a \(publicKey.curveName) signature has \(publicKey.algorithm.signatureLength)")
        }
        // The key decides the hash (vc-di-ecdsa §3.2.4: SHA-384 for a P-384 key), never the proof.
        let hash = cryptosuite.hash(for: publicKey.algorithm)
        let document = unsecuredDocument
        let configuration: JSONObject
        if cryptosuite.proofContextIsOwn, options["@context"] != nil {
            // The proof's own @context defines its terms; the proof configuration is the proof itself.
            configuration = try checkedOptions(options)
        } else {
            if let proofContext = options["@context"] {
                // VC Data Integrity §4.3 lets the document's @context go on past the proof's, and
                // then checks the signature without the rest: contexts no signature covers, which
                // could rename what the report and the store show. Only the same @context is
                // accepted (decision 0010).
                guard document["@context"] == proofContext else {
                    throw VCError(.contextMismatch, "the proof's @context is not the document's @context")
                }
            }
            // The proof options already carry the @context the configuration needs (or none).
            configuration = options["@context"] != nil || document["@context"] == nil
                ? try checkedOptions(options)
                : try proofConfiguration(document: document, options: options)
        }
        // Each document is prepared once, even when both escapings are tried.
        let canonicalization = cryptosuite.canonicalization
        let preparedConfiguration = try canonicalization.prepare(configuration, loader: loader)
        let preparedDocument = try canonicalization.prepare(document, loader: loader)
        for (attempt, escaping) in cryptosuite.escapings.enumerated() {
            // A later escaping writes only control characters differently: tried only when there are some.
            if attempt > 0, !hasControlCharacters(.object(document)), !hasControlCharacters(.object(configuration)) { break }
            let data = try hashData(document: preparedDocument, proofConfiguration: preparedConfiguration, canonicalization: canonicalization,
                                    escaping: escaping, hash: hash)
            if publicKey.isValidSignature(signature, for: cryptosuite.signingInput(data, proof: proof)) {
                return Verified(expandedDocument: preparedDocument.expanded, expandedConfiguration: preparedConfiguration.expanded)
            }
        }
        throw VCError(.invalidSignature, "the \(suite.rawValue) signature does not verify")
    }

    /// `keyTypeNotSupported` unless the suite signs with keys of `algorithm` (decision 0029).
    static func checkKeyType(_ algorithm: SignatureAlgorithm, _ cryptosuite: any Cryptosuite) throws(VCError) {
        guard cryptosuite.keyAlgorithms.contains(algorithm) else {
            let accepted = cryptosuite.keyAlgorithms.map(keyTypeName).sorted().joined(separator: " or ")
            throw VCError(.keyTypeNotSupported, "\(cryptosuite.suite.rawValue) takes \(accepted) keys, not an \(keyTypeName(algorithm)) key")
        }
    }

    /// The key type of an algorithm, as messages name it (the JWK `crv` names).
    static func keyTypeName(_ algorithm: SignatureAlgorithm) -> String {
        switch algorithm {
        case .eddsa: "Ed25519"
        case .es256: "P-256"
        case .es384: "P-384"
        case .es256k: "secp256k1"
        }
    }

    /// Whether any string in `value` holds a control character the two escapings write differently.
    static func hasControlCharacters(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.utf8.contains { ($0 < 0x20 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }
        case .array(let items): items.contains(where: hasControlCharacters)
        case .object(let object): object.contains { hasControlCharacters($0.value) }
        default: false
        }
    }
}
