public import StrictJSON

/// What the verifier's operator sees of one presentation request: the authorization request URI
/// that the QR code carries, and the verification result once the wallet's response arrives.
///
/// A view has its own identifier, apart from the request's: the request id travels in the QR
/// code and through the wallet, the view id only to whoever created the request (`wallet request
/// create` prints it; the page's URL holds it). Whoever reads a QR code over a shoulder can fetch
/// the request, never its result.
public struct RequestView: Sendable, Hashable {
    /// Where the request stands.
    public enum Status: String, Sendable, Hashable {
        /// No response yet.
        case pending
        /// A response arrived and was verified: ``RequestView/report`` says what it proved.
        case valid
        /// A response arrived and failed verification: ``RequestView/report`` says why.
        case invalid
        /// The wallet answered with an error (the user declined, nothing matched).
        case declined
    }

    /// The id of the request viewed (the one in its `request_uri`).
    public let requestId: String
    /// The authorization request URI (`openid4vp://…` or an HTTPS link) the QR code carries.
    public let requestURI: String
    /// Where the request stands.
    public let status: Status
    /// The verification report, or the wallet's error object, once the response arrived.
    public let report: JSONValue?

    /// A view.
    public init(requestId: String, requestURI: String, status: Status = .pending, report: JSONValue? = nil) {
        self.requestId = requestId
        self.requestURI = requestURI
        self.status = status
        self.report = report
    }
}

extension ServerStateDatabase {
    /// Records a view of the request `requestId`, whose authorization request URI is
    /// `requestURI`, for `lifetime`, and returns the view's new identifier.
    public func createRequestView(requestId: String, requestURI: String, lifetime: Duration) throws(WalletServerError) -> String {
        let id = Self.newIdentifier()
        try insert(.view, id: id, payload: .object(["requestId": .string(requestId), "requestURI": .string(requestURI)]), lifetime: lifetime)
        return id
    }

    /// The view `id`, with the outcome of its request when one was recorded.
    /// - Throws: ``WalletServerError/Code/unknownOrExpired`` when there is no live view.
    public func requestView(_ id: String) throws(WalletServerError) -> RequestView {
        let stored = try read(.view, id: id)
        guard let object = stored.objectValue, let requestId = object["requestId"]?.stringValue,
              let uri = object["requestURI"]?.stringValue else {
            throw WalletServerError(.stateUnavailable, "a stored request view is malformed")
        }
        let outcome: JSONValue
        do { outcome = try read(.result, id: requestId) } catch let error where error.code == .unknownOrExpired {
            return RequestView(requestId: requestId, requestURI: uri)
        }
        guard let status = outcome.objectValue?["status"]?.stringValue.flatMap(RequestView.Status.init(rawValue:)) else {
            throw WalletServerError(.stateUnavailable, "a stored result is malformed")
        }
        return RequestView(requestId: requestId, requestURI: uri, status: status, report: outcome.objectValue?["report"])
    }

    /// Records the outcome of the request `requestId` for `lifetime`. A request takes one
    /// outcome: the first response decides.
    /// - Throws: ``WalletServerError/Code/identifierInUse`` when the request already has one.
    public func recordOutcome(request requestId: String, status: RequestView.Status, report: JSONValue,
                              lifetime: Duration) throws(WalletServerError) {
        precondition(status != .pending, "an outcome is not pending")
        try insert(.result, id: requestId, payload: .object(["status": .string(status.rawValue), "report": report]), lifetime: lifetime)
    }
}
