import Foundation
import WalletKeystore
import WalletCore
import WalletCrypto

/// Keystore figures: unlock time per preset, insert/fetch rates, blind-index lookups at 100,000
/// records, bytes on disk per record.
enum KeystoreBench {
    struct Figures {
        var rows: [(name: String, value: Double, unit: String)] = []
        mutating func add(_ name: String, _ value: Double, _ unit: String) { rows.append((name, value, unit)) }
    }

    static let fastPolicy = KDFPolicy(floor: .libraryMinimum, ceiling: .sensitive)
    static let fastParameters = Argon2id.Parameters(opsLimit: 1, memLimit: 8192)

    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// A ~1 KB credential-like payload.
    static func payload(_ index: Int) -> [UInt8] {
        var text = Array(Workloads.credential(index: index).utf8.prefix(1000))
        text.append(contentsOf: Array(String(index).utf8))
        return text
    }

    static func run(quick: Bool) async throws -> Figures {
        var figures = Figures()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wallet-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        let passphrase = try Passphrase("benchmark passphrase")

        // Unlock time per preset (a fresh process would pay the same: one Argon2id run).
        for preset in KDFPreset.allCases where !(quick && preset == .sensitive) {
            let directory = root.appendingPathComponent("unlock-\(preset.rawValue)")
            let created = try Keystore.create(at: directory, passphrase: passphrase, parameters: preset.parameters)
            try await created.close()
            var best = Double.infinity
            for _ in 0..<(preset == .sensitive ? 2 : 3) {
                let time = try await seconds {
                    let keystore = try Keystore.open(at: directory)
                    try await keystore.unlock(passphrase)
                }
                best = min(best, time)
            }
            figures.add("unlock, \(preset.rawValue) preset (\(preset.parameters.opsLimit) passes, \(preset.parameters.memLimit >> 20) MiB)", best * 1000, "ms")
        }

        // 10,000 records of ~1 KB.
        let count = quick ? 2_000 : 10_000
        let directory = root.appendingPathComponent("records")
        let keystore = try Keystore.create(at: directory, passphrase: passphrase, parameters: fastParameters, policy: fastPolicy)
        let single = try await seconds {
            for index in 0..<count {
                try await keystore.insert(kind: "credential", id: "c\(index)", payload: payload(index), indexes: ["type": "T\(index % 100)"])
            }
        }
        figures.add("insert \(count) × 1 KB, one durable transaction each", Double(count) / single, "records/s")
        let batchDirectory = root.appendingPathComponent("batch")
        let batchStore = try Keystore.create(at: batchDirectory, passphrase: passphrase, parameters: fastParameters, policy: fastPolicy)
        let batched = try await seconds {
            for start in stride(from: 0, to: count, by: 1000) {
                try await batchStore.insert((start..<min(start + 1000, count)).map {
                    Keystore.NewRecord(kind: "credential", id: "c\($0)", payload: payload($0), indexes: ["type": "T\($0 % 100)"])
                })
            }
        }
        figures.add("insert \(count) × 1 KB, batches of 1,000", Double(count) / batched, "records/s")
        let fetch = try await seconds {
            for index in 0..<count { _ = try await keystore.payload(kind: "credential", id: "c\(index)") }
        }
        figures.add("fetch by id (decrypt), \(count) records", Double(count) / fetch, "records/s")
        let list = try await seconds { _ = try await keystore.records(kind: "credential") }
        figures.add("list all \(count) (verify manifest, decrypt)", list * 1000, "ms")
        try await keystore.close()

        // 100,000 records: blind-index lookups.
        let large = quick ? 20_000 : 100_000
        let largeDirectory = root.appendingPathComponent("large")
        let largeStore = try Keystore.create(at: largeDirectory, passphrase: passphrase, parameters: fastParameters, policy: fastPolicy)
        for start in stride(from: 0, to: large, by: 1000) {
            try await largeStore.insert((start..<min(start + 1000, large)).map {
                Keystore.NewRecord(kind: "credential", id: "c\($0)", payload: payload($0), indexes: ["subject": "did:example:\($0)", "type": "T\($0 % 100)"])
            })
        }
        let lookups = 5_000
        var generator = SystemRandomNumberGenerator()
        let targets = (0..<lookups).map { _ in Int.random(in: 0..<large, using: &generator) }
        let lookupTime = try await seconds {
            for target in targets {
                let ids = try await largeStore.ids(kind: "credential", field: "subject", value: "did:example:\(target)")
                precondition(ids == ["c\(target)"])
                _ = try await largeStore.payload(kind: "credential", id: ids[0])
            }
        }
        figures.add("lookup by blind index + fetch, in \(large) records", Double(lookups) / lookupTime, "lookups/s")
        let typeTime = try await seconds {
            for value in 0..<20 { _ = try await largeStore.ids(kind: "credential", field: "type", value: "T\(value)") }
        }
        figures.add("ids of one type (\(large / 100) matches) in \(large) records", typeTime / 20 * 1000, "ms")
        try await largeStore.close()
        let size = (try FileManager.default.attributesOfItem(atPath: Keystore.databaseURL(in: largeDirectory).path)[.size] as? NSNumber)?.doubleValue ?? 0
        figures.add("file size per ~1 KB record (\(large) records, 2 indexes each)", size / Double(large), "bytes")
        return figures
    }
}
