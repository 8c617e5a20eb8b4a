import Foundation
import GRDB
import WalletKeystore
import TestSupport
import Testing
import WalletCrypto

/// Security requirement 40: removing or rolling back a whole kind of record (rows, index entries
/// and manifest together) is `corrupted`, as is a row moved to another kind.
@Suite("Keystore commitment over the manifests")
struct KeystoreCommitmentTests {
    static let passphrase = "commitment-test"

    func execute(_ url: URL, _ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in try db.execute(sql: sql, arguments: arguments) }
        try queue.close()
    }

    /// A wallet with two kinds: `did` (indexed) and `disclosure-log`.
    func wallet(_ directory: TemporaryDirectory) async throws -> URL {
        let keystore = try makeKeystore(in: directory, passphrase: Self.passphrase)
        try await keystore.insert(kind: "did", id: "a", payload: Array("did a".utf8), indexes: ["label": "work"])
        try await keystore.insert(kind: "disclosure-log", id: "1", payload: Array("shown to verifier 1".utf8), indexes: ["audience": "v1"])
        try await keystore.insert(kind: "disclosure-log", id: "2", payload: Array("shown to verifier 2".utf8), indexes: ["audience": "v2"])
        try await keystore.close()
        return directory.appending("wallet")
    }

    /// Opens, unlocks and reads every record of `kind`.
    func read(_ wallet: URL, kind: String) async throws -> [String] {
        let keystore = try Keystore.open(at: wallet, policy: TestKDF.policy)
        defer { Task { try? await keystore.close() } }
        try await keystore.unlock(Passphrase(Self.passphrase))
        return try await keystore.records(kind: kind).map(\.id)
    }

    @Test("Deleting a whole kind (rows, index entries and its manifest) is corrupted")
    func deletedKind() async throws {
        let directory = TemporaryDirectory("commit-delete")
        defer { directory.remove() }
        let wallet = try await wallet(directory)
        #expect(try await read(wallet, kind: "disclosure-log") == ["1", "2"])
        let database = wallet.appendingPathComponent("wallet.sqlite")
        try execute(database, """
            DELETE FROM record WHERE kind = 'disclosure-log';
            DELETE FROM record_index WHERE kind = 'disclosure-log';
            DELETE FROM manifest WHERE kind = 'disclosure-log';
            """)
        await #expect(throws: KeystoreError(.corrupted, "")) { try await read(wallet, kind: "disclosure-log") }
        // The other kind is refused too: the wallet as a whole no longer matches its commitment.
        await #expect(throws: KeystoreError(.corrupted, "")) { try await read(wallet, kind: "did") }
    }

    /// A CI run crashed (GRDB's subscript trapping on a failed conversion) on a wallet whose
    /// manifest row held integers; a column of another type is `corrupted`, never a trap.
    @Test("A manifest, index or tag column holding a value of another type is corrupted, not a crash")
    func mistypedColumns() async throws {
        for sql in ["UPDATE manifest SET sealed = 0 WHERE kind = 'did'", "UPDATE manifest SET kind = -17128, sealed = 0 WHERE kind = 'did'",
                    "UPDATE record_index SET tag = 7 WHERE kind = 'did'",
                    // Text columns holding bytes that are not UTF-8 (SQLite keeps a BLOB in a TEXT
                    // column as it is), and a header holding a number.
                    "UPDATE record SET id = x'c328ff' WHERE kind = 'did'", "UPDATE record_index SET id = x'c328ff' WHERE kind = 'did'",
                    "UPDATE record_index SET field = x'ff' WHERE kind = 'did'", "UPDATE header SET header = 5"] {
            let directory = TemporaryDirectory("commit-mistyped")
            defer { directory.remove() }
            let wallet = try await wallet(directory)
            try execute(wallet.appendingPathComponent("wallet.sqlite"), sql)
            await #expect(throws: KeystoreError(.corrupted, ""), "\(sql)") {
                let keystore = try Keystore.open(at: wallet, policy: TestKDF.policy)
                defer { Task { try? await keystore.close() } }
                try await keystore.unlock(Passphrase(Self.passphrase))
                _ = try await keystore.records(kind: "did", field: "label", value: "work")
                _ = try await keystore.records(kind: "did")
            }
        }
    }

    @Test("Rolling one kind back to an older copy (its rows, index entries and manifest) is corrupted")
    func rolledBackKind() async throws {
        let directory = TemporaryDirectory("commit-rollback")
        defer { directory.remove() }
        let wallet = try await wallet(directory)
        let database = wallet.appendingPathComponent("wallet.sqlite")
        let older = directory.appending("older.sqlite")
        try FileManager.default.copyItem(at: database, to: older)
        let keystore = try Keystore.open(at: wallet, policy: TestKDF.policy)
        try await keystore.unlock(Passphrase(Self.passphrase))
        try await keystore.insert(kind: "disclosure-log", id: "3", payload: Array("shown to verifier 3".utf8), indexes: ["audience": "v3"])
        try await keystore.insert(kind: "did", id: "b", payload: Array("did b".utf8))
        try await keystore.close()
        #expect(try await read(wallet, kind: "disclosure-log") == ["1", "2", "3"])
        try execute(database, """
            ATTACH DATABASE '\(older.path)' AS older;
            DELETE FROM record WHERE kind = 'disclosure-log';
            DELETE FROM record_index WHERE kind = 'disclosure-log';
            DELETE FROM manifest WHERE kind = 'disclosure-log';
            INSERT INTO record SELECT * FROM older.record WHERE kind = 'disclosure-log';
            INSERT INTO record_index SELECT * FROM older.record_index WHERE kind = 'disclosure-log';
            INSERT INTO manifest SELECT * FROM older.manifest WHERE kind = 'disclosure-log';
            """)
        await #expect(throws: KeystoreError(.corrupted, "")) { try await read(wallet, kind: "disclosure-log") }
    }

    @Test("A flipped byte in a row's kind is corrupted, not notFound")
    func flippedKindByte() async throws {
        let directory = TemporaryDirectory("commit-kind")
        defer { directory.remove() }
        let wallet = try await wallet(directory)
        let database = wallet.appendingPathComponent("wallet.sqlite")
        try execute(database, "UPDATE record SET kind = 'dic' WHERE kind = 'did' AND id = 'a'")
        let keystore = try Keystore.open(at: wallet, policy: TestKDF.policy)
        try await keystore.unlock(Passphrase(Self.passphrase))
        await #expect(throws: KeystoreError(.corrupted, "")) { try await keystore.payload(kind: "did", id: "a") }
        await #expect(throws: KeystoreError(.corrupted, "")) { try await keystore.records(kind: "did") }
        // A record that never existed is still notFound.
        try execute(database, "UPDATE record SET kind = 'did' WHERE kind = 'dic' AND id = 'a'")
        await #expect(throws: KeystoreError(.notFound, "")) { try await keystore.payload(kind: "did", id: "zzz") }
        try await keystore.close()
    }
}
