public import StrictJSON

/// What the wallet is about to send, for the user to confirm: which verifier (and how it was
/// authenticated), where the answer goes, and which claims of which credential go to it.
public struct PresentationPlan: Sendable {
    /// One credential to be presented.
    public struct Item: Sendable, Hashable {
        /// The credential query it answers (the `vp_token` key).
        public let queryId: String
        /// The stored credential's id.
        public let credentialId: String
        /// The OpenID4VP format identifier.
        public let format: String
        /// The credential's types (`vct`, or W3C `type`).
        public let types: [String]
        /// The issuer.
        public let issuer: String
        /// The claims disclosed (`given_name`, `address.locality`); `["*"]` for the whole credential.
        public let claims: [String]
        /// Other stored credentials that would answer this query too.
        public let alternatives: [String]
        /// Whether a proof of holder binding is asked for.
        public let holderBinding: Bool

        /// The item as JSON (`wallet present --json`).
        public var jsonValue: JSONValue {
            ["query": .string(queryId), "credential": .string(credentialId), "format": .string(format),
             "types": .array(types.map { .string($0) }), "issuer": .string(issuer), "claims": .array(claims.map { .string($0) }),
             "alternatives": .array(alternatives.map { .string($0) })]
        }
    }

    /// The request the plan answers.
    public let request: AuthorizationRequest
    /// What is presented, in the query's order.
    public let items: [Item]
    /// The credentials of the items, by id, with what presenting them needs.
    let credentials: [String: HolderCredential]

    /// The verifier, as people should see it: the client id, and whether it was authenticated.
    public var verifier: String { request.clientId.text }
    /// Whether the verifier is unauthenticated (`redirect_uri:`, unsigned).
    public var verifierIsUnauthenticated: Bool { request.authentication == .unsigned }

    /// The plan as JSON.
    public var jsonValue: JSONValue {
        var authentication: JSONObject
        switch request.authentication {
        case .unsigned: authentication = ["kind": "unsigned"]
        case .decentralizedIdentifier(let keyId): authentication = ["kind": "decentralized_identifier", "keyId": .string(keyId)]
        case .x509(let names): authentication = ["kind": "x509", "dnsNames": .array(names.map { .string($0) })]
        }
        return ["verifier": .string(verifier), "authentication": .object(authentication), "responseURI": .string(request.responseURI),
                "responseMode": .string(request.responseMode.rawValue), "items": .array(items.map(\.jsonValue))]
    }
}
