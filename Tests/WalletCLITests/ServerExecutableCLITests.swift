import Foundation
import StrictJSON
import TestSupport
import Testing

/// `wallet serve` and `wallet request` run in `wallet-serve` (decision 0038): `wallet` hands them
/// over with `execv`, keeps the server out of its own binary, and says so when the sibling is
/// missing.
@Suite("CLI: the server commands run in wallet-serve")
struct ServerExecutableCLITests {
    static let serveBinary = CommandRunner.walletBinary.deletingLastPathComponent().appendingPathComponent("wallet-serve")
    static let forwardedPaths: [[String]] = [["serve"], ["offer"], ["offer", "create"], ["request"], ["request", "create"], ["request", "result"]]

    @Test("Each server command's help through wallet is wallet-serve's own, usage lines reading 'wallet'")
    func helpIsForwarded() throws {
        for path in Self.forwardedPaths {
            let viaWallet = try CommandRunner.run(path + ["--help"], environment: ["COLUMNS": "100"])
            let direct = try CommandRunner.run(path + ["--help"], environment: ["COLUMNS": "100"], executable: Self.serveBinary)
            #expect(viaWallet.status == 0 && direct.status == 0, "\(path): \(viaWallet.stderr) \(direct.stderr)")
            #expect(viaWallet.stdoutText == direct.stdoutText, "\(path)")
            #expect(viaWallet.stdoutText.contains("USAGE: wallet \(path.joined(separator: " "))"), "\(viaWallet.stdoutText)")
        }
        // `wallet help serve` too.
        let help = try CommandRunner.run(["help", "serve"], environment: ["COLUMNS": "100"])
        #expect(help.status == 0)
        #expect(help.stdoutText.contains("--verifier-cert"), "\(help.stdoutText)")
    }

    @Test("wallet --help lists the server commands with wallet-serve's abstracts")
    func listedWithTheSameAbstracts() throws {
        let wallet = try CommandRunner.run(["--help"], environment: ["COLUMNS": "200"]).stdoutText
        let serve = try CommandRunner.run(["--help"], environment: ["COLUMNS": "200"], executable: Self.serveBinary).stdoutText
        for name in ["serve", "offer", "request"] {
            let line = { (text: String) in
                text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(name + " ") }
                    .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            }
            #expect(line(wallet) != nil && line(wallet) == line(serve), "\(name): \(String(describing: line(wallet))) vs \(String(describing: line(serve)))")
        }
    }

    @Test("Usage errors of a server command are reported by wallet-serve the CLI's way (exit 64, JSON with --json)")
    func usageErrorsForwarded() throws {
        let output = try CommandRunner.run(["serve", "--port", "70000", "--json"])
        #expect(output.status == 64)
        let object = try JSONValue(parsing: output.stdout).objectValue
        #expect(object?["error"]?.objectValue?["code"]?.stringValue == "usage")
        #expect(output.stderr.hasPrefix("wallet: error: usage: "), "\(output.stderr)")
    }

    @Test("wallet serve is the same process as wallet (execv): its /proc/PID/exe is wallet-serve")
    func sameProcess() throws {
        #if os(Linux)
        let directory = TemporaryDirectory("serve-exec")
        defer { directory.remove() }
        let (process, listening, _) = try ServeCLITests.startServe(wallet: directory.url)
        defer { process.terminate(); process.waitUntilExit() }
        #expect(listening["port"] != nil)
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.processIdentifier)/exe")
        #expect(URL(fileURLWithPath: exe).lastPathComponent == "wallet-serve", "\(exe)")
        #endif
    }

    @Test("A wallet copied without wallet-serve refuses the server commands with serverNotInstalled (exit 2), the rest still runs")
    func missingSibling() throws {
        let directory = TemporaryDirectory("serve-missing")
        defer { directory.remove() }
        let copy = directory.url.appendingPathComponent("wallet")
        try FileManager.default.copyItem(at: CommandRunner.walletBinary, to: copy)
        let output = try CommandRunner.run(["serve", "--port", "0", "--json"], executable: copy)
        #expect(output.status == 2)
        #expect(output.stderr.contains("wallet: error: serverNotInstalled: "), "\(output.stderr)")
        #expect(output.stderr.contains(directory.url.appendingPathComponent("wallet-serve").path), "\(output.stderr)")
        let object = try JSONValue(parsing: output.stdout).objectValue
        #expect(object?["error"]?.objectValue?["code"]?.stringValue == "serverNotInstalled")
        // Every other command is in the copy itself.
        let version = try CommandRunner.run(["--version"], executable: copy)
        #expect(version.status == 0)
    }

    @Test("The server (Hummingbird) is linked into wallet-serve only, never into wallet")
    func serverNotLinkedIntoWallet() throws {
        // Swift mangles a declaration of module Hummingbird with the module's name, length-prefixed.
        let marker = Array("11Hummingbird".utf8)
        let contains = { (url: URL) throws -> Bool in
            let bytes = try Data(contentsOf: url)
            return bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Bool in
                guard buffer.count >= marker.count else { return false }
                var index = 0
                scan: while index <= buffer.count - marker.count {
                    for offset in 0..<marker.count where buffer[index + offset] != marker[offset] {
                        index += 1
                        continue scan
                    }
                    return true
                }
                return false
            }
        }
        #expect(try contains(Self.serveBinary), "the check must see Hummingbird in wallet-serve, or it proves nothing")
        #expect(try !contains(CommandRunner.walletBinary))
    }
}
