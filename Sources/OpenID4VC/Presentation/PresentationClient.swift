import DIDCore
import Foundation
public import GuardedHTTP
import StrictJSON
import WalletCrypto

/// The holder's side of OpenID4VP 1.0 over the guarded HTTP client: fetches a request object
/// by reference (`GET`, or `POST` with a fresh `wallet_nonce`, §5.10), has it checked by the
/// ``AuthorizationRequestValidator``, and sends responses to the verifier's `response_uri`.
/// Neither request follows a redirect (§14.7): a 3xx is an error.
public struct PresentationClient: Sendable {
    /// The media type of a request object response (§5.10.1).
    public static let requestObjectMediaType = "application/oauth-authz-req+jwt"

    /// Fetches and posts, within the guarded client's rules (addresses, sizes, deadline, TLS).
    public let http: GuardedHTTPClient
    /// Checks requests.
    public var validator: AuthorizationRequestValidator

    /// A client.
    ///
    /// - Parameters:
    ///   - http: The guarded HTTP client.
    ///   - validator: The request checks (resolvers, X.509 anchors, allowed insecure hosts).
    public init(http: GuardedHTTPClient, validator: AuthorizationRequestValidator = AuthorizationRequestValidator()) {
        self.http = http
        self.validator = validator
    }

    /// Reads a request link (by value or by reference) and checks it.
    ///
    /// - Throws: ``OpenID4VCError``: `transportFailed` when the request object cannot be
    ///   fetched, and every code of ``AuthorizationRequestValidator/validate(link:requestObject:walletNonce:)``.
    public func resolve(_ text: String) async throws(OpenID4VCError) -> AuthorizationRequest {
        let link = try AuthorizationRequestLink(parsing: text)
        switch link.source {
        case .parameters:
            return try await validator.validate(link: link, requestObject: nil)
        case .requestObject(let object):
            return try await validator.validate(link: link, requestObject: object)
        case .requestURI(let uri, let post):
            let walletNonce = post ? Base64URL.encode(SecureRandom.bytes(count: 16)) : nil
            let request: GuardedHTTPRequest
            if let walletNonce {
                let body = FormEncoding.encode([("wallet_nonce", walletNonce)])
                request = .post(uri, body: Array(body.utf8), contentType: "application/x-www-form-urlencoded", accept: Self.requestObjectMediaType)
            } else {
                request = GuardedHTTPRequest(method: .get, url: uri, accept: Self.requestObjectMediaType)
            }
            let response: GuardedHTTPClient.Response
            do { response = try await http.send(request) } catch {
                throw OpenID4VCError(.transportFailed, "the request object could not be fetched: \(error.code)")
            }
            guard let object = String(validating: response.body, as: UTF8.self) else {
                throw OpenID4VCError(.invalidMessage, "the request object is not UTF-8 text")
            }
            return try await validator.validate(link: link, requestObject: object.trimmingCharacters(in: .whitespacesAndNewlines),
                                                walletNonce: walletNonce)
        }
    }

    /// Posts a response to the verifier (§8.2); returns the `redirect_uri` the verifier answered
    /// with, when it did.
    ///
    /// - Throws: ``OpenID4VCError`` `transportFailed` when the post fails or is answered with an
    ///   error status, `invalidMessage` when the answer is not a JSON object.
    @discardableResult
    public func send(_ response: AuthorizationResponse) async throws(OpenID4VCError) -> String? {
        let answer: GuardedHTTPClient.Response
        do {
            answer = try await http.send(.post(response.responseURI, body: Array(response.body.utf8),
                                              contentType: "application/x-www-form-urlencoded", accept: "application/json"))
        } catch {
            throw OpenID4VCError(.transportFailed, "the response could not be sent: \(error.code)")
        }
        guard !answer.body.isEmpty else { return nil }
        guard let object = (try? JSONParser(options: .init(maxDepth: 16, maxBytes: 64 << 10)).parse(answer.body))?.objectValue else {
            throw OpenID4VCError(.invalidMessage, "the verifier's answer is not a JSON object")
        }
        return object["redirect_uri"]?.stringValue
    }
}
