import Foundation
import GRDB
import WalletKeystore
import TestSupport
import Testing
import WalletCrypto

/// Security requirements 1–6 and 14 of the keystore.
@Suite("Keystore security")
struct KeystoreSecurityTests {
    func rawRows(_ url: URL) throws -> [[String: Data]] {
        let queue = try DatabaseQueue(path: url.path)
        defer { try? queue.close() }
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, id, sealed FROM record ORDER BY kind, id").map {
                ["kind": Data(($0["kind"] as String).utf8), "id": Data(($0["id"] as String).utf8), "sealed": $0["sealed"]]
            }
        }
    }

    func header(_ url: URL) throws -> (header: Data, wrapped: Data) {
        let queue = try DatabaseQueue(path: url.path)
        defer { try? queue.close() }
        return try queue.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT header, wrapped_key FROM header")!
            return (row["header"], row["wrapped_key"])
        }
    }

    func execute(_ url: URL, _ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in try db.execute(sql: sql, arguments: arguments) }
        try queue.close()
    }

    @Test("Changing the passphrase re-wraps only the data key: records byte-identical, fresh salt and nonce, old fails, new works")
    func passphraseChange() async throws {
        let directory = TemporaryDirectory("change")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory, passphrase: "old")
        try await keystore.insert(kind: "did", id: "1", payload: Array("one".utf8))
        try await keystore.insert(kind: "did", id: "2", payload: Array("two".utf8))
        try await keystore.checkpoint()
        let database = Keystore.databaseURL(in: directory.appending("wallet"))
        let rowsBefore = try rawRows(database)
        let headerBefore = try header(database)
        try await keystore.changePassphrase(from: Passphrase("old"), to: Passphrase("new"))
        try await keystore.close()
        #expect(try rawRows(database) == rowsBefore)
        let headerAfter = try header(database)
        #expect(headerAfter.header.suffix(16) != headerBefore.header.suffix(16))  // salt
        #expect(headerAfter.wrapped.prefix(24) != headerBefore.wrapped.prefix(24))  // nonce
        #expect(headerAfter.header.prefix(22) == headerBefore.header.prefix(22))  // magic, version, wallet id

        let reopened = try Keystore.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        await #expect(throws: KeystoreError(.wrongPassphrase, "")) { try await reopened.unlock(Passphrase("old")) }
        try await reopened.unlock(Passphrase("new"))
        #expect(try await reopened.payload(kind: "did", id: "2") == Array("two".utf8))
        // A wrong current passphrase cannot change it.
        await #expect(throws: KeystoreError(.wrongPassphrase, "")) { try await reopened.changePassphrase(from: Passphrase("old"), to: Passphrase("x")) }
    }

    @Test("Weaker stored KDF parameters are upgraded on unlock when asked")
    func upgrade() async throws {
        let directory = TemporaryDirectory("upgrade")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory, passphrase: "p")
        try await keystore.close()
        let reopened = try Keystore.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        try await reopened.unlock(Passphrase("p"), upgradeTo: TestKDF.strongerParameters)
        #expect(await reopened.kdfParameters == TestKDF.strongerParameters)
        try await reopened.close()
        let again = try Keystore.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        #expect(await again.kdfParameters == TestKDF.strongerParameters)
        try await again.unlock(Passphrase("p"))
    }

    @Test("Header fields are checked before the KDF; every header byte is authenticated")
    func headerChecks() async throws {
        let directory = TemporaryDirectory("header")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory, passphrase: "p")
        try await keystore.close()
        let wallet = directory.appending("wallet")
        let database = Keystore.databaseURL(in: wallet)
        let original = try header(database).header

        func withHeader(_ change: (inout [UInt8]) -> Void) throws {
            var bytes = Array(original)
            change(&bytes)
            try execute(database, "UPDATE header SET header = ?", [Data(bytes)])
        }
        // Memory limit of 2^40 bytes: refused at open, so the KDF never tries to allocate it.
        try withHeader { bytes in for index in 27..<35 { bytes[index] = 0 }; bytes[29] = 1 }
        #expect(throws: KeystoreError(.unsupportedFormat, "")) { try Keystore.open(at: wallet, policy: TestKDF.policy) }
        // Zero passes.
        try withHeader { bytes in for index in 23..<27 { bytes[index] = 0 } }
        #expect(throws: KeystoreError(.unsupportedFormat, "")) { try Keystore.open(at: wallet, policy: TestKDF.policy) }
        // Unknown format version and KDF algorithm.
        try withHeader { $0[5] = 3 }
        #expect(throws: KeystoreError(.unsupportedFormat, "")) { try Keystore.open(at: wallet, policy: TestKDF.policy) }
        // Version 1 (no commitment) cannot be set back: the header is the wrapped key's
        // additional data, so the passphrase no longer unwraps it.
        #expect(original[5] == 2)
        try withHeader { $0[5] = 1 }
        let downgraded = try Keystore.open(at: wallet, policy: TestKDF.policy)
        await #expect(throws: KeystoreError(.wrongPassphrase, "")) { try await downgraded.unlock(Passphrase("p")) }
        try await downgraded.close()
        try withHeader { $0[22] = 2 }
        #expect(throws: KeystoreError(.unsupportedFormat, "")) { try Keystore.open(at: wallet, policy: TestKDF.policy) }
        try withHeader { $0[0] = UInt8(ascii: "X") }
        #expect(throws: KeystoreError(.corrupted, "")) { try Keystore.open(at: wallet, policy: TestKDF.policy) }
        // Any in-range change (salt, wallet id, a stronger cost) makes the data key fail to unwrap.
        for index in [6, 21, 26, 40, 50] {
            try withHeader { $0[index] ^= 0x01 }
            do {
                let opened = try Keystore.open(at: wallet, policy: TestKDF.policy)
                await #expect(throws: KeystoreError(.wrongPassphrase, "")) { try await opened.unlock(Passphrase("p")) }
            } catch {
                #expect(error.code == .unsupportedFormat, "byte \(index): \(error)")
            }
        }
        try execute(database, "UPDATE header SET header = ?", [original])
        let restored = try Keystore.open(at: wallet, policy: TestKDF.policy)
        try await restored.unlock(Passphrase("p"))
    }

    @Test("A record copied into another row, or into another wallet, fails to open")
    func recordsCannotMove() async throws {
        let directory = TemporaryDirectory("move")
        defer { directory.remove() }
        let first = try makeKeystore(in: directory, passphrase: "p")
        try await first.insert(kind: "did", id: "a", payload: Array("A".utf8))
        try await first.insert(kind: "did", id: "b", payload: Array("B".utf8))
        try await first.insert(kind: "key", id: "a", payload: Array("K".utf8))
        try await first.close()
        let database = Keystore.databaseURL(in: directory.appending("wallet"))
        let rows = try rawRows(database)
        let sealedA = rows.first { $0["kind"] == Data("did".utf8) && $0["id"] == Data("a".utf8) }!["sealed"]!

        // Into another id of the same kind, and into the same id of another kind.
        try execute(database, "UPDATE record SET sealed = ? WHERE kind = 'did' AND id = 'b'", [sealedA])
        try execute(database, "UPDATE record SET sealed = ? WHERE kind = 'key' AND id = 'a'", [sealedA])
        let reopened = try Keystore.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        try await reopened.unlock(Passphrase("p"))
        #expect(try await reopened.payload(kind: "did", id: "a") == Array("A".utf8))
        await #expect(throws: KeystoreError(.corrupted, "")) { try await reopened.payload(kind: "did", id: "b") }
        await #expect(throws: KeystoreError(.corrupted, "")) { try await reopened.payload(kind: "key", id: "a") }
        await #expect(throws: KeystoreError(.corrupted, "")) { try await reopened.records(kind: "did") }

        // Into another wallet with the same passphrase (different wallet id and data key).
        let other = TemporaryDirectory("move-other")
        defer { other.remove() }
        let second = try makeKeystore(in: other, passphrase: "p")
        try await second.insert(kind: "did", id: "a", payload: Array("mine".utf8))
        try await second.close()
        try execute(Keystore.databaseURL(in: other.appending("wallet")), "UPDATE record SET sealed = ? WHERE kind = 'did' AND id = 'a'", [sealedA])
        let secondReopened = try Keystore.open(at: other.appending("wallet"), policy: TestKDF.policy)
        try await secondReopened.unlock(Passphrase("p"))
        await #expect(throws: KeystoreError(.corrupted, "")) { try await secondReopened.payload(kind: "did", id: "a") }
    }

    @Test("A deleted or added row is detected by the kind's manifest")
    func manifest() async throws {
        let directory = TemporaryDirectory("manifest")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory, passphrase: "p")
        for index in 0..<5 { try await keystore.insert(kind: "did", id: "\(index)", payload: [UInt8(index)]) }
        try await keystore.close()
        let database = Keystore.databaseURL(in: directory.appending("wallet"))
        let rows = try rawRows(database)
        try execute(database, "DELETE FROM record WHERE kind = 'did' AND id = '3'")
        var reopened = try Keystore.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        try await reopened.unlock(Passphrase("p"))
        await #expect(throws: KeystoreError(.corrupted, "")) { try await reopened.records(kind: "did") }
        try await reopened.close()
        // Put it back: consistent again.
        let three = rows.first { $0["id"] == Data("3".utf8) }!
        try execute(database, "INSERT INTO record (kind, id, sealed) VALUES ('did', '3', ?)", [three["sealed"]!])
        reopened = try Keystore.open(at: directory.appending("wallet"), policy: TestKDF.policy)
        try await reopened.unlock(Passphrase("p"))
        #expect(try await reopened.records(kind: "did").count == 5)
    }

    @Test("The passphrase never appears in descriptions, dumps or errors")
    func redaction() async throws {
        let marker = "MARKER-PASSPHRASE-7f3a"
        let passphrase = try Passphrase(marker)
        var dumped = ""
        dump(passphrase, to: &dumped)
        for text in [String(describing: passphrase), String(reflecting: passphrase), dumped] {
            #expect(!text.contains(marker))
        }
        let directory = TemporaryDirectory("redact")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory, passphrase: marker)
        await keystore.lock()
        do {
            try await keystore.unlock(Passphrase(marker + "x"))
        } catch {
            #expect(!"\(error)".contains(marker) && !String(reflecting: error).contains(marker))
        }
        #expect(!String(reflecting: keystore).contains(marker))
    }
}
