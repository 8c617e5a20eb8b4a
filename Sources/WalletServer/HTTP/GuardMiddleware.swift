import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// What every request passes first: the body limit, the response headers every answer carries,
/// and the one log line per request.
///
/// - A body longer than the limit is refused with 413 before it is read past the limit — at once
///   when `Content-Length` says so, else when the bytes read reach it; the whole body is read
///   into memory here, so no route reads an unbounded one.
/// - Every response is `Cache-Control: no-store` (codes, tokens and results are not for caches),
///   `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer` (a page's URL holds its
///   view identifier).
/// - The log line has the method, the path with every segment that could be an identifier
///   replaced by `*` (``loggablePath(_:)``), and the status: no query, header or body.
struct GuardMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let maximumBodyBytes: Int
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await guarded(request, context: context, next: next)
        } catch let error as WalletServerError {
            response = ErrorResponse.json(error)
        } catch let error as any HTTPResponseError {
            // Hummingbird's own refusals (an unknown route is 404): the status only, no detail.
            response = Response(status: error.status)
        } catch {
            response = ErrorResponse.json(WalletServerError(.internalError, "the request failed"))
        }
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(Self.loggablePath(request.uri.path)),
            "status": .stringConvertible(response.status.code),
        ])
        return response
    }

    private func guarded(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength], let declared = Int(length), declared > maximumBodyBytes {
            throw tooLarge()
        }
        var request = request
        if request.method == .post || request.method == .put || request.method == .patch {
            do { _ = try await request.collectBody(upTo: maximumBodyBytes) } catch is NIOTooManyBytesError {
                throw tooLarge()
            }
        }
        return try await next(request, context)
    }

    private func tooLarge() -> WalletServerError {
        WalletServerError(.bodyTooLarge, "the request body is over \(maximumBodyBytes) bytes")
    }

    /// The path as logged: segments of at most 24 lowercase letters, digits, `-`, `_` and `.`
    /// (route words such as `verifier`, `.well-known`, `openid-credential-issuer`) are kept;
    /// any other segment — an identifier is 43 characters — becomes `*`.
    static func loggablePath(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> Substring in
            let word = segment.utf8.count <= 24 && segment.utf8.allSatisfy { c in
                (97...122).contains(c) || (48...57).contains(c) || c == 45 || c == 95 || c == 46
            }
            return word ? segment : "*"
        }
        return segments.joined(separator: "/")
    }
}
