import Foundation
import StrictJSON
import TestSupport
import Testing

/// End-to-end runs of the built `wallet` binary over a temporary wallet, as a script drives it:
/// passphrases from environment variables and files, `--json` output, exit codes.
@Suite("wallet init, key, did, passphrase, backup, recovery-phrase")
struct WalletCommandsCLITests {
    static let marker = "MARKER-PASSPHRASE-ab12 ключ"

    func run(_ arguments: [String], _ environment: [String: String] = [:], stdin: [UInt8] = []) throws -> CommandRunner.Output {
        try CommandRunner.run(arguments, stdin: stdin, environment: environment)
    }

    func json(_ output: CommandRunner.Output) throws -> JSONValue { try JSONValue(parsing: output.stdout) }

    @Test("A whole session: init, DIDs, keys, passphrase change, backup and restore, recovery")
    func session() throws {
        let directory = TemporaryDirectory("cli")
        defer { directory.remove() }
        let wallet = directory.appending("w").path
        let env = ["WALLET_HOME": wallet, "WALLET_PASSPHRASE": Self.marker]
        var outputs: [CommandRunner.Output] = []
        func step(_ arguments: [String], _ extra: [String: String] = [:], stdin: [UInt8] = [], expect status: Int32 = 0) throws -> CommandRunner.Output {
            let output = try run(arguments, env.merging(extra) { $1 }, stdin: stdin)
            outputs.append(output)
            #expect(output.status == status, "\(arguments): \(output.stderr)")
            return output
        }

        let initialized = try json(try step(["init", "--kdf", "interactive", "--json"]))
        let phrase = try #require(initialized["recoveryPhrase"]?.stringValue)
        #expect(phrase.split(separator: " ").count == 24)
        _ = try step(["init", "--kdf", "interactive"], expect: 1)  // already exists

        let first = try json(try step(["did", "create", "--method", "key", "--label", "citizen", "--json"]))
        let second = try json(try step(["did", "create", "--method", "jwk", "--json"]))
        let dids = [first["did"]!.stringValue!, second["did"]!.stringValue!]
        #expect(dids[0].hasPrefix("did:key:z6Mk") && dids[1].hasPrefix("did:jwk:"))
        let listed = try json(try step(["did", "list", "--json"]))
        #expect(listed["dids"]!.arrayValue!.map { $0["did"]!.stringValue! } == dids)
        let shown = try json(try step(["did", "show", "citizen"]))
        #expect(shown["id"]?.stringValue == dids[0])
        _ = try step(["did", "show", "nobody"], expect: 1)
        let key = try json(try step(["key", "create", "--label", "spare", "--json"]))
        #expect(key["id"]?.stringValue == "key-2" && key["derivationPath"]?.stringValue == "m/7337'/0'/2'")
        #expect(try json(try step(["key", "list", "--json"]))["keys"]!.arrayValue!.count == 3)
        _ = try step(["key", "delete", "key-0", "--yes"], expect: 1)  // used by a DID
        _ = try step(["key", "delete", "spare"], expect: 64)  // no terminal, no --yes
        _ = try step(["key", "delete", "spare", "--yes"])

        // Passphrase change: the old one stops working, the new one (from a file) works.
        let newPassphraseFile = directory.appending("new-passphrase")
        try Data("the new one\n".utf8).write(to: newPassphraseFile)
        _ = try step(["passphrase", "change", "--new-passphrase-file", newPassphraseFile.path])
        let refused = try step(["did", "list", "--json"], expect: 1)
        #expect(try json(refused)["error"]?["code"]?.stringValue == "wrongPassphrase")
        _ = try step(["did", "list", "--passphrase-file", newPassphraseFile.path])
        let newEnv = ["WALLET_PASSPHRASE": "the new one"]

        // Backup and restore into a new wallet; never over an existing one without --force.
        let backup = directory.appending("backup.sdwb").path
        _ = try step(["backup", "export", "--out", backup, "--kdf", "interactive"], newEnv.merging(["WALLET_BACKUP_PASSPHRASE": "a long enough backup passphrase"]) { $1 })
        let mode = (try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as! NSNumber).intValue
        #expect(mode & 0o777 == 0o600)
        _ = try step(["backup", "export", "--out", backup], newEnv.merging(["WALLET_BACKUP_PASSPHRASE": "a long enough backup passphrase"]) { $1 }, expect: 1)
        let restoredWallet = directory.appending("restored").path
        let wrongBackup = try step(["backup", "import", backup, "--wallet", restoredWallet, "--kdf", "interactive", "--json"],
                                   ["WALLET_BACKUP_PASSPHRASE": "nope"], expect: 1)
        #expect(try json(wrongBackup)["error"]?["code"]?.stringValue == "wrongPassphrase")
        let restored = try json(try step(["backup", "import", backup, "--wallet", restoredWallet, "--kdf", "interactive", "--json"],
                                         ["WALLET_BACKUP_PASSPHRASE": "a long enough backup passphrase"]))
        #expect(restored["dids"]!.arrayValue!.map { $0.stringValue! } == dids)
        _ = try step(["backup", "import", backup, "--wallet", restoredWallet], ["WALLET_BACKUP_PASSPHRASE": "a long enough backup passphrase"], expect: 1)
        _ = try step(["backup", "import", backup, "--wallet", restoredWallet, "--force", "--kdf", "interactive"], ["WALLET_BACKUP_PASSPHRASE": "a long enough backup passphrase"])

        // The recovery phrase: needs --yes without a terminal; rebuilds the same DIDs in order.
        _ = try step(["recovery-phrase", "show"], newEnv, expect: 64)
        let shownPhrase = try json(try step(["recovery-phrase", "show", "--yes", "--json"], newEnv))
        #expect(shownPhrase["recoveryPhrase"]?.stringValue == phrase)
        let recovered = directory.appending("recovered").path
        _ = try step(["init", "--recover", "--kdf", "interactive", "--wallet", recovered], stdin: Array(phrase.utf8))
        let again1 = try json(try step(["did", "create", "--method", "key", "--json", "--wallet", recovered]))
        let again2 = try json(try step(["did", "create", "--method", "jwk", "--json", "--wallet", recovered]))
        #expect([again1["did"]!.stringValue!, again2["did"]!.stringValue!] == dids)
        let badPhrase = try step(["init", "--recover", "--wallet", directory.appending("bad").path, "--json"],
                                 stdin: Array(phrase.replacingOccurrences(of: phrase.split(separator: " ")[0], with: "zzzz").utf8), expect: 1)
        #expect(try json(badPhrase)["error"]?["code"]?.stringValue == "invalidRecoveryPhrase")

        // The marker passphrase never appears in any output, on any path.
        for output in outputs {
            #expect(!output.stdoutText.contains(Self.marker) && !output.stderr.contains(Self.marker))
            #expect(!output.stdoutText.contains("MARKER") && !output.stderr.contains("MARKER"))
        }
    }

    @Test("Without any passphrase source and no terminal: exit 2 and a clear message")
    func noPassphrase() throws {
        let directory = TemporaryDirectory("cli-nopass")
        defer { directory.remove() }
        let none = try CommandRunner.run(["init", "--wallet", directory.appending("w").path, "--json"], removing: ["WALLET_PASSPHRASE"])
        #expect(none.status == 2 && none.stderr.contains("no passphrase"))
        #expect(try JSONValue(parsing: none.stdout)["error"]?["code"]?.stringValue == "couldNotRun")
        let output = try CommandRunner.run(["init", "--wallet", directory.appending("w").path], environment: ["WALLET_PASSPHRASE": ""])
        // An empty variable is an empty passphrase: refused.
        #expect(output.status == 1 && output.stderr.contains("invalidPassphrase"))
        let missing = try CommandRunner.run(["did", "list", "--wallet", directory.appending("none").path], environment: ["WALLET_PASSPHRASE": "x"])
        #expect(missing.status == 1 && missing.stderr.contains("notFound"))
    }

    @Test("Wider permissions on the wallet are warned about")
    func permissionWarning() throws {
        let directory = TemporaryDirectory("cli-mode")
        defer { directory.remove() }
        let wallet = directory.appending("w").path
        let env = ["WALLET_HOME": wallet, "WALLET_PASSPHRASE": "p"]
        #expect(try run(["init", "--kdf", "interactive"], env).status == 0)
        #expect(!(try run(["did", "list"], env).stderr.contains("warning")))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wallet)
        let output = try run(["did", "list"], env)
        #expect(output.status == 0 && output.stderr.contains("warning") && output.stderr.contains("755"))
    }
}
