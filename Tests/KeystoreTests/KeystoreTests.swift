import Foundation
import GRDB
import WalletKeystore
import TestSupport
import Testing
import WalletCrypto

@Suite("Keystore: lifecycle, records, indexes")
struct KeystoreTests {
    @Test("Create, store, read, list, find by blind index, delete")
    func basics() async throws {
        let directory = TemporaryDirectory("basics")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory)
        #expect(await keystore.isUnlocked)
        try await keystore.insert(kind: "did", id: "a", payload: Array("first".utf8), indexes: ["label": "work"])
        try await keystore.insert(kind: "did", id: "b", payload: Array("second".utf8), indexes: ["label": "home"])
        try await keystore.insert(kind: "key", id: "a", payload: Array("other kind".utf8))
        await #expect(throws: KeystoreError(.alreadyExists, "")) { try await keystore.insert(kind: "did", id: "a", payload: [1]) }
        #expect(try await keystore.payload(kind: "did", id: "a") == Array("first".utf8))
        #expect(try await keystore.records(kind: "did").map(\.id) == ["a", "b"])
        #expect(try await keystore.ids(kind: "did", field: "label", value: "home") == ["b"])
        #expect(try await keystore.ids(kind: "did", field: "label", value: "nope").isEmpty)
        try await keystore.save(kind: "did", id: "a", payload: Array("replaced".utf8), indexes: ["label": "home"])
        #expect(try await keystore.ids(kind: "did", field: "label", value: "home") == ["a", "b"])
        #expect(try await keystore.ids(kind: "did", field: "label", value: "work").isEmpty)
        #expect(try await keystore.records(kind: "did").map { String(decoding: $0.payload, as: UTF8.self) } == ["replaced", "second"])
        try await keystore.delete(kind: "did", id: "a")
        await #expect(throws: KeystoreError(.notFound, "")) { try await keystore.payload(kind: "did", id: "a") }
        await #expect(throws: KeystoreError(.notFound, "")) { try await keystore.delete(kind: "did", id: "a") }
        #expect(try await keystore.records(kind: "did").map(\.id) == ["b"])
        #expect(try await keystore.kinds() == ["did", "key"])
        let secret = SecureBytes(copying: [UInt8](repeating: 7, count: 32))
        try await keystore.insertSecret(kind: "seed", id: "k", secret: secret)
        #expect(try await keystore.secret(kind: "seed", id: "k").constantTimeEquals(secret))

        // Locked: nothing is released.
        await keystore.lock()
        await #expect(throws: KeystoreError(.locked, "")) { try await keystore.payload(kind: "did", id: "b") }
        await #expect(throws: KeystoreError(.locked, "")) { try await keystore.records(kind: "did") }
        await #expect(throws: KeystoreError(.locked, "")) { try await keystore.insert(kind: "did", id: "c", payload: [1]) }
    }

    /// Storage layout: rows of one kind get consecutive rowids in their kind's band, however
    /// kinds are interleaved on insert; listings and lookups over many records (parallel
    /// opening above 512 rows) return the same records in id order, and a damaged row in a
    /// long listing is still found.
    @Test("Records of a kind are stored together; long listings and lookups are complete, ordered and checked")
    func layoutAndLongListings() async throws {
        let directory = TemporaryDirectory("layout")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory)
        var batch: [Keystore.NewRecord] = []
        for index in 0..<1500 {
            let id = String(format: "r%05d", index)
            batch.append(Keystore.NewRecord(kind: "summary", id: id, payload: Array("s\(index)".utf8), indexes: ["parity": index % 2 == 0 ? "even" : "odd"]))
            batch.append(Keystore.NewRecord(kind: "raw", id: id, payload: [UInt8](repeating: UInt8(index % 256), count: 700)))
        }
        try await keystore.insert(batch)
        let all = try await keystore.records(kind: "summary")
        #expect(all.map(\.id) == (0..<1500).map { String(format: "r%05d", $0) })
        #expect(all.map { String(decoding: $0.payload, as: UTF8.self) } == (0..<1500).map { "s\($0)" })
        let even = try await keystore.records(kind: "summary", field: "parity", value: "even")
        #expect(even.count == 750 && even.allSatisfy { Int($0.id.dropFirst())! % 2 == 0 })
        #expect(even.map(\.id) == even.map(\.id).sorted())
        let decoded = try await keystore.records(kind: "summary", field: "parity", value: "odd") { id, payload throws(KeystoreError) in
            guard payload.first == UInt8(ascii: "s") else { throw KeystoreError(.corrupted, "bad \(id)") }
            return id
        }
        #expect(decoded.count == 750)
        try await keystore.close()

        let queue = try DatabaseQueue(path: directory.appending("wallet").appendingPathComponent("wallet.sqlite").path)
        let rowids = try await queue.read { db in try Int64.fetchAll(db, sql: "SELECT rowid FROM record WHERE kind = 'summary' ORDER BY rowid") }
        #expect(rowids.count == 1500 && rowids.last! - rowids.first! == 1499)
        #expect(rowids.first! >= 1 << 46)
        // Damage one row in the middle of a long listing: the listing fails, it does not skip it.
        try await queue.write { db in
            try db.execute(sql: "UPDATE record SET sealed = zeroblob(60) WHERE kind = 'summary' AND id = 'r00777'")
        }
        let reopened = try Keystore.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        try await reopened.unlock(Passphrase("correct horse battery staple"))
        await #expect(throws: KeystoreError(.corrupted, "")) { try await reopened.records(kind: "summary", field: "parity", value: "odd") }
        await #expect(throws: KeystoreError.self) { try await reopened.records(kind: "summary") }
        try await reopened.close()
    }

    @Test("Reopening: the right passphrase unlocks; a wrong one fails with wrongPassphrase and releases nothing")
    func reopen() async throws {
        let directory = TemporaryDirectory("reopen")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory, passphrase: "Mật khẩu bí mật")
        try await keystore.insert(kind: "did", id: "x", payload: Array("hello".utf8))
        try await keystore.close()

        let reopened = try Keystore.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        #expect(await !reopened.isUnlocked)
        await #expect(throws: KeystoreError(.wrongPassphrase, "")) { try await reopened.unlock(Passphrase("Mat khau bi mat")) }
        #expect(await !reopened.isUnlocked)
        await #expect(throws: KeystoreError(.locked, "")) { try await reopened.payload(kind: "did", id: "x") }
        // NFKD: the decomposed spelling of the same passphrase unlocks.
        try await reopened.unlock(Passphrase("Mật khẩu bí mật".decomposedStringWithCanonicalMapping))
        #expect(try await reopened.payload(kind: "did", id: "x") == Array("hello".utf8))
    }

    @Test("Empty passphrases are refused; a second wallet in the same place is refused; a missing wallet is notFound")
    func creationRules() async throws {
        #expect(throws: KeystoreError(.invalidPassphrase, "")) { try Passphrase("") }
        #expect(throws: KeystoreError(.invalidPassphrase, "")) { try Passphrase(utf8: [0x0A]) }
        #expect(throws: KeystoreError(.invalidPassphrase, "")) { try Passphrase(utf8: [0xFF, 0xFE]) }
        let directory = TemporaryDirectory("rules")
        defer { directory.remove() }
        _ = try makeKeystore(in: directory)
        #expect(throws: KeystoreError(.alreadyExists, "")) { try makeKeystore(in: directory) }
        #expect(throws: KeystoreError(.notFound, "")) { try Keystore.open(at: directory.appending("nothing"), policy: TestKDF.policy) }
        // The standard policy refuses test-speed parameters, at creation and at opening.
        #expect(throws: KeystoreError(.unsupportedFormat, "")) {
            try Keystore.create(at: directory.appending("weak"), passphrase: Passphrase("x"), parameters: TestKDF.parameters)
        }
        #expect(throws: KeystoreError(.unsupportedFormat, "")) { try Keystore.open(at: directory.appending("wallet")) }
    }

    @Test("Directory 0700 and database 0600")
    func permissions() throws {
        let directory = TemporaryDirectory("modes")
        defer { directory.remove() }
        _ = try makeKeystore(in: directory)
        let wallet = directory.appending("wallet")
        let manager = FileManager.default
        let directoryMode = (try manager.attributesOfItem(atPath: wallet.path)[.posixPermissions] as! NSNumber).intValue
        let fileMode = (try manager.attributesOfItem(atPath: Keystore.databaseURL(in: wallet).path)[.posixPermissions] as! NSNumber).intValue
        #expect(directoryMode & 0o777 == 0o700)
        #expect(fileMode & 0o777 == 0o600)
        // Nothing but the database is left in the directory (the file it was built in is gone).
        #expect(try manager.contentsOfDirectory(atPath: wallet.path).filter { !$0.hasPrefix("wallet.sqlite") } == [])
    }

    @Test("An invalid record name is invalidName, not notFound", arguments: ["", String(repeating: "k", count: 257), "_manifest", "_x"])
    func invalidNames(_ kind: String) async throws {
        let directory = TemporaryDirectory("names")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory)
        await #expect(throws: KeystoreError(.invalidName, "")) { try await keystore.insert(kind: kind, id: "a", payload: [1]) }
        await #expect(throws: KeystoreError(.invalidName, "")) { try await keystore.insert(kind: "did", id: kind.hasPrefix("_") ? "" : kind, payload: [1]) }
        await #expect(throws: KeystoreError(.invalidName, "")) { try await keystore.insert([Keystore.NewRecord(kind: kind, id: "a", payload: [1])]) }
        try await keystore.close()
    }

    @Test("Batch inserts are one transaction: all or nothing; reserved kinds are refused")
    func batches() async throws {
        let directory = TemporaryDirectory("batch")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory)
        let batch = (0..<50).map { Keystore.NewRecord(kind: "cred", id: "c\($0)", payload: [UInt8($0)], indexes: ["type": $0 % 2 == 0 ? "even" : "odd"]) }
        try await keystore.insert(batch)
        #expect(try await keystore.records(kind: "cred").count == 50)
        #expect(try await keystore.ids(kind: "cred", field: "type", value: "odd").count == 25)
        let clashing = [Keystore.NewRecord(kind: "cred", id: "new", payload: [1]), Keystore.NewRecord(kind: "cred", id: "c7", payload: [2])]
        await #expect(throws: KeystoreError(.alreadyExists, "")) { try await keystore.insert(clashing) }
        await #expect(throws: KeystoreError(.notFound, "")) { try await keystore.payload(kind: "cred", id: "new") }
        #expect(try await keystore.records(kind: "cred").count == 50)
        await #expect(throws: KeystoreError(.invalidName, "")) { try await keystore.insert(kind: "_manifest", id: "cred", payload: [1]) }
    }
}
