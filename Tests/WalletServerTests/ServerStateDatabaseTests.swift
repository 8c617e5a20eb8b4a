import Foundation
import GRDB
import StrictJSON
import Testing
import TestSupport
@testable import WalletServer

/// Server state (security requirement 50): identifiers unguessable, entries single use and
/// expiring, a bounded number of live entries, nothing of an identifier kept in the file.
@Suite struct ServerStateDatabaseTests {
    static let payload: JSONValue = .object(["credential_configuration_ids": .array([.string("alumni")]), "claims": .object(["name": .string("Ada")])])

    @Test("Identifiers are 256 random bits, base64url, and never repeat in 10,000 draws")
    func identifiers() {
        let drawn = (0..<10_000).map { _ in ServerStateDatabase.newIdentifier() }
        #expect(Set(drawn).count == drawn.count)
        #expect(!drawn.contains { $0.hasPrefix("-") }, "an identifier a command line would take for an option")
        for id in drawn.prefix(100) {
            #expect(id.utf8.count == 43 && !id.hasPrefix("-"))
            #expect(id.utf8.allSatisfy { c in (65...90).contains(c) || (97...122).contains(c) || (48...57).contains(c) || c == 45 || c == 95 })
        }
        // Each of the 256 bit positions is set in some draw and clear in another: no constant bits.
        let decoded = drawn.prefix(200).map { Array(Data(base64Encoded: $0.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=")!) }
        #expect(decoded.allSatisfy { $0.count == 32 })
        let orAll = decoded.reduce([UInt8](repeating: 0, count: 32)) { zip($0, $1).map { $0 | $1 } }
        let andAll = decoded.reduce([UInt8](repeating: 0xFF, count: 32)) { zip($0, $1).map { $0 & $1 } }
        #expect(orAll == [UInt8](repeating: 0xFF, count: 32) && andAll == [UInt8](repeating: 0, count: 32))
    }

    @Test("An entry is consumed once: the second consume finds nothing")
    func singleUse() throws {
        let state = try ServerStateDatabase.inMemory(clock: TestClock().function)
        let id = ServerStateDatabase.newIdentifier()
        try state.insert(.preAuthorizedCode, id: id, payload: Self.payload, lifetime: .seconds(300))
        #expect(try state.read(.preAuthorizedCode, id: id) == Self.payload)
        #expect(try state.consume(.preAuthorizedCode, id: id) == Self.payload)
        #expect(throws: WalletServerError(.unknownOrExpired, "")) { try state.consume(.preAuthorizedCode, id: id) }
        #expect(throws: WalletServerError(.unknownOrExpired, "")) { try state.read(.preAuthorizedCode, id: id) }
    }

    @Test("A live identifier is not given twice, unless replacing is asked for (payload and expiry both replaced)")
    func duplicates() throws {
        let clock = TestClock()
        let state = try ServerStateDatabase.inMemory(maximumLiveEntries: 1, clock: clock.function)
        let id = ServerStateDatabase.newIdentifier()
        try state.insert(.offer, id: id, payload: .string("first"), lifetime: .seconds(10))
        #expect(throws: WalletServerError(.identifierInUse, "")) { try state.insert(.offer, id: id, payload: .string("second"), lifetime: .seconds(10)) }
        #expect(try state.read(.offer, id: id) == .string("first"))
        // Replacing is not a new entry: the full kind still takes it.
        try state.insert(.offer, id: id, payload: .string("second"), lifetime: .seconds(100), replacing: true)
        clock.advance(by: 50)
        #expect(try state.read(.offer, id: id) == .string("second"))
        // Once expired, the identifier may be used again.
        clock.advance(by: 50)
        try state.insert(.offer, id: id, payload: .string("third"), lifetime: .seconds(10))
        #expect(try state.read(.offer, id: id) == .string("third"))
    }

    @Test("Kinds are apart: a nonce's identifier is no access token")
    func kindsApart() throws {
        let state = try ServerStateDatabase.inMemory(clock: TestClock().function)
        let id = ServerStateDatabase.newIdentifier()
        try state.insert(.nonce, id: id, payload: .object([:]), lifetime: .seconds(60))
        #expect(throws: WalletServerError(.unknownOrExpired, "")) { try state.consume(.accessToken, id: id) }
        #expect(throws: Never.self) { try state.consume(.nonce, id: id) }
    }

    @Test("An expired entry is neither read, consumed nor updated, and the next insert deletes it")
    func expiry() throws {
        let clock = TestClock()
        let state = try ServerStateDatabase.inMemory(clock: clock.function)
        let (short, long) = (ServerStateDatabase.newIdentifier(), ServerStateDatabase.newIdentifier())
        try state.insert(.nonce, id: short, payload: .object([:]), lifetime: .seconds(60))
        try state.insert(.request, id: long, payload: .object([:]), lifetime: .seconds(600))
        clock.advance(by: 59)
        #expect(try state.read(.nonce, id: short) == .object([:]))
        clock.advance(by: 1)
        #expect(throws: WalletServerError(.unknownOrExpired, "")) { try state.read(.nonce, id: short) }
        #expect(throws: WalletServerError(.unknownOrExpired, "")) { try state.consume(.nonce, id: short) }
        #expect(throws: WalletServerError(.unknownOrExpired, "")) { try state.update(.nonce, id: short) { $0 } }
        #expect(try state.read(.request, id: long) == .object([:]))
        // The expired row is still in the table until an insert sweeps it.
        let rows = { try state.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM entry") } }
        #expect(try rows() == 2)
        try state.insert(.offer, id: ServerStateDatabase.newIdentifier(), payload: .object([:]), lifetime: .seconds(60))
        #expect(try rows() == 2)
        #expect(try state.liveCount(.nonce) == 0 && state.liveCount(.request) == 1 && state.liveCount(.offer) == 1)
    }

    @Test("Updates keep the expiry; a refusal inside the update writes nothing")
    func updates() throws {
        let clock = TestClock()
        let state = try ServerStateDatabase.inMemory(clock: clock.function)
        let id = ServerStateDatabase.newIdentifier()
        try state.insert(.request, id: id, payload: .object(["status": .string("pending")]), lifetime: .seconds(100))
        try state.update(.request, id: id) { _ in .object(["status": .string("done")]) }
        #expect(try state.read(.request, id: id) == .object(["status": .string("done")]))
        #expect(throws: WalletServerError(.bodyTooLarge, "")) {
            try state.update(.request, id: id) { (_: JSONValue) throws(WalletServerError) -> JSONValue in throw WalletServerError(.bodyTooLarge, "x") }
        }
        #expect(try state.read(.request, id: id) == .object(["status": .string("done")]))
        clock.advance(by: 100)
        #expect(throws: WalletServerError(.unknownOrExpired, "")) { try state.read(.request, id: id) }
    }

    @Test("Of 64 concurrent consumers of one code, exactly one gets it")
    func concurrentConsume() async throws {
        // A fixed clock: under load the consumers may start long after the insert.
        let state = try ServerStateDatabase.inMemory(clock: TestClock().function)
        let id = ServerStateDatabase.newIdentifier()
        try state.insert(.preAuthorizedCode, id: id, payload: Self.payload, lifetime: .seconds(60))
        let winners = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 { group.addTask { (try? state.consume(.preAuthorizedCode, id: id)) != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
    }

    @Test("Two connections to one file: a code consumed through one is gone for the other")
    func acrossConnections() throws {
        let directory = TemporaryDirectory("state")
        defer { directory.remove() }
        let url = directory.appending("server-state.sqlite")
        let clock = TestClock()
        let first = try ServerStateDatabase.open(at: url, clock: clock.function)
        let second = try ServerStateDatabase.open(at: url, clock: clock.function)
        let id = ServerStateDatabase.newIdentifier()
        try first.insert(.preAuthorizedCode, id: id, payload: Self.payload, lifetime: .seconds(60))
        #expect(try second.consume(.preAuthorizedCode, id: id) == Self.payload)
        #expect(throws: WalletServerError(.unknownOrExpired, "")) { try first.consume(.preAuthorizedCode, id: id) }
        try first.setSetting("baseURL", "https://a.example")
        try first.setSetting("baseURL", "https://b.example")
        #expect(try second.setting("baseURL") == "https://b.example")
        #expect(try second.setting("clientID") == nil)
    }

    @Test("The file is private (0600) and holds no identifier, only its hash")
    func fileHoldsNoIdentifier() throws {
        let directory = TemporaryDirectory("state")
        defer { directory.remove() }
        let url = directory.appending("server-state.sqlite")
        let state = try ServerStateDatabase.open(at: url)
        let id = ServerStateDatabase.newIdentifier()
        try state.insert(.accessToken, id: id, payload: .object(["scope": .string("alumni")]), lifetime: .seconds(60))
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        var bytes = try Data(contentsOf: url)
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: url.path + "-wal")) { bytes += wal }
        #expect(bytes.range(of: Data(id.utf8)) == nil, "the identifier is in the file")
        #expect(bytes.range(of: ServerStateDatabase.idHash(.accessToken, id)) != nil, "its hash is not: the search is broken")
    }

    @Test("A kind full of live entries refuses more, and takes them again once some expire")
    func bounded() throws {
        let clock = TestClock()
        let state = try ServerStateDatabase.inMemory(maximumLiveEntries: 3, clock: clock.function)
        for _ in 0..<3 { try state.insert(.nonce, id: ServerStateDatabase.newIdentifier(), payload: .null, lifetime: .seconds(10)) }
        #expect(throws: WalletServerError(.stateFull, "")) {
            try state.insert(.nonce, id: ServerStateDatabase.newIdentifier(), payload: .null, lifetime: .seconds(10))
        }
        // Other kinds are not affected.
        try state.insert(.offer, id: ServerStateDatabase.newIdentifier(), payload: .null, lifetime: .seconds(10))
        clock.advance(by: 10)
        try state.insert(.nonce, id: ServerStateDatabase.newIdentifier(), payload: .null, lifetime: .seconds(10))
        #expect(try state.liveCount(.nonce) == 1)
    }

    @Test("A database of another schema version is refused, not overwritten")
    func otherVersion() throws {
        let directory = TemporaryDirectory("state")
        defer { directory.remove() }
        let url = directory.appending("server-state.sqlite")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "PRAGMA user_version = 7") }
        try queue.close()
        #expect(throws: WalletServerError(.stateUnavailable, "")) { try ServerStateDatabase.open(at: url) }
    }
}
