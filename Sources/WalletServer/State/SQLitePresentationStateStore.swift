public import Foundation
public import OpenID4VC
import StrictJSON

/// The verifier role's state (`PresentationStateStore`) in a ``ServerStateDatabase``:
/// requests under ``ServerStateDatabase/Kind/request``, consumed once by the first response;
/// results under ``ServerStateDatabase/Kind/result`` with the same id, where a ``RequestView``
/// finds them.
public struct SQLitePresentationStateStore: PresentationStateStore {
    /// The database.
    public let database: ServerStateDatabase
    /// How long a result stays readable.
    public let resultLifetime: Duration

    /// A store over `database`.
    public init(database: ServerStateDatabase, resultLifetime: Duration = .seconds(3600)) {
        self.database = database
        self.resultLifetime = resultLifetime
    }

    /// Stores a new request until its expiry.
    public func insert(_ request: PresentationRequestRecord) async throws(OpenID4VCError) {
        let payload: JSONValue = .object([
            "id": .string(request.id), "nonce": .string(request.nonce), "state": .string(request.state),
            "clientId": .string(request.clientId), "responseMode": .string(request.responseMode),
            "responseURI": .string(request.responseURI), "query": request.query,
            "createdAt": .number(JSONNumber(Int(request.createdAt.timeIntervalSince1970 * 1000))),
            "expiresAt": .number(JSONNumber(Int(request.expiresAt.timeIntervalSince1970 * 1000))),
        ])
        try Self.mapped { () throws(WalletServerError) in
            try database.insert(.request, id: request.id, payload: payload, expiresAt: request.expiresAt, at: request.createdAt)
        }
    }

    /// The unexpired, unanswered request `id`.
    public func request(id: String, at time: Date) async throws(OpenID4VCError) -> PresentationRequestRecord {
        try Self.record(try Self.mapped { () throws(WalletServerError) in try database.read(.request, id: id, at: time) })
    }

    /// Removes and returns the request `id`, once.
    public func consume(id: String, at time: Date) async throws(OpenID4VCError) -> PresentationRequestRecord {
        try Self.record(try Self.mapped { () throws(WalletServerError) in try database.consume(.request, id: id, at: time) })
    }

    /// Stores the result of an answered request, with the status its ``RequestView`` shows.
    public func storeResult(_ result: PresentationResultRecord) async throws(OpenID4VCError) {
        let status: RequestView.Status = result.verified ? .valid : (result.error == "access_denied" ? .declined : .invalid)
        var report: JSONObject = ["verified": .bool(result.verified), "details": result.details]
        if let error = result.error { report["error"] = .string(error) }
        report["receivedAt"] = .number(JSONNumber(Int(result.receivedAt.timeIntervalSince1970 * 1000)))
        try Self.mapped { () throws(WalletServerError) in
            try database.recordOutcome(request: result.requestId, status: status, report: .object(report), lifetime: resultLifetime)
        }
    }

    /// The result for request `id`, when one arrived (and has not expired).
    public func result(id: String) async throws(OpenID4VCError) -> PresentationResultRecord? {
        let stored: JSONValue
        do { stored = try database.read(.result, id: id) } catch {
            if error.code == .unknownOrExpired { return nil }
            throw OpenID4VCError(.invalidMessage, "the server state failed: \(error.code)")
        }
        guard let report = stored.objectValue?["report"]?.objectValue, let verified = report["verified"]?.boolValue,
              let received = report["receivedAt"]?.numberValue.flatMap({ Double($0.description) }) else {
            throw OpenID4VCError(.invalidMessage, "a stored result is malformed")
        }
        return PresentationResultRecord(requestId: id, receivedAt: Date(timeIntervalSince1970: received / 1000), verified: verified,
                                        error: report["error"]?.stringValue, details: report["details"] ?? .null)
    }

    static func record(_ json: JSONValue) throws(OpenID4VCError) -> PresentationRequestRecord {
        guard let o = json.objectValue, let id = o["id"]?.stringValue, let nonce = o["nonce"]?.stringValue,
              let state = o["state"]?.stringValue, let clientId = o["clientId"]?.stringValue,
              let mode = o["responseMode"]?.stringValue, let responseURI = o["responseURI"]?.stringValue, let query = o["query"],
              let created = o["createdAt"]?.numberValue.flatMap({ Double($0.description) }),
              let expires = o["expiresAt"]?.numberValue.flatMap({ Double($0.description) }) else {
            throw OpenID4VCError(.invalidMessage, "a stored presentation request is malformed")
        }
        return PresentationRequestRecord(id: id, nonce: nonce, state: state, clientId: clientId, responseMode: mode, responseURI: responseURI,
                                         query: query, createdAt: Date(timeIntervalSince1970: created / 1000),
                                         expiresAt: Date(timeIntervalSince1970: expires / 1000))
    }

    static func mapped<T>(_ body: () throws(WalletServerError) -> T) throws(OpenID4VCError) -> T {
        do { return try body() } catch {
            switch error.code {
            case .unknownOrExpired: throw OpenID4VCError(.notFoundOrUsed, "no open presentation request with this id")
            case .stateFull: throw OpenID4VCError(.messageTooLarge, "too many open presentation requests")
            default: throw OpenID4VCError(.invalidMessage, "the server state failed: \(error.code)")
            }
        }
    }
}
