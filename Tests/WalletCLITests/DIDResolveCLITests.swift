import ArgumentParser
import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCLI
import WalletCLISupport

@Suite("wallet did resolve")
struct DIDResolveCLITests {
    static let example = try! Fixtures.json("did-key/did-key-spec-multikey-example.json")
    static let did = example["did"]!.stringValue!

    // MARK: In process

    @Test("Arguments parse into the command and its options")
    func parsing() throws {
        let command = try WalletCommand.parseAsRoot(["did", "resolve", Self.did, "--form", "jwk", "--json"])
        let resolve = try #require(command as? DIDCommand.Resolve)
        #expect(resolve.did == Self.did)
        #expect(resolve.form == .jwk && resolve.json)
    }

    @Test("Usage errors map to exit code 64")
    func usageErrors() {
        for arguments in [["did", "resolve"], ["did", "resolve", Self.did, "--form", "rsa"], ["did", "frobnicate"]] {
            do {
                _ = try WalletCommand.parseAsRoot(arguments)
                Issue.record("parsed \(arguments)")
            } catch {
                #expect(WalletCommand.exitCode(for: error).rawValue == 64, "\(arguments)")
            }
        }
    }

    // MARK: The built binary

    @Test("Resolves the spec's example to its document, exit 0")
    func resolveExample() throws {
        let output = try CommandRunner.run(["did", "resolve", Self.did])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try JSONValue(parsing: output.stdout) == Self.example["didDocument"]!)
        #expect(output.stderr.isEmpty)
    }

    @Test("--json prints the resolution result")
    func resolveJSON() throws {
        let output = try CommandRunner.run(["did", "resolve", Self.did, "--json"])
        #expect(output.status == 0)
        let result = try JSONValue(parsing: output.stdout)
        #expect(result["didDocument"] == Self.example["didDocument"]!)
        #expect(result["didResolutionMetadata"]?["contentType"]?.stringValue == "application/did+ld+json")
    }

    @Test("did:jwk resolves; --form changes did:key methods; a DID URL dereferences to its method")
    func formsAndDereferencing() throws {
        let jwkExample = try Fixtures.json("did-jwk/did-jwk-spec-examples.json")["examples"]![1]!
        let jwkOutput = try CommandRunner.run(["did", "resolve", jwkExample["did"]!.stringValue!])
        #expect(jwkOutput.status == 0)
        #expect(try JSONValue(parsing: jwkOutput.stdout) == jwkExample["didDocument"]!)

        let form = try CommandRunner.run(["did", "resolve", Self.did, "--form", "ed25519-2020"])
        #expect(try JSONValue(parsing: form.stdout)["verificationMethod"]?[0]?["type"]?.stringValue == "Ed25519VerificationKey2020")

        let url = "\(Self.did)#\(Self.did.dropFirst("did:key:".count))"
        let method = try CommandRunner.run(["did", "resolve", url])
        #expect(method.status == 0)
        #expect(try JSONValue(parsing: method.stdout)["publicKeyMultibase"]?.stringValue == String(Self.did.dropFirst("did:key:".count)))

        let missing = try CommandRunner.run(["did", "resolve", "\(Self.did)#nope", "--json"])
        #expect(missing.status == 1)
        #expect(try JSONValue(parsing: missing.stdout)["error"]?.stringValue == "notFound")
    }

    @Test("Invalid and unsupported DIDs: message on stderr, the code in --json, exit 1", arguments: [
        ("did:key:z6Mk", "invalidPublicKey"), ("not-a-did", "invalidDid"), ("did:web:example.com", "methodNotSupported"),
        ("did:key:z2J9gaYxrKVpdoG9A4gRnmpnRCcxU6agDtFVVBVdn1JedouoZN7SzcyREXXzWgt3gGiwpoHq7K68X4m32D8HgzG8wv3sY5j7", "methodNotSupported"), ("did:jwk:e30", "invalidPublicKey"),
    ])
    func failures(_ did: String, _ code: String) throws {
        let text = try CommandRunner.run(["did", "resolve", did])
        #expect(text.status == 1)
        #expect(text.stdout.isEmpty)
        #expect(text.stderr.contains(code), "\(text.stderr)")
        let json = try CommandRunner.run(["did", "resolve", did, "--json"])
        #expect(json.status == 1)
        #expect(try JSONValue(parsing: json.stdout)["didResolutionMetadata"]?["error"]?.stringValue == code)
    }

    @Test("Usage errors exit 64; --version and --help work; completion scripts are generated")
    func toolBasics() throws {
        #expect(try CommandRunner.run(["did", "resolve"]).status == 64)
        #expect(try CommandRunner.run(["did", "resolve", Self.did, "--form", "nope"]).status == 64)
        let version = try CommandRunner.run(["--version"])
        #expect(version.status == 0 && version.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == WalletVersion.current)
        let help = try CommandRunner.run(["--help"])
        #expect(help.status == 0 && help.stdoutText.contains("did"))
        let completion = try CommandRunner.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0 && completion.stdoutText.contains("resolve"))
    }
}
