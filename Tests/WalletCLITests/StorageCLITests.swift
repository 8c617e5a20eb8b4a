import ArgumentParser
import Foundation
import WalletKeystore
import StrictJSON
import TestSupport
import Testing
@testable import WalletCLI
import WalletCLISupport

/// Security requirement 40 through the CLI: a failed restore keeps the wallet; every command
/// closes the wallet, on its error paths too.
@Suite("wallet storage: restore over a wallet, closing on every path")
struct StorageCLITests {
    static let passphrase = "storage cli passphrase"

    func json(_ output: CommandRunner.Output) throws -> JSONValue { try JSONValue(parsing: output.stdout) }

    @Test("backup import --force with a malformed backup exits 1 (invalidBackup) and the old wallet still opens with its DIDs")
    func malformedRestoreKeepsWallet() throws {
        let directory = TemporaryDirectory("cli-restore")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("w").path, "WALLET_PASSPHRASE": Self.passphrase]
        #expect(try CommandRunner.run(["init", "--kdf", "interactive"], environment: env).status == 0)
        let created = try json(try CommandRunner.run(["did", "create", "--method", "key", "--label", "mine", "--json"], environment: env))
        let did = try #require(created["did"]?.stringValue)
        let plain = directory.appending("plain.json").path
        #expect(try CommandRunner.run(["backup", "export", "--unsafe-plaintext", "--out", plain], environment: env).status == 0)
        // The same backup with one record twice, then with a record of a reserved kind.
        var file = try #require(try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: plain)))).objectValue)
        let records = try #require(file["records"]?.arrayValue)
        for extra: JSONValue in [records[0], ["kind": "_manifest", "id": "did", "payload": "AAAA"]] {
            file["records"] = .array(records + [extra])
            let malformed = directory.appending("malformed.json")
            try Data(JSONValue.object(file).compactString.utf8).write(to: malformed)
            let restore = try CommandRunner.run(["backup", "import", malformed.path, "--force", "--kdf", "interactive", "--json"],
                                                environment: env.merging(["WALLET_PASSPHRASE": "another passphrase"]) { $1 })
            #expect(restore.status == 1, "\(restore.stderr)")
            #expect(try json(restore)["error"]?["code"]?.stringValue == "invalidBackup")
            let listed = try CommandRunner.run(["did", "list", "--json"], environment: env)
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(try json(listed)["dids"]?.arrayValue?.compactMap { $0["did"]?.stringValue } == [did])
        }
        // A good backup replaces the wallet: the new passphrase opens it, with the same DID.
        let restore = try CommandRunner.run(["backup", "import", plain, "--force", "--kdf", "interactive"],
                                            environment: env.merging(["WALLET_PASSPHRASE": "another passphrase"]) { $1 })
        #expect(restore.status == 0, "\(restore.stderr)")
        let listed = try CommandRunner.run(["did", "list", "--json"], environment: env.merging(["WALLET_PASSPHRASE": "another passphrase"]) { $1 })
        #expect(try json(listed)["dids"]?.arrayValue?.compactMap { $0["did"]?.stringValue } == [did])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.appending("w").path).filter { !$0.hasPrefix("wallet.sqlite") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("kill -9 at random moments during backup import --force: the wallet always opens, as the old one or the complete new one")
    func crashDuringRestore() async throws {
        let directory = TemporaryDirectory("cli-restore-crash")
        defer { directory.remove() }
        let old = ["WALLET_HOME": directory.appending("w").path, "WALLET_PASSPHRASE": Self.passphrase]
        let new = old.merging(["WALLET_PASSPHRASE": "the restored passphrase"]) { $1 }
        let source = old.merging(["WALLET_HOME": directory.appending("source").path]) { $1 }
        func dids(_ env: [String: String]) throws -> [String]? {
            let listed = try CommandRunner.run(["did", "list", "--json"], environment: env)
            guard listed.status == 0 else { return nil }
            return try json(listed)["dids"]?.arrayValue?.compactMap { $0["did"]?.stringValue }
        }
        #expect(try CommandRunner.run(["init", "--kdf", "interactive"], environment: old).status == 0)
        #expect(try CommandRunner.run(["did", "create", "--method", "key"], environment: old).status == 0)
        #expect(try CommandRunner.run(["init", "--kdf", "interactive"], environment: source).status == 0)
        for _ in 0..<3 { #expect(try CommandRunner.run(["did", "create", "--method", "jwk"], environment: source).status == 0) }
        let backup = directory.appending("backup.json").path
        #expect(try CommandRunner.run(["backup", "export", "--unsafe-plaintext", "--out", backup], environment: source).status == 0)
        let oldDIDs = try #require(try dids(old))
        let newDIDs = try #require(try dids(source))
        // The old wallet as a backup too, to put it back after a round that left the new one.
        let oldBackup = directory.appending("old.json").path
        #expect(try CommandRunner.run(["backup", "export", "--unsafe-plaintext", "--out", oldBackup], environment: old).status == 0)

        // How long one restore takes here, to spread the kills over it.
        let start = Date()
        #expect(try CommandRunner.run(["backup", "import", backup, "--kdf", "interactive"],
                                      environment: new.merging(["WALLET_HOME": directory.appending("timing").path]) { $1 }).status == 0)
        let duration = max(Date().timeIntervalSince(start), 0.05)

        var generator = SeededGenerator(seed: 40)
        var outcomes: [String: Int] = [:]
        for round in 0..<20 {
            let process = Process()
            process.executableURL = CommandRunner.walletBinary
            process.arguments = ["backup", "import", backup, "--force", "--kdf", "interactive"]
            process.environment = ProcessInfo.processInfo.environment.merging(new) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .seconds(Double.random(in: 0...(duration * 1.1), using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Either wallet is acceptable, complete; none, or a part of one, is not.
            if let listed = try dids(old) {
                #expect(listed == oldDIDs, "round \(round): the old wallet changed")
                outcomes["old", default: 0] += 1
            } else if let listed = try dids(new) {
                #expect(listed == newDIDs, "round \(round): the restored wallet is incomplete: \(listed.count) of \(newDIDs.count) DIDs")
                outcomes["new", default: 0] += 1
                #expect(try CommandRunner.run(["backup", "import", oldBackup, "--force", "--kdf", "interactive"], environment: old).status == 0)
            } else {
                Issue.record("round \(round): neither the old nor the new wallet opens")
                break
            }
        }
        #expect(outcomes.values.reduce(0, +) > 0, "\(outcomes)")
    }

    /// Runs a command in this process, as `wallet` would; returns its exit code.
    func runInProcess(_ arguments: [String]) async -> Int32 {
        do {
            var command = try WalletCommand.parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            return WalletCommand.exitCode(for: error).rawValue
        }
    }

    @Test("Every path of a command closes the wallet: success, a refused argument, a failing step, a wrong passphrase")
    func closesOnEveryPath() async throws {
        let directory = TemporaryDirectory("cli-close")
        defer { directory.remove() }
        let wallet = directory.appending("w")
        let passphraseFile = directory.appending("passphrase")
        try Data(Self.passphrase.utf8).write(to: passphraseFile)
        let wrongFile = directory.appending("wrong")
        try Data("not the passphrase".utf8).write(to: wrongFile)
        let common = ["--wallet", wallet.path, "--passphrase-file", passphraseFile.path]
        #expect(try CommandRunner.run(["init", "--kdf", "interactive"] + common).status == 0)
        #expect(try CommandRunner.run(["did", "create", "--method", "key", "--label", "mine"] + common).status == 0)
        let cases: [(arguments: [String], status: Int32)] = [
            (["did", "list"] + common, 0),
            (["did", "show", "nobody"] + common, 1),  // notFound after unlocking
            (["did", "create", "--method", "key", "--label", "mine"] + common, 1),  // alreadyExists inside the transaction
            (["key", "delete", "key-0", "--yes"] + common, 1),  // keyInUse
            (["did", "list", "--wallet", wallet.path, "--passphrase-file", wrongFile.path], 1),  // wrongPassphrase
            (["passphrase", "change", "--new-passphrase-file", passphraseFile.path, "--wallet", wallet.path, "--passphrase-file", wrongFile.path], 1),
        ]
        for (arguments, status) in cases {
            #expect(await runInProcess(arguments) == status, "\(arguments)")
            #expect(Keystore.openCount(at: wallet) == 0, "\(arguments) left the wallet open")
        }
    }
}
