import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing

/// `wallet key create --type`, `wallet did create --key-type / --method nda`, and what the wallet
/// signs with P-256 and secp256k1 keys, end to end with the built binary.
@Suite("wallet key types (P-256, secp256k1, did:nda)")
struct KeyTypesCLITests {
    /// Hardhat's and Anvil's development phrase: account #0 is a widely published address.
    static let developmentPhrase = "test test test test test test test test test test test junk"
    static let hardhatAccount0 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"

    struct Setup {
        let directory: TemporaryDirectory
        let env: [String: String]

        init(_ name: String, phrase: String? = nil) throws {
            directory = TemporaryDirectory(name)
            env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "key types pass"]
            if let phrase {
                let file = directory.appending("phrase.txt")
                try Data(phrase.utf8).write(to: file)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
                let created = try run(["init", "--kdf", "interactive", "--recover", "--phrase-file", file.path])
                #expect(created.status == 0, "\(created.stderr)")
            } else {
                #expect(try run(["init", "--kdf", "interactive"]).status == 0)
            }
        }

        func run(_ arguments: [String], stdin: [UInt8] = [], environment: [String: String]? = nil) throws -> CommandRunner.Output {
            try CommandRunner.run(arguments, stdin: stdin, environment: environment ?? env)
        }

        func line(_ arguments: [String]) throws -> String {
            let output = try run(arguments)
            #expect(output.status == 0, "\(arguments): \(output.stderr)")
            return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test("key create --type, did create --key-type and --method nda; key list and did list show the type")
    func createAndList() throws {
        let setup = try Setup("cli-key-types", phrase: Self.developmentPhrase)
        defer { setup.directory.remove() }
        let nda = try setup.line(["did", "create", "--method", "nda", "--label", "chain"])
        #expect(nda == "did:nda:" + Self.hardhatAccount0)
        #expect(try setup.line(["did", "create", "--method", "key", "--key-type", "p256"]).hasPrefix("did:key:zDn"))
        #expect(try setup.line(["did", "create", "--method", "jwk", "--key-type", "secp256k1"]).hasPrefix("did:jwk:"))
        #expect(try setup.line(["did", "create", "--method", "key"]).hasPrefix("did:key:z6Mk"))
        // The secp256k1 key behind the did:nda also makes a did:key (zQ3s…).
        #expect(try setup.line(["did", "create", "--method", "key", "--key", "key-secp256k1-0"]).hasPrefix("did:key:zQ3s"))
        let created = try JSONValue(parsing: try setup.run(["key", "create", "--type", "p256", "--label", "spare", "--json"]).stdout)
        #expect(created["id"] == "key-p256-1" && created["type"] == "p256" && created["derivationPath"] == "m/7337'/0'/1'")

        let keys = try setup.line(["key", "list"]).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let byId = Dictionary(uniqueKeysWithValues: keys.map { ($0[0], $0) })
        #expect(byId["key-secp256k1-0"]?[1] == "secp256k1" && byId["key-secp256k1-0"]?[3] == "m/44'/60'/0'/0/0")
        #expect(byId["key-p256-0"]?[1] == "p256" && byId["key-p256-0"]?[2].hasPrefix("zDn") == true)
        #expect(byId["key-0"]?[1] == "ed25519" && byId["key-p256-1"]?[4] == "spare")
        let shown = try JSONValue(parsing: try setup.run(["key", "show", "key-secp256k1-0", "--json"]).stdout)
        #expect(shown["address"]?.stringValue == Self.hardhatAccount0)

        let dids = try setup.line(["did", "list"]).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(dids.first { $0[0] == nda }.map { [$0[1], $0[2], $0[3]] } == ["key-secp256k1-0", "secp256k1", "chain"])
        let listed = try JSONValue(parsing: try setup.run(["did", "list", "--json"]).stdout)["dids"]!.arrayValue!
        #expect(listed.first { $0["did"]?.stringValue == nda }?["keyType"] == "secp256k1")
        #expect(Set(listed.compactMap { $0["keyType"]?.stringValue }) == ["ed25519", "p256", "secp256k1"])

        // A did:nda is only over a secp256k1 key; unknown types are usage errors.
        let wrongType = try setup.run(["did", "create", "--method", "nda", "--key-type", "p256", "--json"])
        #expect(wrongType.status == 1 && wrongType.stdoutText.contains("invalidArgument"), "\(wrongType.stdoutText)")
        #expect(try setup.run(["key", "create", "--type", "rsa"]).status == 64)
        #expect(try setup.run(["did", "create", "--method", "key", "--key-type", "p384"]).status == 64)
    }
}

extension KeyTypesCLITests {
    @Test("init --recover then key rebuild: the same keys of every type; did create --key gives the same DIDs")
    func recoverAndRebuild() throws {
        let original = try Setup("cli-key-types-original")
        defer { original.directory.remove() }
        let dids = [try original.line(["did", "create", "--method", "nda"]), try original.line(["did", "create", "--method", "jwk", "--key-type", "p256"]),
                    try original.line(["did", "create", "--method", "key"]), try original.line(["did", "create", "--method", "jwk", "--key-type", "p256"])]
        let phrase = try JSONValue(parsing: try original.run(["recovery-phrase", "show", "--yes", "--json"]).stdout)["recoveryPhrase"]!.stringValue!
        let recovered = try Setup("cli-key-types-recovered", phrase: phrase)
        defer { recovered.directory.remove() }
        let rebuilt = try recovered.line(["key", "rebuild", "--p256", "2", "--secp256k1", "1", "--ed25519", "1"]).split(separator: "\n")
        #expect(rebuilt.count == 4)
        func keyTable(_ setup: Setup) throws -> [String: String] {
            let keys = try JSONValue(parsing: try setup.run(["key", "list", "--json"]).stdout)["keys"]!.arrayValue!
            return Dictionary(uniqueKeysWithValues: keys.map { ($0["id"]!.stringValue!, $0["publicKeyMultibase"]!.stringValue!) })
        }
        #expect(try keyTable(recovered) == (try keyTable(original)))
        #expect(try recovered.line(["key", "rebuild", "--p256", "1"]).isEmpty)  // nothing missing
        var again: [String] = []
        for (method, key) in [("nda", "key-secp256k1-0"), ("jwk", "key-p256-0"), ("key", "key-0"), ("jwk", "key-p256-1")] {
            again.append(try recovered.line(["did", "create", "--method", method, "--key", key]))
        }
        #expect(again == dids)
        #expect(try recovered.run(["key", "rebuild"]).status == 64)
    }
}

extension KeyTypesCLITests {
    @Test("init --recover --ed25519/--p256/--secp256k1: recovery rebuilds the keys of every type in one step")
    func recoverRebuildsInOneStep() throws {
        let original = try Setup("cli-key-types-onestep-original")
        defer { original.directory.remove() }
        let nda = try original.line(["did", "create", "--method", "nda"])
        let p256 = try original.line(["did", "create", "--method", "key", "--key-type", "p256"])
        _ = try original.line(["key", "create", "--type", "p256"])
        _ = try original.line(["key", "create"])
        let phrase = try JSONValue(parsing: try original.run(["recovery-phrase", "show", "--yes", "--json"]).stdout)["recoveryPhrase"]!.stringValue!

        let directory = TemporaryDirectory("cli-key-types-onestep")
        defer { directory.remove() }
        let file = directory.appending("phrase.txt")
        try Data(phrase.utf8).write(to: file)
        let env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "key types pass"]
        let created = try CommandRunner.run(["init", "--kdf", "interactive", "--recover", "--phrase-file", file.path,
                                             "--ed25519", "1", "--p256", "2", "--secp256k1", "1", "--json"], environment: env)
        #expect(created.status == 0, "\(created.stderr)")
        let keys = try JSONValue(parsing: created.stdout)["keys"]?.arrayValue ?? []
        #expect(Set(keys.compactMap { $0["id"]?.stringValue }) == ["key-0", "key-p256-0", "key-p256-1", "key-secp256k1-0"])
        func keyTable(_ arguments: [String], _ environment: [String: String]) throws -> [String: String] {
            let listed = try JSONValue(parsing: try CommandRunner.run(arguments, environment: environment).stdout)["keys"]!.arrayValue!
            return Dictionary(uniqueKeysWithValues: listed.map { ($0["id"]!.stringValue!, $0["publicKeyMultibase"]!.stringValue!) })
        }
        #expect(try keyTable(["key", "list", "--json"], env) == (try keyTable(["key", "list", "--json"], original.env)))
        let again = [try CommandRunner.run(["did", "create", "--method", "nda", "--key", "key-secp256k1-0"], environment: env),
                     try CommandRunner.run(["did", "create", "--method", "key", "--key", "key-p256-0"], environment: env)]
        #expect(again.map { $0.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) } == [nda, p256])
        // The counts belong to a recovery: a new wallet refuses them (a usage error).
        let misuse = try CommandRunner.run(["init", "--kdf", "interactive", "--p256", "1"],
                                           environment: ["WALLET_HOME": directory.appending("other").path, "WALLET_PASSPHRASE": "key types pass"])
        #expect(misuse.status == 64)
    }
}
