public import StrictJSON

/// What a role type (``CredentialIssuerService``) answers to a parsed request: an HTTP status,
/// headers and a body, for whatever HTTP server hosts the role to send as they are.
public struct OpenIDHTTPResponse: Sendable {
    /// The HTTP status.
    public let status: Int
    /// The header fields (name, value): `Content-Type`, `Cache-Control`, `Location` ...
    public let headers: [(String, String)]
    /// The body.
    public let body: [UInt8]

    /// A response.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - headers: The header fields.
    ///   - body: The body.
    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body, never cached (`Cache-Control: no-store`: OpenID4VCI §6.2, §7.2, §8.3 and RFC
    /// 6749 §5.1 for tokens, nonces and credentials).
    public static func json(_ value: JSONValue, status: Int = 200) -> OpenIDHTTPResponse {
        OpenIDHTTPResponse(
            status: status, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")],
            body: JSONSerializer().serialize(value)
        )
    }

    /// An OAuth error response (RFC 6749 §5.2): `{"error": …, "error_description": …}`, status 400
    /// unless stated (401 with `WWW-Authenticate` for a bad access token, RFC 6750 §3).
    public static func oauthError(_ error: String, _ description: String? = nil, status: Int = 400) -> OpenIDHTTPResponse {
        var object: JSONObject = ["error": .string(error)]
        // RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E.
        if let description {
            let allowed = description.unicodeScalars.filter { ($0.value >= 0x20 && $0.value < 0x7F) && $0 != "\"" && $0 != "\\" }
            object["error_description"] = .string(String(String.UnicodeScalarView(allowed)))
        }
        let response = json(.object(object), status: status)
        guard status == 401 else { return response }
        return OpenIDHTTPResponse(
            status: 401, headers: response.headers + [("WWW-Authenticate", "Bearer error=\"\(error)\"")], body: response.body
        )
    }

    /// A redirect (`302 Found`) to `location`.
    public static func redirect(to location: String) -> OpenIDHTTPResponse {
        OpenIDHTTPResponse(status: 302, headers: [("Location", location), ("Cache-Control", "no-store")])
    }

    /// The value of the header `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// A step of a role's request handling: its result, or the response that refuses the request.
enum Checked<Value> {
    case accepted(Value)
    case refused(OpenIDHTTPResponse)
}
