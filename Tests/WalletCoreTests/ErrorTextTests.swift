import DIDCore
import Foundation
import WalletKeystore
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCore
import WalletCrypto

@Suite("Errors an app shows: LocalizedError with the stable code, no CLI flags in library messages")
struct ErrorTextTests {
    @Test("localizedDescription carries the code and the message, for every module's error")
    func localizedDescriptions() throws {
        let errors: [(any Error, String)] = [
            (WalletError(.keyInUse, "key key-0 is used by did:key:z6Mk"), "keyInUse"),
            (VCError(.invalidSignature, "the signature does not verify"), "invalidSignature"),
            (KeystoreError(.wrongPassphrase, "the passphrase is wrong"), "wrongPassphrase"),
            (JSONError(.duplicateKey, "the member a appears twice"), "duplicateKey"),
            (DIDError(.invalidDid, "not a DID"), "invalidDid"),
            (CryptoError(.invalidPublicKey, "not a point"), "invalidPublicKey"),
            (JSONLDError(.invalidJSONLD, "not JSON-LD"), "invalidJSONLD"),
        ]
        for (error, code) in errors {
            let text = error.localizedDescription
            #expect(text.hasPrefix("\(code): "), "\(text)")
            #expect(text == "\(error)")
        }
        // Errors thrown by real calls, not built by hand.
        let parse = try #require(throws: JSONError.self) { try JSONValue(parsing: #"{"a":1,"a":2}"#) }
        #expect(parse.localizedDescription.hasPrefix("duplicateKey"))
        let gzip = try #require(throws: GZIP.Failure.self) { try GZIP.decompress([1, 2, 3], maximumOutput: 16) }
        #expect(gzip.localizedDescription == "invalidStatusList: \(gzip.message)")
    }

    @Test("A passphrase that is not UTF-8 is refused on every platform the package declares")
    func passphraseUTF8() throws {
        for bytes: [UInt8] in [[0xC3, 0x28], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x61, 0xFF], [0xF4, 0x90, 0x80, 0x80]] {
            #expect(throws: KeystoreError(.invalidPassphrase, "")) { try Passphrase(utf8: bytes) }
        }
        // Well-formed non-ASCII text, including U+FFFD itself, passes.
        for text in ["pässwörd\n", "\u{FFFD}x", "日本語のパスフレーズ\r\n"] {
            #expect(throws: Never.self) { try Passphrase(utf8: Array(text.utf8)) }
        }
    }

    @Test("Library messages name no command-line flag: the tool adds its own hints")
    func noFlagsInLibraryMessages() async throws {
        // A credential that does not verify: the library refuses it, naming its `force` parameter.
        let directory = TemporaryDirectory("messages")
        defer { directory.remove() }
        let wallet = try await makeWallet(directory)
        _ = try await wallet.createDID(method: .key, label: "issuer")
        var bytes = try await wallet.issue(subject: ["id": "did:example:alice"], issuer: "issuer").bytes
        bytes[bytes.count - 3] = bytes[bytes.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let error = try await #require(throws: WalletError.self) { try await wallet.storeCredential(bytes) }
        #expect(error.code == .invalidArgument && error.message.hasPrefix(Wallet.doesNotVerifyPrefix) && !error.message.contains("--"))

        // Every string literal in the library sources, outside the tool, the benchmarks and the fuzzers.
        let sources = Fixtures.packageRoot.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasPrefix("WalletCLI/") && !$0.hasPrefix("WalletCLISupport/") && !$0.hasPrefix("WalletServeCLI/") && !$0.hasPrefix("WalletBench/") && !$0.hasPrefix("WalletFuzz/")
                && !$0.contains("/Generated/") && !$0.contains("/Contexts/") }
        #expect(files.count > 100)
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                if line.contains(/"[^"]*(^|[\s(])--[a-z][a-z-]*[^"]*"/) { offenders.append("\(file):\(number + 1)") }
            }
        }
        #expect(offenders.isEmpty, "CLI flags in library messages: \(offenders)")
    }
}
