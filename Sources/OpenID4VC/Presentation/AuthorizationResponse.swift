import DIDCore
public import StrictJSON

/// The body the wallet POSTs to the verifier's `response_uri` (OpenID4VP 1.0 §8.2, §8.3, §8.5):
/// `vp_token` and `state` as a form (`direct_post`), the same parameters as an encrypted JWT in
/// `response` (`direct_post.jwt`), or an error (`error`, `state`).
public struct AuthorizationResponse: Sendable {
    /// Where it goes.
    public let responseURI: String
    /// The form parameters, in order.
    public let parameters: [(String, String)]
    /// The `application/x-www-form-urlencoded` body.
    public var body: String { FormEncoding.encode(parameters) }

    /// A successful response carrying `vpToken` (query id → presentations).
    ///
    /// - Throws: ``OpenID4VCError`` `unsupportedEncryption` when `direct_post.jwt` is asked for
    ///   but `client_metadata.jwks` has no EC P-256 `ECDH-ES` key for encryption, or no `enc`
    ///   this wallet supports is listed: nothing is sent in plaintext instead.
    public static func success(vpToken: JSONObject, for request: AuthorizationRequest) throws(OpenID4VCError) -> AuthorizationResponse {
        var payload: JSONObject = ["vp_token": .object(vpToken)]
        if let state = request.state { payload["state"] = .string(state) }
        return try make(payload, for: request, encryptionRequired: true)
    }

    /// An error response (§8.5): `access_denied` when the user declines or nothing matches,
    /// `invalid_request` and the others of RFC 6749 §4.1.2.1. With `direct_post.jwt` it is
    /// encrypted when the verifier's key allows, otherwise sent as a plain form (§8.3.1).
    public static func error(_ code: String, description: String? = nil, for request: AuthorizationRequest) -> AuthorizationResponse {
        var payload: JSONObject = ["error": .string(code)]
        if let description { payload["error_description"] = .string(description) }
        if let state = request.state { payload["state"] = .string(state) }
        return (try? make(payload, for: request, encryptionRequired: false))
            ?? AuthorizationResponse(responseURI: request.responseURI, parameters: formParameters(payload))
    }

    private static func make(_ payload: JSONObject, for request: AuthorizationRequest, encryptionRequired: Bool) throws(OpenID4VCError)
        -> AuthorizationResponse {
        switch request.responseMode {
        case .directPost:
            return AuthorizationResponse(responseURI: request.responseURI, parameters: formParameters(payload))
        case .directPostJWT:
            let (key, encryption) = try encryptionKey(request.clientMetadata)
            let jwe = try JWE.encrypt(JSONSerializer().serialize(.object(payload)), to: key, encryption: encryption)
            return AuthorizationResponse(responseURI: request.responseURI, parameters: [("response", jwe)])
        }
    }

    /// Object values as JSON text, strings as they are (§8.2).
    private static func formParameters(_ payload: JSONObject) -> [(String, String)] {
        payload.map { member in (member.key, member.value.stringValue ?? member.value.compactString) }
    }

    /// The verifier's encryption key and content encryption (§8.3): a JWK of `jwks` with `use`
    /// absent or `enc`, `kty` `EC`, `crv` `P-256` and `alg` `ECDH-ES`; the first `enc` of
    /// `encrypted_response_enc_values_supported` this wallet supports (default `A128GCM`).
    static func encryptionKey(_ metadata: JSONObject?) throws(OpenID4VCError) -> (JWK, JWE.ContentEncryption) {
        let keys = metadata?["jwks"]?["keys"]?.arrayValue ?? []
        let usable = keys.prefix(16).compactMap { value -> JWK? in
            guard let jwk = try? JWK(json: value), jwk.keyType == "EC", jwk.curve == "P-256", jwk.use == nil || jwk.use == "enc",
                  jwk.members["alg"]?.stringValue == JWE.keyAgreement else { return nil }
            return jwk
        }
        guard let key = usable.first else {
            throw OpenID4VCError(.unsupportedEncryption, "direct_post.jwt: client_metadata.jwks has no EC P-256 ECDH-ES key for encryption")
        }
        let offered = metadata?["encrypted_response_enc_values_supported"]?.arrayValue?.compactMap(\.stringValue) ?? ["A128GCM"]
        guard let encryption = offered.lazy.compactMap(JWE.ContentEncryption.init(rawValue:)).first else {
            throw OpenID4VCError(.unsupportedEncryption, "direct_post.jwt: none of \(offered.joined(separator: ", ")) is A128GCM or A256GCM")
        }
        return (key, encryption)
    }
}
