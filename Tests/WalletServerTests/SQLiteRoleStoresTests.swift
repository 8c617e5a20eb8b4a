import Foundation
import OpenID4VC
import StrictJSON
import Testing
import WalletServer

/// The roles' state protocols on the SQLite database: the same single use and expiry, and a
/// verifier's result is what the request's view shows.
@Suite struct SQLiteRoleStoresTests {
    static func record(id: String, at time: Date, lifetime: TimeInterval = 300) -> PresentationRequestRecord {
        PresentationRequestRecord(id: id, nonce: "n-" + id, state: "s-" + id, clientId: "x509_hash:abc", responseMode: "direct_post.jwt",
                                  responseURI: "https://v.example/presentations/\(id)/response",
                                  query: .object(["credentials": .array([])]), createdAt: time, expiresAt: time.addingTimeInterval(lifetime))
    }

    @Test("Presentation requests: read while open, consumed once, gone once expired")
    func presentationRequests() async throws {
        let store = SQLitePresentationStateStore(database: try .inMemory())
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let id = ServerStateDatabase.newIdentifier()
        try await store.insert(Self.record(id: id, at: start))
        #expect(try await store.request(id: id, at: start.addingTimeInterval(10)) == Self.record(id: id, at: start))
        #expect(try await store.consume(id: id, at: start.addingTimeInterval(20)).nonce == "n-" + id)
        await #expect(throws: OpenID4VCError(.notFoundOrUsed, "")) { try await store.consume(id: id, at: start.addingTimeInterval(21)) }
        await #expect(throws: OpenID4VCError(.notFoundOrUsed, "")) { try await store.request(id: id, at: start.addingTimeInterval(21)) }
        let late = ServerStateDatabase.newIdentifier()
        try await store.insert(Self.record(id: late, at: start))
        await #expect(throws: OpenID4VCError(.notFoundOrUsed, "")) { try await store.consume(id: late, at: start.addingTimeInterval(300)) }
    }

    @Test("A stored result reads back, and the request's view shows it", arguments: [
        (true, nil as String?, RequestView.Status.valid), (false, "access_denied", .declined), (false, "nonceMismatch", .invalid),
    ])
    func results(_ verified: Bool, _ error: String?, _ status: RequestView.Status) async throws {
        let database = try ServerStateDatabase.inMemory()
        let store = SQLitePresentationStateStore(database: database)
        let id = ServerStateDatabase.newIdentifier()
        let view = try database.createRequestView(requestId: id, requestURI: "openid4vp://?request_uri=x", lifetime: .seconds(600))
        #expect(try await store.result(id: id) == nil)
        #expect(try database.requestView(view).status == .pending)
        let received = Date(timeIntervalSince1970: 1_800_000_123)
        let result = PresentationResultRecord(requestId: id, receivedAt: received, verified: verified, error: error,
                                              details: .object(["pid": .object(["given_name": .string("Ada")])]))
        try await store.storeResult(result)
        #expect(try await store.result(id: id) == result)
        let shown = try database.requestView(view)
        #expect(shown.status == status)
        #expect(shown.report?.objectValue?["details"] == result.details)
    }

    @Test("Issuance records: put, read, take once; put replaces; kinds apart")
    func issuanceRecords() async throws {
        let clock = TestClock()
        let store = SQLiteIssuanceStateStore(database: try .inMemory(clock: clock.function))
        let key = ServerStateDatabase.newIdentifier()
        try await store.put(.preAuthorizedCode, key: key, value: .object(["attempts": 0]), lifetime: .seconds(60))
        try await store.put(.preAuthorizedCode, key: key, value: .object(["attempts": 1]), lifetime: .seconds(60))
        #expect(try await store.read(.preAuthorizedCode, key: key) == .object(["attempts": 1]))
        #expect(try await store.read(.accessToken, key: key) == nil)
        #expect(try await store.take(.preAuthorizedCode, key: key) == .object(["attempts": 1]))
        #expect(try await store.take(.preAuthorizedCode, key: key) == nil)
        try await store.put(.nonce, key: key, value: .null, lifetime: .seconds(60))
        clock.advance(by: 60)
        #expect(try await store.take(.nonce, key: key) == nil)
        for kind in IssuanceRecordKind.allCases { _ = try await store.read(kind, key: key) }  // every kind maps to a valid name
    }
}
