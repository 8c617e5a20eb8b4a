public import StrictJSON

/// One entry of an issuer's `credential_configurations_supported` (OpenID4VCI 1.0 §12.2.4,
/// Appendix A): the format and its type, how the credential is bound to the holder's key, and the
/// display metadata kept with a received credential.
public struct CredentialConfiguration: Sendable {
    /// The formats this implementation receives and issues (Appendix A.1.1, A.1.2, A.3).
    public static let supportedFormats = ["dc+sd-jwt", "jwt_vc_json", "ldp_vc"]

    /// The key of this configuration in `credential_configurations_supported`.
    public let id: String
    /// `dc+sd-jwt`, `jwt_vc_json`, `ldp_vc` (others are read but not received).
    public let format: String
    /// The OAuth scope that requests it, if any.
    public let scope: String?
    /// `vct`, for `dc+sd-jwt`.
    public let vct: String?
    /// `credential_definition.type`, for the W3C formats.
    public let types: [String]
    /// `credential_definition.@context`, for `ldp_vc`.
    public let contexts: [String]
    /// `cryptographic_binding_methods_supported` (`jwk`, `did:key` ...); empty when the credential
    /// is not bound to a key.
    public let bindingMethods: [String]
    /// The `jwt` proof type's `proof_signing_alg_values_supported`; `nil` when the configuration
    /// takes no `jwt` proof.
    public let proofSigningAlgorithms: [String]?
    /// `credential_signing_alg_values_supported` (COSE numbers as their decimal text).
    public let signingAlgorithms: [String]
    /// `credential_metadata` (`display`, `claims`), as given.
    public let credentialMetadata: JSONObject?
    /// The configuration's JSON object, as given.
    public let jsonObject: JSONObject

    /// Reads one configuration; `format` is required, the rest typed as §12.2.4 says.
    public init(id: String, object: JSONObject) throws(OpenID4VCError) {
        let what = "credential configuration \(id.prefix(60))"
        self.id = id
        format = try JSONBody.string(object, "format", what)
        scope = try JSONBody.optionalString(object, "scope", what)
        vct = try JSONBody.optionalString(object, "vct", what)
        let definition = try JSONBody.optionalObject(object, "credential_definition", what) ?? [:]
        types = try JSONBody.optionalStrings(definition, "type", what) ?? []
        contexts = try JSONBody.optionalStrings(definition, "@context", what) ?? []
        bindingMethods = try JSONBody.optionalStrings(object, "cryptographic_binding_methods_supported", what) ?? []
        // Strings (JOSE names, suite names) or numbers (COSE algorithm identifiers for mso_mdoc, Appendix A.2.2).
        var algorithms: [String] = []
        for value in object["credential_signing_alg_values_supported"]?.arrayValue?.prefix(64) ?? [] {
            guard let name = value.stringValue ?? value.numberValue?.text else {
                throw OpenID4VCError(.invalidMessage, "the \(what)'s credential_signing_alg_values_supported holds neither a string nor a number")
            }
            algorithms.append(name)
        }
        signingAlgorithms = algorithms
        if let proofTypes = try JSONBody.optionalObject(object, "proof_types_supported", what),
           let jwt = try JSONBody.optionalObject(proofTypes, "jwt", what) {
            proofSigningAlgorithms = try JSONBody.optionalStrings(jwt, "proof_signing_alg_values_supported", what) ?? []
        } else {
            proofSigningAlgorithms = nil
        }
        credentialMetadata = try JSONBody.optionalObject(object, "credential_metadata", what)
        if format == "dc+sd-jwt" && vct == nil { throw OpenID4VCError(.invalidMessage, "the \(what) (dc+sd-jwt) has no vct") }
        jsonObject = object
    }

    /// A configuration an issuer publishes: `dc+sd-jwt` with `vct`, or a W3C format with its
    /// types (and contexts for `ldp_vc`), bound to a `jwk` / DID key proven with a `jwt` proof
    /// signed with one of `proofAlgorithms`.
    /// - Parameters:
    ///   - id: The configuration's key.
    ///   - format: `dc+sd-jwt`, `jwt_vc_json` or `ldp_vc`.
    ///   - vct: The SD-JWT VC type.
    ///   - types: The W3C credential types (`VerifiableCredential` first).
    ///   - contexts: The W3C contexts (`ldp_vc`).
    ///   - proofAlgorithms: The `alg` values the issuer accepts in key proofs.
    ///   - signingAlgorithms: The algorithms the issuer signs credentials with.
    ///   - display: `credential_metadata.display` entries (`name`, `locale`, ...).
    public init(id: String, format: String, vct: String? = nil, types: [String] = [], contexts: [String] = [],
                proofAlgorithms: [String] = ["EdDSA", "ES256"], signingAlgorithms: [String] = [], display: [JSONValue] = []) {
        var object: JSONObject = ["format": .string(format)]
        object["scope"] = .string(id)
        let bindings: [String] = format == "dc+sd-jwt" ? ["jwk"] : ["did:key", "did:jwk"]
        object["cryptographic_binding_methods_supported"] = .array(bindings.map { .string($0) })
        if !signingAlgorithms.isEmpty { object["credential_signing_alg_values_supported"] = .array(signingAlgorithms.map { .string($0) }) }
        object["proof_types_supported"] = ["jwt": ["proof_signing_alg_values_supported": .array(proofAlgorithms.map { .string($0) })]]
        if let vct { object["vct"] = .string(vct) }
        if format != "dc+sd-jwt" {
            var definition: JSONObject = ["type": .array(types.map { .string($0) })]
            if !contexts.isEmpty { definition["@context"] = .array(contexts.map { .string($0) }) }
            object["credential_definition"] = .object(definition)
        }
        if !display.isEmpty { object["credential_metadata"] = ["display": .array(display)] }
        self.id = id
        self.format = format
        self.scope = id
        self.vct = vct
        self.types = types
        self.contexts = contexts
        self.bindingMethods = bindings
        self.proofSigningAlgorithms = proofAlgorithms
        self.signingAlgorithms = signingAlgorithms
        self.credentialMetadata = display.isEmpty ? nil : ["display": .array(display)]
        self.jsonObject = object
    }

    /// The display entries (`credential_metadata.display`, or a top-level `display` as drafts
    /// before 1.0 wrote it).
    public var display: [JSONValue] {
        credentialMetadata?["display"]?.arrayValue ?? jsonObject["display"]?.arrayValue ?? []
    }
}
