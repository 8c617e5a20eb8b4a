import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto
@testable import WalletCLI
import WalletCLISupport

/// Untrusted text never reaches a terminal raw (issue 13 §5, security requirement 42): strings
/// from credentials, presentations, lists and verifiers are printed with their control
/// characters escaped; `--json` stays exact JSON.
@Suite("Terminal text: untrusted strings escaped, --json exact")
struct TerminalTextTests {
    /// A window-title change (OSC … BEL), a screen clear (CSI 2J), a C1 CSI, a right-to-left override.
    static let title = "\u{1B}]0;title\u{07}"
    static let clear = "\u{1B}[2J"
    static let hostile = "A\(title)B\(clear)C\u{9B}31mD\u{202E}gpj.exe"

    /// The raw UTF-8 of ESC, BEL, U+009B and U+202E: none may appear in any output.
    static let rawSequences: [(String, [UInt8])] = [("ESC", [0x1B]), ("BEL", [0x07]), ("U+009B", [0xC2, 0x9B]), ("U+202E", [0xE2, 0x80, 0xAE])]

    /// What the text output shows instead.
    static let visible = #"A\u{1B}]0;title\u{07}B\u{1B}[2JC\u{9B}31mD\u{202E}gpj.exe"#

    static func rawSequencesIn(_ bytes: [UInt8]) -> [String] {
        rawSequences.filter { _, needle in
            bytes.count >= needle.count && (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        }.map(\.0)
    }

    static func rawSequencesIn(_ text: String) -> [String] { rawSequencesIn(Array(text.utf8)) }

    // MARK: The escaping function

    @Test("escaped() writes C0, DEL, C1 and bidi controls as visible \\u{…} escapes and keeps everything else")
    func escapedExamples() {
        #expect(TerminalText.escaped(Self.hostile) == Self.visible)
        #expect(TerminalText.escaped("tab\there\r\nnext\0") == #"tab\u{09}here\u{0D}\u{0A}next\u{00}"#)
        #expect(TerminalText.escaped("\u{7F}\u{80}\u{9F}\u{61C}\u{200E}\u{200F}\u{202A}\u{202E}\u{2066}\u{2069}")
                == #"\u{7F}\u{80}\u{9F}\u{61C}\u{200E}\u{200F}\u{202A}\u{202E}\u{2066}\u{2069}"#)
        let ordinary = #"Đại học Quốc gia Hà Nội — did:key:z6Mk… ½ \ "quoted" 🎓 עברית"#
        #expect(TerminalText.escaped(ordinary) == ordinary)
    }

    @Test("Exactly the listed scalars are escaped: each boundary's neighbours are kept")
    func escapedBoundaries() {
        let escapedRanges: [ClosedRange<UInt32>] = [0x00...0x1F, 0x7F...0x9F, 0x61C...0x61C, 0x200B...0x200F, 0x2028...0x202E, 0x2066...0x2069, 0xFEFF...0xFEFF]
        for range in escapedRanges {
            for value in [range.lowerBound, range.upperBound] {
                let scalar = Unicode.Scalar(value)!
                #expect(TerminalText.escaped(String(scalar)) == "\\u{\(String(format: "%02X", value))}", "U+\(String(value, radix: 16))")
            }
            for value in [range.lowerBound &- 1, range.upperBound + 1] where value != UInt32.max {
                guard let scalar = Unicode.Scalar(value), !escapedRanges.contains(where: { $0.contains(value) }) else { continue }
                #expect(TerminalText.escaped(String(scalar)) == String(scalar), "U+\(String(value, radix: 16)) is kept")
            }
        }
    }

    @Test("Interpolated values are escaped, the literal parts (tabs, newlines) kept")
    func interpolation() {
        let type = "T\tU\n"
        let line: TerminalText = "\(type)\t\(42)\n"
        #expect(line.description == #"T\u{09}U\u{0A}"# + "\t42\n")
        let column: TerminalText = "\(Self.hostile)"
        let nested: TerminalText = "[\(column)]"
        #expect(nested.description == "[\(Self.visible)]", "an already escaped column is not escaped twice")
    }

    @Test("jsonEscaped() keeps the exact JSON value and leaves no raw DEL, C1 or bidi control", arguments: [1, 2, 3])
    func jsonEscapedRoundTrip(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let alphabet: [Unicode.Scalar] = ["a", "\\", "\"", "/", "\u{0}", "\u{1B}", "\u{7F}", "\u{80}", "\u{9B}", "\u{9F}", "\u{A0}", "\u{61C}", "\u{200D}",
                                          "\u{200A}", "\u{200B}", "\u{200E}", "\u{200F}", "\u{2010}", "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}", "\u{FEFE}", "\u{FEFF}", "\u{202E}", "\u{202F}", "\u{2066}", "\u{2069}", "\u{206A}",
                                          "Đ", "€", "😀"]
        for _ in 0..<200 {
            var text = ""
            for _ in 0..<Int.random(in: 0...24, using: &generator) { text.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            let value: JSONValue = ["key \(text)": .string(text), "list": [.string(text), 1, true]]
            for style in [JSONSerializer.Style.compact, .pretty] {
                let escaped = TerminalText.jsonEscaped(JSONSerializer(style: style).serialize(value))
                #expect(try JSONValue(parsing: escaped) == value)
                #expect(!escaped.contains(0x7F))
                let decoded = String(decoding: escaped, as: UTF8.self)
                #expect(!decoded.unicodeScalars.contains { TerminalText.mustEscape($0) && $0 != "\n" }, "\(decoded)")
            }
        }
    }

    // MARK: The built binary

    /// An issuer whose key is in memory: it signs what the wallet would never issue.
    struct HostileIssuer {
        let key = Ed25519.PrivateKey()
        var did: String { DIDKey.did(for: key.publicKey).description }
        func signer() async throws -> InMemorySigner {
            let document = try #require(await DIDResolverRegistry.standard.resolve(did).didDocument)
            let method = try #require(document.verificationMethods(for: .assertionMethod).first)
            return InMemorySigner(privateKey: key, verificationMethodId: method.id.description)
        }
    }

    @Test("vc verify, vc list, vc show, log list: hostile type, issuer name, typ and verifier domain are escaped in text and exact in --json")
    func hostileStrings() async throws {
        let directory = TemporaryDirectory("cli-terminal")
        defer { directory.remove() }
        let env = ["WALLET_HOME": directory.appending("wallet").path, "WALLET_PASSPHRASE": "terminal pass"]
        var outputs: [(String, CommandRunner.Output)] = []
        func run(_ arguments: [String], _ environment: [String: String] = [:], stdin: [UInt8] = []) throws -> CommandRunner.Output {
            let output = try CommandRunner.run(arguments, stdin: stdin, environment: environment)
            outputs.append((arguments.prefix(3).joined(separator: " "), output))
            return output
        }
        #expect(try run(["init", "--kdf", "interactive"], env).status == 0)
        #expect(try run(["did", "create", "--method", "key", "--label", "me"], env).status == 0)

        // A valid eddsa-jcs-2022 credential with a hostile type, issuer name and subject name.
        let issuer = HostileIssuer()
        let signer = try await issuer.signer()
        var credential = VerifiableCredentials.Issuer.credential(issuer: issuer.did, subject: ["id": "did:example:holder", "name": .string(Self.hostile)],
                                                                 types: [Self.hostile])
        credential["issuer"] = ["id": .string(issuer.did), "name": .string(Self.hostile)]
        let document = try await VerifiableCredentials.Issuer.issueDataIntegrity(.object(credential), signer: signer)
        let credentialFile = directory.appending("hostile.json")
        try Data(JSONSerializer(style: .pretty).serialize(document)).write(to: credentialFile)
        // A JWT whose typ header is hostile.
        let typJWT = try await CompactJWS.sign(header: ["alg": "EdDSA", "kid": .string(signer.verificationMethodId), "typ": .string(Self.hostile)],
                                               payload: JSONSerializer().serialize(.object(credential)), signer: signer)
        let typFile = directory.appending("hostile-typ.jwt")
        try Data(typJWT.utf8).write(to: typFile)

        // vc verify: the typ comes back in the reason.
        let typText = try run(["vc", "verify", typFile.path])
        #expect(typText.status == 1 && typText.stdoutText.contains("invalidMediaType"), "\(typText.stdoutText)")
        #expect(typText.stdoutText.contains(Self.visible), "\(typText.stdoutText)")
        let typJSON = try run(["vc", "verify", typFile.path, "--json"])
        let typReport = try JSONValue(parsing: typJSON.stdout)
        #expect(typReport["errors"]?.arrayValue?.first?["message"]?.stringValue?.contains(Self.hostile) == true, "\(typJSON.stdoutText)")
        #expect(try run(["vc", "verify", credentialFile.path]).status == 0)
        // --batch: the same reason in a JSON line, exact.
        let batch = try run(["vc", "verify", "--batch", "-"], stdin: JSONSerializer().serialize(.string(typJWT)) + [0x0A])
        #expect(batch.status == 1)
        let batchReport = try JSONValue(parsing: Array(batch.stdout.split(separator: 0x0A).first ?? []))
        #expect(batchReport["errors"]?.arrayValue?.first?["message"]?.stringValue?.contains(Self.hostile) == true, "\(batch.stdoutText)")

        // vc store, vc list, vc show.
        let stored = try run(["vc", "store", credentialFile.path, "--json"], env)
        #expect(stored.status == 0, "\(stored.stderr)")
        let id = try #require(JSONValue(parsing: stored.stdout)["id"]?.stringValue)
        let list = try run(["vc", "list"], env)
        #expect(list.status == 0 && list.stdoutText.contains("\t\(Self.visible)\t"), "\(list.stdoutText)")
        #expect(list.stdoutText.split(separator: "\n").count == 1, "a hostile value cannot start a line of its own")
        let listJSON = try JSONValue(parsing: try run(["vc", "list", "--json"], env).stdout)
        #expect(listJSON["credentials"]?.arrayValue?.first?["types"] == [.string("VerifiableCredential"), .string(Self.hostile)])
        let show = try run(["vc", "show", id], env)
        // The document as received: its ESC and BEL were already JSON escapes (\u001b); its C1 and bidi characters were raw.
        #expect(show.status == 0 && show.stdoutText.contains(#"\u{9B}31mD\u{202E}gpj.exe"#), "\(show.stdoutText)")
        #expect(show.stdoutText.contains(#""name": "A\u001b]0;title\u0007B"#))
        let showJSON = try JSONValue(parsing: try run(["vc", "show", id, "--json"], env).stdout)
        let raw = try #require(showJSON["raw"]?.stringValue)
        #expect(try JSONValue(parsing: Array(raw.utf8))["issuer"]?["name"]?.stringValue == Self.hostile)

        // A presentation to a verifier with a hostile domain, then the disclosure log.
        let presented = try run(["vp", "create", "--holder", "me", "--credential", id, "--challenge", "c", "--domain", Self.hostile], env)
        #expect(presented.status == 0, "\(presented.stderr)")
        let log = try run(["log", "list"], env)
        #expect(log.status == 0 && log.stdoutText.contains("\t\(Self.visible)\t"), "\(log.stdoutText)")
        let logJSON = try JSONValue(parsing: try run(["log", "list", "--json"], env).stdout)
        #expect(logJSON["entries"]?.arrayValue?.first?["audience"]?.stringValue == Self.hostile)
        let export = try run(["log", "export"], env)
        let exported = try JSONValue(parsing: Array(export.stdout.split(separator: 0x0A).first ?? []))
        #expect(exported["audience"]?.stringValue == Self.hostile)

        // Nothing printed — text or JSON, stdout or stderr — holds a raw control sequence.
        #expect(outputs.count >= 14)
        for (command, output) in outputs {
            #expect(Self.rawSequencesIn(output.stdout).isEmpty, "\(command) stdout: \(Self.rawSequencesIn(output.stdout))")
            #expect(Self.rawSequencesIn(output.stderr).isEmpty, "\(command) stderr: \(Self.rawSequencesIn(output.stderr))")
        }
    }

    @Test("did resolve: a did:jwk whose key carries a hostile member prints it escaped (JSON \\u escapes), and --json gives it back exactly")
    func hostileDIDDocument() throws {
        let jwk: JSONValue = ["kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": .string(Self.hostile)]
        let did = "did:jwk:" + Base64URL.encode(JSONSerializer().serialize(jwk))
        let text = try CommandRunner.run(["did", "resolve", did])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(Self.rawSequencesIn(text.stdout).isEmpty && Self.rawSequencesIn(text.stderr).isEmpty, "\(Self.rawSequencesIn(text.stdout))")
        #expect(text.stdoutText.contains(#""kid": "A\u001b]0;title\u0007B\u001b[2JC\u009b31mD\u202egpj.exe""#), "\(text.stdoutText)")
        let json = try CommandRunner.run(["did", "resolve", did, "--json"])
        #expect(Self.rawSequencesIn(json.stdout).isEmpty)
        let method = try JSONValue(parsing: json.stdout)["didDocument"]?["verificationMethod"]?.arrayValue?.first
        #expect(method?["publicKeyJwk"]?["kid"]?.stringValue == Self.hostile, "\(json.stdoutText)")
    }

    @Test("An error message quoting a hostile argument is escaped on stderr")
    func hostileErrorMessage() throws {
        let output = try CommandRunner.run(["did", "resolve", "did:web:\(Self.hostile)"])
        #expect(output.status == 1)
        #expect(output.stderr.contains(Self.visible), "\(output.stderr)")
        #expect(Self.rawSequencesIn(output.stderr).isEmpty)
        let json = try CommandRunner.run(["did", "resolve", "did:web:\(Self.hostile)", "--json"])
        #expect(Self.rawSequencesIn(json.stdout).isEmpty && Self.rawSequencesIn(json.stderr).isEmpty)
        #expect(try JSONValue(parsing: json.stdout)["didResolutionMetadata"]?["error"] != nil)
    }

    @Test("A usage error quoting a hostile argument reaches stderr escaped, its usage lines too")
    func usageErrorEscaped() throws {
        let result = try CommandRunner.run(["vc", "verify", "--bo\n\u{1B}]0;title\u{07}\u{202E}"])
        #expect(result.status == 64)
        #expect(!result.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" }, "\(result.stderr)")
        #expect(result.stderr.contains(#"\u{1B}]0;title\u{07}\u{202E}"#), "\(result.stderr)")
    }
}
