public import StrictJSON

/// A Credential Offer (OpenID4VCI 1.0 §4.1.1): which issuer offers which credential
/// configurations, and the grants it is prepared to honour.
///
/// Nothing in an offer is trusted (§13.4): the issuer's metadata is fetched from the offer's
/// `credential_issuer` and must name the same identifier; every later step is checked as if the
/// wallet had started the flow itself. The pre-authorized code is a secret: it never appears in a
/// description or a message.
public struct CredentialOffer: Sendable {
    /// The grant type of the pre-authorized code flow (§4.1.1).
    public static let preAuthorizedCodeGrantType = "urn:ietf:params:oauth:grant-type:pre-authorized_code"

    /// The `tx_code` object (§4.1.1): a Transaction Code is required, delivered to the user
    /// through another channel.
    public struct TransactionCode: Sendable, Hashable {
        /// `numeric` (digits only, the default) or `text`.
        public let inputMode: String
        /// The code's length, when stated.
        public let length: Int?
        /// Guidance for the user on where to find the code (at most 300 characters).
        public let description: String?

        /// A `tx_code` object.
        public init(inputMode: String = "numeric", length: Int? = nil, description: String? = nil) {
            self.inputMode = inputMode
            self.length = length
            self.description = description
        }
    }

    /// The `urn:ietf:params:oauth:grant-type:pre-authorized_code` grant.
    public struct PreAuthorizedCodeGrant: Sendable, CustomStringConvertible {
        /// The pre-authorized code (a secret; not in ``description``).
        public let code: String
        /// Present when the token request needs a Transaction Code.
        public let transactionCode: TransactionCode?
        /// The authorization server to use, among the issuer's `authorization_servers`.
        public let authorizationServer: String?
        /// Redacted: the grant without its code.
        public var description: String { "PreAuthorizedCodeGrant(code: <redacted>, transactionCode: \(transactionCode != nil))" }

        /// A pre-authorized code grant.
        public init(code: String, transactionCode: TransactionCode? = nil, authorizationServer: String? = nil) {
            self.code = code
            self.transactionCode = transactionCode
            self.authorizationServer = authorizationServer
        }
    }

    /// The `authorization_code` grant.
    public struct AuthorizationCodeGrant: Sendable, Hashable {
        /// The issuer's context to send back in the authorization request.
        public let issuerState: String?
        /// The authorization server to use, among the issuer's `authorization_servers`.
        public let authorizationServer: String?

        /// An authorization code grant.
        public init(issuerState: String? = nil, authorizationServer: String? = nil) {
            self.issuerState = issuerState
            self.authorizationServer = authorizationServer
        }
    }

    /// The Credential Issuer Identifier (an https URL; http only on a loopback IP literal).
    public let credentialIssuer: String
    /// The offered configurations, keys of the issuer's `credential_configurations_supported`.
    public let credentialConfigurationIds: [String]
    /// The pre-authorized code grant, when offered.
    public let preAuthorizedCode: PreAuthorizedCodeGrant?
    /// The authorization code grant, when offered.
    public let authorizationCode: AuthorizationCodeGrant?

    /// The most configurations an offer may list.
    public static let maximumConfigurations = 16

    /// An offer from its parts.
    public init(credentialIssuer: String, credentialConfigurationIds: [String], preAuthorizedCode: PreAuthorizedCodeGrant? = nil,
                authorizationCode: AuthorizationCodeGrant? = nil) {
        self.credentialIssuer = credentialIssuer
        self.credentialConfigurationIds = credentialConfigurationIds
        self.preAuthorizedCode = preAuthorizedCode
        self.authorizationCode = authorizationCode
    }

    /// Parses the offer object's JSON text (strict JSON, at most 1 MiB).
    public init(json bytes: [UInt8]) throws(OpenID4VCError) {
        try self.init(object: try JSONBody.object(bytes, "credential offer"))
    }

    /// Reads the offer object: `credential_issuer` an https URL without query or fragment,
    /// `credential_configuration_ids` a non-empty array of unique strings, the grants' members
    /// typed as §4.1.1 says; unknown members are ignored.
    public init(object: JSONObject) throws(OpenID4VCError) {
        let what = "credential offer"
        credentialIssuer = try JSONBody.string(object, "credential_issuer", what)
        _ = try WellKnownURL.split(credentialIssuer, "offer's credential_issuer")
        guard let ids = try JSONBody.optionalStrings(object, "credential_configuration_ids", what), !ids.isEmpty else {
            throw OpenID4VCError(.invalidMessage, "the credential offer has no credential_configuration_ids")
        }
        guard ids.count <= Self.maximumConfigurations else {
            throw OpenID4VCError(.messageTooLarge, "the credential offer lists \(ids.count) configurations (the limit is \(Self.maximumConfigurations))")
        }
        guard Set(ids).count == ids.count, !ids.contains("") else {
            throw OpenID4VCError(.invalidMessage, "the credential offer's credential_configuration_ids are not unique non-empty strings")
        }
        credentialConfigurationIds = ids
        let grants = try JSONBody.optionalObject(object, "grants", what) ?? [:]
        if let grant = try JSONBody.optionalObject(grants, Self.preAuthorizedCodeGrantType, "pre-authorized code grant") {
            let code = try JSONBody.string(grant, "pre-authorized_code", "pre-authorized code grant")
            var transactionCode: TransactionCode?
            if let tx = try JSONBody.optionalObject(grant, "tx_code", "pre-authorized code grant") {
                let mode = try JSONBody.optionalString(tx, "input_mode", "tx_code") ?? "numeric"
                guard mode == "numeric" || mode == "text" else {
                    throw OpenID4VCError(.invalidMessage, "the tx_code's input_mode is neither numeric nor text")
                }
                let length = try JSONBody.optionalInteger(tx, "length", "tx_code")
                if let length, !(1...64).contains(length) { throw OpenID4VCError(.invalidMessage, "the tx_code's length is not 1–64") }
                let description = try JSONBody.optionalString(tx, "description", "tx_code")
                if let description, description.count > 300 {
                    throw OpenID4VCError(.invalidMessage, "the tx_code's description is over 300 characters")
                }
                transactionCode = TransactionCode(inputMode: mode, length: length, description: description)
            }
            preAuthorizedCode = PreAuthorizedCodeGrant(
                code: code, transactionCode: transactionCode,
                authorizationServer: try JSONBody.optionalString(grant, "authorization_server", "pre-authorized code grant")
            )
        } else {
            preAuthorizedCode = nil
        }
        if let grant = try JSONBody.optionalObject(grants, "authorization_code", "authorization code grant") {
            authorizationCode = AuthorizationCodeGrant(
                issuerState: try JSONBody.optionalString(grant, "issuer_state", "authorization code grant"),
                authorizationServer: try JSONBody.optionalString(grant, "authorization_server", "authorization code grant")
            )
        } else {
            authorizationCode = nil
        }
    }

    /// The offer object (what an issuer sends by value or serves at `credential_offer_uri`).
    public var jsonValue: JSONValue {
        var grants: JSONObject = [:]
        if let preAuthorizedCode {
            var grant: JSONObject = ["pre-authorized_code": .string(preAuthorizedCode.code)]
            if let tx = preAuthorizedCode.transactionCode {
                var object: JSONObject = ["input_mode": .string(tx.inputMode)]
                if let length = tx.length { object["length"] = .number(JSONNumber(length)) }
                if let description = tx.description { object["description"] = .string(description) }
                grant["tx_code"] = .object(object)
            }
            if let server = preAuthorizedCode.authorizationServer { grant["authorization_server"] = .string(server) }
            grants[Self.preAuthorizedCodeGrantType] = .object(grant)
        }
        if let authorizationCode {
            var grant: JSONObject = [:]
            if let state = authorizationCode.issuerState { grant["issuer_state"] = .string(state) }
            if let server = authorizationCode.authorizationServer { grant["authorization_server"] = .string(server) }
            grants["authorization_code"] = .object(grant)
        }
        var object: JSONObject = [
            "credential_issuer": .string(credentialIssuer),
            "credential_configuration_ids": .array(credentialConfigurationIds.map { .string($0) }),
        ]
        if !grants.isEmpty { object["grants"] = .object(grants) }
        return .object(object)
    }
}
