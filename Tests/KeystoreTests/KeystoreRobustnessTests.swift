import Foundation
import WalletKeystore
import TestSupport
import Testing
import WalletCrypto

/// Security requirements 5, 9 and 10: damaged files, crashes and concurrent writers.
@Suite("Keystore robustness", .serialized)
struct KeystoreRobustnessTests {
    /// What a wallet holds, read through the public API.
    struct Content: Equatable {
        var records: [String: [String: [UInt8]]]
        var indexHits: [String]
    }

    static let passphrase = "flip-test"

    static func read(_ directory: URL) async throws(KeystoreError) -> Content {
        let keystore = try Keystore.open(at: directory, policy: TestKDF.policy)
        try await keystore.unlock(Passphrase(passphrase))
        var records: [String: [String: [UInt8]]] = [:]
        for kind in ["did", "key"] {
            records[kind] = Dictionary(uniqueKeysWithValues: try await keystore.records(kind: kind).map { ($0.id, $0.payload) })
        }
        let hits = try await keystore.ids(kind: "did", field: "label", value: "work")
        try await keystore.close()
        return Content(records: records, indexHits: hits)
    }

    /// A small wallet checkpointed into one file.
    static func smallWallet() async throws -> (directory: TemporaryDirectory, bytes: [UInt8], content: Content) {
        let directory = TemporaryDirectory("small")
        // The smallest SQLite page size keeps the file (and the number of variants) small.
        let keystore = try makeKeystore(in: directory, passphrase: passphrase, pageSize: 512)
        try await keystore.insert(kind: "did", id: "d1", payload: Array(#"{"did":"did:key:z6Mk1"}"#.utf8), indexes: ["label": "work"])
        try await keystore.insert(kind: "did", id: "d2", payload: Array(#"{"did":"did:key:z6Mk2"}"#.utf8), indexes: ["label": "home"])
        try await keystore.insertSecret(kind: "key", id: "k1", secret: SecureBytes(copying: [UInt8](repeating: 0x42, count: 32)))
        try await keystore.close()
        let wallet = directory.appending("wallet")
        let bytes = Array(try Data(contentsOf: Keystore.databaseURL(in: wallet)))
        let content = try await read(wallet)
        return (directory, bytes, content)
    }

    /// Writes `bytes` as the wallet file of a fresh directory and reads it back.
    static func outcome(of bytes: [UInt8], in scratch: URL, expected: Content) async -> String? {
        let manager = FileManager.default
        try? manager.removeItem(at: scratch)
        try! manager.createDirectory(at: scratch, withIntermediateDirectories: true)
        try! Data(bytes).write(to: Keystore.databaseURL(in: scratch))
        do {
            let content = try await read(scratch)
            return content == expected ? nil : "opened with different content"
        } catch {
            // A clear error with a code is an acceptable outcome.
            return error.message.isEmpty ? "error without a message" : nil
        }
    }

    @Test("Every single-byte change of a small wallet opens to the same content or fails with a clear error")
    func byteFlips() async throws {
        let (directory, original, content) = try await Self.smallWallet()
        defer { directory.remove() }
        #expect(content.records["did"]?.count == 2 && content.indexHits == ["d1"])
        // Two workers (the machine's cores), each with its own scratch directory.
        let workers = 2
        let results = await withTaskGroup(of: [String].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let scratch = directory.appending("scratch-\(worker)")
                    var failures: [String] = []
                    for offset in stride(from: worker, to: original.count, by: workers) {
                        var variant = original
                        variant[offset] ^= 0xFF
                        if let failure = await Self.outcome(of: variant, in: scratch, expected: content) {
                            failures.append("byte \(offset): \(failure)")
                        }
                    }
                    return failures
                }
            }
            var all: [String] = []
            for await failures in group { all += failures }
            return all
        }
        #expect(results.isEmpty, "\(results.prefix(10))")
        #expect(original.count <= 8192, "the test wallet grew to \(original.count) bytes")
    }

    @Test("Every truncation, and appended garbage, opens to the same content or fails with a clear error")
    func truncations() async throws {
        let (directory, original, content) = try await Self.smallWallet()
        defer { directory.remove() }
        let scratch = directory.appending("scratch")
        var failures: [String] = []
        for length in 0..<original.count {
            if let failure = await Self.outcome(of: Array(original[0..<length]), in: scratch, expected: content) {
                failures.append("length \(length): \(failure)")
            }
        }
        var generator = SeededGenerator(seed: 5)
        for count in [1, 100, 4096, 10_000] {
            if let failure = await Self.outcome(of: original + generator.bytes(count), in: scratch, expected: content) {
                failures.append("garbage \(count): \(failure)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    static func stress(_ directory: URL, prefix: String, count: Int) throws -> (process: Process, output: Pipe) {
        try HelperProcess.start("keystore-stress", [directory.path, prefix, String(count)], environment: ["STRESS_PASSPHRASE": passphrase])
    }

    @Test("kill -9 at random points during 1,000 writes loses nothing reported committed; the wallet always opens")
    func crashSafety() async throws {
        let directory = TemporaryDirectory("crash")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory, passphrase: Self.passphrase)
        try await keystore.close()
        let wallet = directory.appending("wallet")
        var generator = SeededGenerator(seed: 9)
        var reported = Set<String>()
        var totalWrites = 0
        for round in 0..<8 {
            let (process, output) = try Self.stress(wallet, prefix: "r\(round)", count: 1000)
            let delay = Double.random(in: 0.02...0.3, using: &generator)
            try await Task.sleep(for: .seconds(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
            // Only complete lines were reported: a torn last line is not a report.
            reported.formUnion(lines.map(String.init).filter { $0.hasPrefix("r\(round)-") })
            totalWrites += lines.count
            let reopened = try Keystore.open(at: wallet, policy: TestKDF.policy)
            try await reopened.unlock(Passphrase(Self.passphrase))
            let stored = Set(try await reopened.records(kind: "stress").map(\.id))
            #expect(reported.isSubset(of: stored), "round \(round): lost \(reported.subtracting(stored).sorted().prefix(5))")
            try await reopened.close()
        }
        #expect(totalWrites > 0, "the helper never committed anything")
    }

    @Test("Two processes writing at once: every reported write survives")
    func concurrentWriters() async throws {
        let directory = TemporaryDirectory("concurrent")
        defer { directory.remove() }
        let keystore = try makeKeystore(in: directory, passphrase: Self.passphrase)
        try await keystore.close()
        let wallet = directory.appending("wallet")
        let first = try Self.stress(wallet, prefix: "a", count: 300)
        let second = try Self.stress(wallet, prefix: "b", count: 300)
        let firstLines = String(decoding: first.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        let secondLines = String(decoding: second.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        first.process.waitUntilExit()
        second.process.waitUntilExit()
        #expect(first.process.terminationStatus == 0 && second.process.terminationStatus == 0)
        #expect(firstLines.count == 300 && secondLines.count == 300)
        let reopened = try Keystore.open(at: wallet, policy: TestKDF.policy)
        try await reopened.unlock(Passphrase(Self.passphrase))
        let stored = try await reopened.records(kind: "stress")
        #expect(stored.count == 600)
        #expect(try await reopened.ids(kind: "stress", field: "prefix", value: "a").count == 300)
    }
}
