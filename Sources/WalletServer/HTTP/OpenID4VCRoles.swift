import Foundation
public import OpenID4VC

/// The `OpenID4VC` roles as ``RoleHandler``s for ``WalletHTTPServer``.
public enum OpenID4VCRoles {
    /// The issuer: every path `CredentialIssuerService.handle(method:path:query:headers:body:)`
    /// serves (metadata, offers, authorize, token, nonce, credential, deferred credential); a 404
    /// from it passes the request on.
    public static func issuer(_ service: CredentialIssuerService) -> RoleHandler {
        { request in
            let answer = await service.handle(method: request.method, path: request.path, query: request.query,
                                              headers: request.headers, body: request.body)
            return answer.status == 404 ? nil : RoleResponse(status: answer.status, headers: answer.headers, body: answer.body)
        }
    }

    /// The verifier: `GET` and `POST` (with `wallet_nonce`, OpenID4VP §5.10) on the request URI
    /// `…/presentations/{id}/request` serve the signed request object; `POST` on
    /// `…/presentations/{id}/response` takes the wallet's response (`direct_post`, `direct_post.jwt`)
    /// and answers `{}` — or an OAuth error object with 400 when it is refused.
    public static func verifier(_ service: PresentationVerifierService) -> RoleHandler {
        let prefix = (URLComponents(string: service.configuration.baseURL)?.path ?? "") + "/presentations/"
        return { request in
            guard request.path.hasPrefix(prefix) else { return nil }
            let parts = request.path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return nil }
            let id = String(parts[0])
            do {
                switch (request.method, parts[1]) {
                case ("GET", "request"), ("POST", "request"):
                    var walletNonce: String?
                    if request.method == "POST" {
                        walletNonce = try FormEncoding.decode(String(decoding: request.body, as: UTF8.self)).first { $0.0 == "wallet_nonce" }?.1
                    }
                    let object = try await service.requestObject(id: id, walletNonce: walletNonce)
                    return RoleResponse(status: 200, headers: [("Content-Type", PresentationClient.requestObjectMediaType)], body: Array(object.utf8))
                case ("POST", "response"):
                    _ = try await service.receiveResponse(id: id, form: String(decoding: request.body, as: UTF8.self))
                    return RoleResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
                case (_, "request"), (_, "response"):
                    return RoleResponse(status: 405)
                default:
                    return nil
                }
            } catch let error as OpenID4VCError {
                // An unknown, expired or answered request is 404; any other refusal 400.
                let status = error.code == .notFoundOrUsed ? 404 : 400
                return RoleResponse(status: status, headers: [("Content-Type", "application/json")],
                                    body: Array(#"{"error":"invalid_request","error_description":"\#(error.code.rawValue)"}"#.utf8))
            } catch {
                return RoleResponse(status: 500)
            }
        }
    }
}
