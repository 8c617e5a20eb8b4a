import HTTPTypes
import Hummingbird
import NIOCore

/// Offers each request, after ``GuardMiddleware``, to the hosted roles in order; the first answer
/// is sent, and a request no role answers goes on to the server's own routes.
struct RoleMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let roles: [RoleHandler]
    let maximumBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !roles.isEmpty else { return try await next(request, context) }
        var request = request
        // Already read whole by GuardMiddleware (for POST, PUT, PATCH); within the limit either way.
        let buffer = try await request.collectBody(upTo: maximumBodyBytes)
        let roleRequest = RoleRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
            headers: request.headers.map { ($0.name.rawName, $0.value) }, body: Array(buffer.readableBytesView)
        )
        for role in roles {
            guard let answer = await role(roleRequest) else { continue }
            var headers = HTTPFields()
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
            }
            return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        return try await next(request, context)
    }
}
