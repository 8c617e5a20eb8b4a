import Foundation
import WalletKeystore
import StrictJSON
import TestSupport
import Testing
import WalletCore
import WalletCrypto

/// Security requirement 40: multi-record changes are one transaction (no crash or concurrent
/// writer bricks key creation), and a restore never destroys the wallet it replaces before the
/// new one is complete.
@Suite("Wallet storage: crash safety, concurrent creators, atomic restore", .serialized)
struct WalletStorageTests {
    static let passphrase = "stress-pass"

    /// Starts `keystore-stress MODE DIRECTORY COUNT` (creates keys or DIDs in a loop).
    static func stress(_ mode: String, _ directory: URL, count: Int) throws -> (process: Process, output: Pipe) {
        try HelperProcess.start("keystore-stress", [mode, directory.path, String(count)], environment: ["STRESS_PASSPHRASE": passphrase])
    }

    static func lines(_ pipe: Pipe) -> [String] {
        String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func open(_ directory: URL) async throws -> Wallet {
        let wallet = try Wallet.open(at: directory, policy: TestKDF.policy)
        try await wallet.unlock(Passphrase(passphrase))
        return wallet
    }

    @Test("kill -9 at random moments during key creation (40 tries) never leaves a wallet where the next key create fails")
    func crashDuringKeyCreation() async throws {
        let directory = TemporaryDirectory("key-crash")
        defer { directory.remove() }
        let location = directory.appending("wallet")
        let created = try await Wallet.create(at: location, passphrase: Passphrase(Self.passphrase), kdf: TestKDF.parameters, policy: TestKDF.policy)
        await created.close()
        var generator = SeededGenerator(seed: 13)
        var reported = Set<String>()
        var failures: [String] = []
        for round in 0..<40 {
            let (process, output) = try Self.stress("keys", location, count: 10_000)
            try await Task.sleep(for: .seconds(Double.random(in: 0.05...0.35, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            reported.formUnion(Self.lines(output).filter { $0.hasPrefix("key-") })
            let wallet = try await Self.open(location)
            do {
                let key = try await wallet.createKey()
                reported.insert(key.id)
            } catch {
                failures.append("round \(round): \(error)")
            }
            let stored = Set(try await wallet.keys().map(\.id))
            #expect(reported.isSubset(of: stored), "round \(round): lost \(reported.subtracting(stored).sorted().prefix(5))")
            await wallet.close()
            if failures.count >= 3 { break }
        }
        #expect(failures.isEmpty, "key creation bricked: \(failures)")
        #expect(reported.count >= 40, "the helper created only \(reported.count) keys")
    }

    @Test("3 processes × 8 concurrent did create all succeed, with distinct keys")
    func concurrentDIDCreation() async throws {
        let directory = TemporaryDirectory("did-concurrent")
        defer { directory.remove() }
        let location = directory.appending("wallet")
        let created = try await Wallet.create(at: location, passphrase: Passphrase(Self.passphrase), kdf: TestKDF.parameters, policy: TestKDF.policy)
        await created.close()
        let helpers = try (0..<3).map { _ in try Self.stress("dids", location, count: 8) }
        var lines: [String] = []
        for helper in helpers {
            lines += Self.lines(helper.output)
            helper.process.waitUntilExit()
            #expect(helper.process.terminationStatus == 0, "a creator failed")
        }
        #expect(lines.count == 24)
        let pairs = lines.map { $0.split(separator: "\t").map(String.init) }
        #expect(Set(pairs.map { $0.first ?? "" }).count == 24, "DIDs are not distinct")
        #expect(Set(pairs.map { $0.last ?? "" }).count == 24, "keys are not distinct")
        let wallet = try await Self.open(location)
        #expect(try await wallet.dids().count == 24)
        #expect(try await wallet.keys().count == 24)
        await wallet.close()
    }

    @Test("passphrase change --kdf while another process creates keys never sets the key counter back")
    func passphraseChangeDuringKeyCreation() async throws {
        let directory = TemporaryDirectory("kdf-race")
        defer { directory.remove() }
        let location = directory.appending("wallet")
        let created = try await Wallet.create(at: location, passphrase: Passphrase(Self.passphrase), kdf: TestKDF.parameters, policy: TestKDF.policy)
        await created.close()
        let (process, output) = try Self.stress("keys", location, count: 100_000)
        // Wait for the helper's first key, so that the changes below run while it creates keys.
        var reported = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let changer = try Wallet.open(at: location, policy: TestKDF.policy)
        for round in 0..<200 {
            // Alternating parameters: each change rewrites the metadata's preset name.
            let kdf = round % 2 == 0 ? TestKDF.strongerParameters : TestKDF.parameters
            try await changer.changePassphrase(from: Passphrase(Self.passphrase), to: Passphrase(Self.passphrase), kdf: kdf)
        }
        await changer.close()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        reported += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let keys = reported.split(separator: "\n").filter { $0.hasPrefix("key-") }
        let wallet = try await Self.open(location)
        let stored = try await wallet.keys()
        // The counter was never set back: the next key takes the next index, not one already taken.
        let next = try await wallet.createKey()
        #expect(next.index == UInt32(stored.count))
        #expect(keys.count > 1, "the helper created \(keys.count) keys while the passphrase changed")
        await wallet.close()
    }

    /// A plaintext backup of a fresh wallet with one DID, with `extra` records appended.
    static func malformedBackup(_ directory: TemporaryDirectory, extra: [JSONValue]) async throws -> [UInt8] {
        let source = try await Wallet.create(at: directory.appending("source"), passphrase: Passphrase(passphrase),
                                             kdf: TestKDF.parameters, policy: TestKDF.policy)
        _ = try await source.createDID(method: .key, label: "source")
        let plain = try await source.exportUnsafePlaintextBackup()
        await source.close()
        var file = try #require(try JSONValue(parsing: plain).objectValue)
        var records = try #require(file["records"]?.arrayValue)
        records += extra.map { $0 == .null ? records[records.count - 1] : $0 }
        file["records"] = .array(records)
        return Array(JSONValue.object(file).compactString.utf8)
    }

    @Test("backup import --force with a malformed backup (reserved kind, duplicate record, bad JSON) leaves the old wallet intact",
          arguments: ["reserved", "duplicate", "json"])
    func malformedRestoreKeepsWallet(_ variant: String) async throws {
        let directory = TemporaryDirectory("restore")
        defer { directory.remove() }
        let location = directory.appending("wallet")
        let existing = try await Wallet.create(at: location, passphrase: Passphrase(Self.passphrase), kdf: TestKDF.parameters, policy: TestKDF.policy)
        let did = try await existing.createDID(method: .key, label: "mine")
        await existing.close()
        let bytes: [UInt8]
        switch variant {
        case "reserved":
            bytes = try await Self.malformedBackup(directory, extra: [["kind": "_manifest", "id": "did", "payload": "AAAA"]])
        case "duplicate":
            bytes = try await Self.malformedBackup(directory, extra: [.null])  // the last record again
        default:
            bytes = Array(try await Self.malformedBackup(directory, extra: []).dropLast(2))
        }
        await #expect(throws: WalletError(.invalidBackup, "")) {
            _ = try await Wallet.importBackup(bytes, backupPassphrase: nil, into: location, passphrase: Passphrase("new one"),
                                              kdf: TestKDF.parameters, policy: TestKDF.policy, replacingExisting: true)
        }
        let reopened = try await Self.open(location)
        #expect(try await reopened.dids().map(\.did) == [did.did])
        #expect(try await reopened.did("mine").did == did.did)
        await reopened.close()
    }
}
