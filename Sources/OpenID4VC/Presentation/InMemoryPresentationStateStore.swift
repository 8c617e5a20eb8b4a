public import Foundation

/// A ``PresentationStateStore`` in memory: for tests, and apps that keep no state across restarts.
/// Expired requests are dropped as new ones arrive; at most ``maximumRequests`` are kept.
public actor InMemoryPresentationStateStore: PresentationStateStore {
    /// The most unanswered requests kept; beyond it, new requests are refused (`messageTooLarge`).
    public let maximumRequests: Int
    private var requests: [String: PresentationRequestRecord] = [:]
    private var results: [String: PresentationResultRecord] = [:]
    private var resultOrder: [String] = []

    /// An empty store.
    public init(maximumRequests: Int = 10_000) { self.maximumRequests = maximumRequests }

    /// Stores a new request, dropping expired ones first.
    public func insert(_ request: PresentationRequestRecord) throws(OpenID4VCError) {
        requests = requests.filter { $0.value.expiresAt > request.createdAt }
        guard requests.count < maximumRequests else {
            throw OpenID4VCError(.messageTooLarge, "too many open presentation requests (\(maximumRequests))")
        }
        guard requests[request.id] == nil, results[request.id] == nil else {
            throw OpenID4VCError(.invalidMessage, "request id \(request.id) is already used")
        }
        requests[request.id] = request
    }

    /// The unexpired, unanswered request `id`.
    public func request(id: String, at time: Date) throws(OpenID4VCError) -> PresentationRequestRecord {
        guard let request = requests[id], request.expiresAt > time else {
            throw OpenID4VCError(.notFoundOrUsed, "no open presentation request with this id")
        }
        return request
    }

    /// Removes and returns the request `id`, once.
    public func consume(id: String, at time: Date) throws(OpenID4VCError) -> PresentationRequestRecord {
        let request = try self.request(id: id, at: time)
        requests[id] = nil
        return request
    }

    /// Stores a result (the latest 10 000 are kept).
    public func storeResult(_ result: PresentationResultRecord) {
        if results.updateValue(result, forKey: result.requestId) == nil { resultOrder.append(result.requestId) }
        while resultOrder.count > 10_000 { results[resultOrder.removeFirst()] = nil }
    }

    /// The result for request `id`.
    public func result(id: String) -> PresentationResultRecord? { results[id] }
}
