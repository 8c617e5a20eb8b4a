public import StrictJSON

/// A Credential Issuer's metadata (OpenID4VCI 1.0 §12.2): its identifier, endpoints, the
/// authorization servers it relies on, its display and the credential configurations it issues.
///
/// The wallet fetches it from ``wellKnownURL(for:)`` and uses it only when its
/// `credential_issuer` is, character for character, the identifier it was fetched for (§12.2.4;
/// security requirement 47): ``init(json:expectedIssuer:)`` checks that.
public struct CredentialIssuerMetadata: Sendable {
    /// The well-known path (§12.2.2).
    public static let wellKnownPath = "/.well-known/openid-credential-issuer"
    /// The most configurations read.
    public static let maximumConfigurations = 64

    /// The Credential Issuer Identifier.
    public let credentialIssuer: String
    /// `authorization_servers`; empty when the issuer is its own authorization server.
    public let authorizationServers: [String]
    /// The Credential Endpoint (https).
    public let credentialEndpoint: String
    /// The Nonce Endpoint, when the issuer wants `c_nonce` in proofs.
    public let nonceEndpoint: String?
    /// The Deferred Credential Endpoint, when the issuer defers.
    public let deferredCredentialEndpoint: String?
    /// The issuer's `display` entries (`name`, `locale`, `logo`).
    public let display: [JSONValue]
    /// The configurations, in the order given.
    public let configurations: [CredentialConfiguration]
    /// Whether the issuer requires encrypted credential responses (which this wallet does not do).
    public let requiresResponseEncryption: Bool
    /// The metadata object as given.
    public let jsonObject: JSONObject

    /// The metadata URL of `credentialIssuer`: the well-known path inserted between the host and
    /// the path (§12.2.2: `https://issuer.example.com/tenant` →
    /// `https://issuer.example.com/.well-known/openid-credential-issuer/tenant`).
    public static func wellKnownURL(for credentialIssuer: String) throws(OpenID4VCError) -> String {
        try WellKnownURL.insert(wellKnownPath, into: credentialIssuer, "credential issuer identifier")
    }

    /// Parses metadata fetched for `expectedIssuer` and checks that its `credential_issuer` is
    /// that identifier (``OpenID4VCError/Code/issuerMismatch`` otherwise), that the endpoints are
    /// https URLs and that the configurations are well formed.
    public init(json bytes: [UInt8], expectedIssuer: String) throws(OpenID4VCError) {
        try self.init(object: try JSONBody.object(bytes, "credential issuer metadata"))
        guard credentialIssuer == expectedIssuer else {
            throw OpenID4VCError(.issuerMismatch, "the metadata names the issuer \(credentialIssuer.prefix(100)), not \(expectedIssuer.prefix(100))")
        }
    }

    /// Reads the metadata object (§12.2.4).
    public init(object: JSONObject) throws(OpenID4VCError) {
        let what = "credential issuer metadata"
        credentialIssuer = try JSONBody.string(object, "credential_issuer", what)
        _ = try WellKnownURL.split(credentialIssuer, "metadata's credential_issuer")
        authorizationServers = try JSONBody.optionalStrings(object, "authorization_servers", what) ?? []
        for server in authorizationServers { _ = try WellKnownURL.split(server, "authorization server") }
        credentialEndpoint = try JSONBody.string(object, "credential_endpoint", what)
        nonceEndpoint = try JSONBody.optionalString(object, "nonce_endpoint", what)
        deferredCredentialEndpoint = try JSONBody.optionalString(object, "deferred_credential_endpoint", what)
        for (name, url) in [("credential_endpoint", credentialEndpoint), ("nonce_endpoint", nonceEndpoint),
                            ("deferred_credential_endpoint", deferredCredentialEndpoint)] {
            if let url { _ = try WellKnownURL.split(url, name, allowQuery: true) }
        }
        display = object["display"]?.arrayValue ?? []
        guard let supported = try JSONBody.optionalObject(object, "credential_configurations_supported", what) else {
            throw OpenID4VCError(.invalidMessage, "the \(what) has no credential_configurations_supported")
        }
        guard supported.count <= Self.maximumConfigurations else {
            throw OpenID4VCError(.messageTooLarge, "the \(what) lists \(supported.count) configurations (the limit is \(Self.maximumConfigurations))")
        }
        var configurations: [CredentialConfiguration] = []
        for member in supported {
            guard let configuration = member.value.objectValue else {
                throw OpenID4VCError(.invalidMessage, "the credential configuration \(member.key.prefix(60)) is not an object")
            }
            configurations.append(try CredentialConfiguration(id: member.key, object: configuration))
        }
        self.configurations = configurations
        requiresResponseEncryption = object["credential_response_encryption"]?["encryption_required"]?.boolValue == true
            || object["credential_request_encryption"]?["encryption_required"]?.boolValue == true
        jsonObject = object
    }

    /// Metadata an issuer publishes (``CredentialIssuerService``).
    /// - Parameters:
    ///   - credentialIssuer: The identifier.
    ///   - credentialEndpoint: The Credential Endpoint.
    ///   - nonceEndpoint: The Nonce Endpoint.
    ///   - deferredCredentialEndpoint: The Deferred Credential Endpoint.
    ///   - display: The issuer's display entries.
    ///   - configurations: The configurations.
    public init(credentialIssuer: String, credentialEndpoint: String, nonceEndpoint: String?, deferredCredentialEndpoint: String?,
                display: [JSONValue], configurations: [CredentialConfiguration]) {
        var object: JSONObject = ["credential_issuer": .string(credentialIssuer), "credential_endpoint": .string(credentialEndpoint)]
        if let nonceEndpoint { object["nonce_endpoint"] = .string(nonceEndpoint) }
        if let deferredCredentialEndpoint { object["deferred_credential_endpoint"] = .string(deferredCredentialEndpoint) }
        if !display.isEmpty { object["display"] = .array(display) }
        var supported: JSONObject = [:]
        for configuration in configurations { supported[configuration.id] = .object(configuration.jsonObject) }
        object["credential_configurations_supported"] = .object(supported)
        self.credentialIssuer = credentialIssuer
        self.authorizationServers = []
        self.credentialEndpoint = credentialEndpoint
        self.nonceEndpoint = nonceEndpoint
        self.deferredCredentialEndpoint = deferredCredentialEndpoint
        self.display = display
        self.configurations = configurations
        self.requiresResponseEncryption = false
        self.jsonObject = object
    }

    /// The configuration `id`, if the issuer lists it.
    public func configuration(_ id: String) -> CredentialConfiguration? { configurations.first { $0.id == id } }

    /// The metadata as JSON.
    public var jsonValue: JSONValue { .object(jsonObject) }
}
