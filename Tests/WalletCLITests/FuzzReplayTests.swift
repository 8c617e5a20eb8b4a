import Foundation
import TestSupport
import Testing

/// The fuzz targets' seed and regression inputs (`Fixtures/fuzz/<target>/`) replayed through the
/// normal build of `wallet-fuzz`: none may crash. `make fuzz` runs the same targets under libFuzzer.
@Suite("Fuzz regressions")
struct FuzzReplayTests {
    @Test("Every stored input replays without a crash", arguments: ["json", "jws", "did", "credential", "nquads", "jsonld"])
    func replay(_ target: String) throws {
        let process = Process()
        process.executableURL = HelperProcess.url(named: "wallet-fuzz")
        process.arguments = [target, Fixtures.url("fuzz/\(target)").path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let count = Int(text.split(separator: " ")[1]) ?? 0
        #expect(count >= 2, "\(text)")
    }
}
