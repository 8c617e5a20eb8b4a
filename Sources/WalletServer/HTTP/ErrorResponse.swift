import Hummingbird
import HTTPTypes
import StrictJSON

/// The one shape of a refusal: `{"error": CODE, "error_description": MESSAGE}` (the OAuth 2.0
/// error object, RFC 6749 §5.2, which OpenID4VCI and OpenID4VP endpoints answer with) and the
/// status that fits the code.
enum ErrorResponse {
    static func json(_ error: WalletServerError) -> Response {
        let body: JSONValue = .object(["error": .string(error.code.rawValue), "error_description": .string(error.message)])
        return Responses.json(body, status: status(for: error.code))
    }

    static func status(for code: WalletServerError.Code) -> HTTPResponse.Status {
        switch code {
        case .bodyTooLarge: .contentTooLarge
        case .unknownOrExpired: .notFound
        case .stateFull: .serviceUnavailable
        case .stateUnavailable, .internalError, .invalidConfiguration: .internalServerError
        default: .badRequest
        }
    }
}

/// Response builders with the content types the server uses.
enum Responses {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(JSONSerializer().serialize(value), contentType: "application/json", status: status)
    }

    static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok,
                      headers extra: [(HTTPField.Name, String)] = []) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        for (name, value) in extra { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
