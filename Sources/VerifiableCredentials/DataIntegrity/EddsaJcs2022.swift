import DIDCore
public import JSONLD
public import StrictJSON
public import WalletCrypto

/// The `eddsa-jcs-2022` cryptosuite (W3C vc-di-eddsa §3.3): a `DataIntegrityProof` over the
/// RFC 8785 canonical forms of the proof configuration and of the document, hashed with SHA-256
/// and signed with Ed25519.
///
///     hashData   = SHA-256(JCS(proofConfig)) || SHA-256(JCS(unsecuredDocument))
///     proofValue = "z" + base58btc(Ed25519.sign(hashData))
public enum EddsaJcs2022 {
    public static let type = "DataIntegrityProof"
    public static let cryptosuite = "eddsa-jcs-2022"

    /// Proof options (VC Data Integrity §2.1 proof properties).
    public struct ProofOptions: Sendable {
        public var verificationMethod: String
        public var proofPurpose: String
        public var created: String?
        public var expires: String?
        public var challenge: String?
        /// A string or an array of strings.
        public var domain: JSONValue?
        public var nonce: String?
        public var id: String?
        /// The id (or ids) of the proof(s) this one chains to.
        public var previousProof: JSONValue?
        public var cryptosuite: DataIntegrityCryptosuite

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
            throw VCError(.unsupportedProof, "the proof must be a DataIntegrityProof (eddsa-jcs-2022, eddsa-rdfc-2022), Ed25519Signature2020 or Ed25519Signature2018")
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

    /// `SHA-256(canonical(proofConfig)) || SHA-256(canonical(document))` (§3.3.4 / §3.2.4 hashing,
    /// §3.3.3 / §3.2.3 transformation), with the canonicalization of `suite`.
    public static func hashData(document: JSONObject, proofConfiguration: JSONObject, suite: DataIntegrityCryptosuite = .eddsaJcs2022,
                                loader: any JSONLDDocumentLoader = PinnedContextLoader.bundled,
                                escaping: NQuads.Escaping = .canonical) throws(VCError) -> [UInt8] {
        let preparedConfiguration = try suite.prepare(proofConfiguration, loader: loader)
        return try hashData(document: suite.prepare(document, loader: loader), proofConfiguration: preparedConfiguration, suite: suite, escaping: escaping)
    }

    /// The same from documents made ready once (``DataIntegrityCryptosuite/prepare(_:loader:)``).
    static func hashData(document: DataIntegrityCryptosuite.Prepared, proofConfiguration: DataIntegrityCryptosuite.Prepared,
                         suite: DataIntegrityCryptosuite, escaping: NQuads.Escaping) throws(VCError) -> [UInt8] {
        SHA256.hash(try suite.canonicalBytes(proofConfiguration, escaping: escaping)) + SHA256.hash(try suite.canonicalBytes(document, escaping: escaping))
    }

    /// Creates a proof for `document` (which must not hold the proofs it signs over, except the
    /// previous proofs of a chain, placed by the caller).
    public static func createProof(document: JSONObject, options: ProofOptions, signer: some Signer) async throws(VCError) -> JSONObject {
        guard options.cryptosuite != .ed25519Signature2018 else {
            throw VCError(.unsupportedProof, "Ed25519Signature2018 proofs are verified, not created; use eddsa-rdfc-2022 or Ed25519Signature2020")
        }
        var proof = options.object
        // eddsa-jcs-2022 carries the document's @context in the proof (§3.3.1); eddsa-rdfc-2022
        // does not need to (the document's context applies to the proof graph, §3.2.1).
        if options.cryptosuite == .eddsaJcs2022, let context = document["@context"] { proof["@context"] = context }
        let configuration = try proofConfiguration(document: document, options: options.object)
        let data = try hashData(document: document, proofConfiguration: configuration, suite: options.cryptosuite)
        let signature: Ed25519.Signature
        do { signature = try await signer.sign(data) } catch { throw VCError(.signingFailed, "the signer failed: \(error)") }
        proof["proofValue"] = .string(Multibase.base58btc.encode(signature.rawRepresentation))
        return proof
    }

    /// Verifies one proof (§3.3.2) over `unsecuredDocument` (the secured document without the
    /// proofs this one does not chain to) with `publicKey`. Throws the reason it fails.
    public static func verifyProof(_ proof: JSONObject, unsecuredDocument: JSONObject, publicKey: Ed25519.PublicKey) throws(VCError) {
        try verifyProof(proof, signature: proofValue(of: proof), unsecuredDocument: unsecuredDocument, publicKey: publicKey)
    }

    /// As above, with the `proofValue` already decoded by ``proofValue(of:)``.
    static func verifyProof(_ proof: JSONObject, signature: [UInt8], unsecuredDocument: JSONObject, publicKey: Ed25519.PublicKey) throws(VCError) {
        var options = proof
        options.removeValue(forKey: "proofValue")
        options.removeValue(forKey: "jws")
        let suite = try suite(of: options)
        var document = unsecuredDocument
        let configuration: JSONObject
        if suite == .ed25519Signature2020 || suite == .ed25519Signature2018, options["@context"] != nil {
            // A Linked Data proof may carry its own @context for its terms (as didkit writes
            // Ed25519Signature2020 proofs); the proof configuration is then the proof itself.
            configuration = try checkedOptions(options)
        } else {
            if let proofContext = options["@context"] {
                // The secured document's @context must start with the proof's, in order.
                let documentContext = document["@context"]
                if documentContext != proofContext {
                    let documentContexts = documentContext?.arrayValue ?? documentContext.map { [$0] } ?? []
                    let proofContexts = proofContext.arrayValue ?? [proofContext]
                    guard documentContexts.count >= proofContexts.count, Array(documentContexts.prefix(proofContexts.count)) == proofContexts else {
                        throw VCError(.contextMismatch, "the proof's @context is not a prefix of the document's @context")
                    }
                    document["@context"] = proofContext
                }
            }
            // The proof options already carry the @context the configuration needs (or none).
            configuration = options["@context"] != nil || document["@context"] == nil
                ? try checkedOptions(options)
                : try proofConfiguration(document: document, options: options)
        }
        // Each document is deserialized once, even when both escapings are tried.
        let preparedConfiguration = try suite.prepare(configuration, loader: PinnedContextLoader.bundled)
        let preparedDocument = try suite.prepare(document, loader: PinnedContextLoader.bundled)
        func verifies(_ escaping: NQuads.Escaping) throws(VCError) -> Bool {
            var data = try hashData(document: preparedDocument, proofConfiguration: preparedConfiguration, suite: suite, escaping: escaping)
            if suite == .ed25519Signature2018, let jws = proof["jws"]?.stringValue, let dot = jws.firstIndex(of: ".") {
                // RFC 7797 unencoded payload: the JWS signing input is `BASE64URL(header) || "." || data`.
                data = Array(jws[..<dot].utf8) + [UInt8(ascii: ".")] + data
            }
            return publicKey.isValidSignature(signature, for: data)
        }
        if try verifies(.canonical) { return }
        // Linked Data proofs made before RDFC-1.0 (URDNA2015 as jsonld.js ≤ 2023 and didkit write it)
        // leave tabs and other control characters unescaped; the same dataset, written that way.
        let legacy = suite == .ed25519Signature2020 || suite == .ed25519Signature2018
        if legacy, Self.hasControlCharacters(.object(document)) || Self.hasControlCharacters(.object(configuration)), try verifies(.urdna2015) { return }
        throw VCError(.invalidSignature, "the \(suite.rawValue) signature does not verify")
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

    /// The 64 signature bytes of `proofValue` (multibase base58btc), or of the detached JWS of an
    /// Ed25519Signature2018 proof (header exactly `alg` EdDSA, `b64` false, `crit` ["b64"]).
    static func proofValue(of proof: JSONObject) throws(VCError) -> [UInt8] {
        if proof["type"]?.stringValue == DataIntegrityCryptosuite.ed25519Signature2018.rawValue {
            guard let jws = proof["jws"]?.stringValue else { throw VCError(.invalidProofValue, "the proof has no jws") }
            let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[1].isEmpty, let headerBytes = try? Base64URL.decode(String(parts[0])),
                  let header = (try? JSONValue(parsing: headerBytes))?.objectValue,
                  header["alg"] == "EdDSA", header["b64"] == false, header["crit"] == ["b64"], header.count == 3 else {
                throw VCError(.invalidProofValue, "the jws is not a detached EdDSA JWS with b64:false")
            }
            guard let signature = try? Base64URL.decode(String(parts[2])), signature.count == Ed25519.signatureLength else {
                throw VCError(.invalidProofValue, "the jws signature is not 64 bytes of base64url")
            }
            return signature
        }
        guard let text = proof["proofValue"]?.stringValue else { throw VCError(.invalidProofValue, "the proof has no proofValue") }
        guard text.first == "z", let bytes = try? Multibase.decode(text, expecting: .base58btc) else {
            throw VCError(.invalidProofValue, "proofValue is not multibase base58btc ('z…')")
        }
        guard bytes.count == Ed25519.signatureLength else {
            throw VCError(.invalidProofValue, "proofValue holds \(bytes.count) bytes, not a 64-byte Ed25519 signature")
        }
        return bytes
    }
}
