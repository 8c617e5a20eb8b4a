import DIDCore
import Foundation
import OpenID4VC
import StrictJSON
import SwiftASN1
import Testing
import TestSupport
import VerifiableCredentials
import X509

/// The examples of OpenID4VCI 1.0, OpenID4VP 1.0 and HAIP, copied unchanged into
/// `Fixtures/openid4vc/` (provenance in Fixtures/README.md): the manifest names each file's kind,
/// and each parses as that kind — strict JSON, an HTTP response with a strict JSON body, a compact
/// JWT, an SD-JWT — after undoing only the display conventions the manifest states. The other
/// slices' tests feed the same files to their parsers.
@Suite struct OpenID4VCFixturesTests {
    struct Entry: Sendable, CustomTestStringConvertible {
        let path: String
        let kind: String
        let display: [String]
        var testDescription: String { path }
    }

    static let directory = "openid4vc"
    static let entries: [Entry] = {
        guard let manifest = try? Fixtures.json("\(directory)/manifest.json"), let files = manifest["files"]?.arrayValue else { return [] }
        return files.compactMap { file in
            guard let path = file["path"]?.stringValue, let kind = file["kind"]?.stringValue else { return nil }
            return Entry(path: path, kind: kind, display: file["display"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }()

    @Test func manifestListsEveryFileAndOnlyThose() throws {
        #expect(Self.entries.count == 64)
        let root = Fixtures.url(Self.directory)
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        var onDisk = Set<String>()
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            onDisk.insert(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
        }
        onDisk.remove("manifest.json")
        #expect(onDisk == Set(Self.entries.map(\.path)))
        #expect(Set(Self.entries.map(\.kind)) == ["json", "http-json", "jwt", "sd-jwt"])
    }

    @Test(arguments: entries)
    func parsesAsItsKind(_ entry: Entry) throws {
        let raw = try Fixtures.text("\(Self.directory)/\(entry.path)")
        var text = raw
        if entry.display.contains("wrapped") { text = entry.kind == "json" || entry.kind == "http-json" ? Self.unwrapStrings(text) : Self.removeWhitespace(text) }
        if entry.display.contains("elided") { text = text.replacingOccurrences(of: "{ ... }", with: "{}").replacingOccurrences(of: "{...}", with: "{}") }
        switch entry.kind {
        case "json":
            // An object, or an array (`authorization_details`), never empty.
            let value = try Self.strictValue(text)
            #expect((value.objectValue?.count ?? value.arrayValue?.count ?? 0) > 0)
            // A display convention is stated only where the file needs it.
            if !entry.display.isEmpty { #expect(throws: JSONError.self) { try Self.strictValue(raw) } }
        case "http-json":
            let (status, headers, body) = try Self.httpResponse(text)
            #expect((200..<300).contains(status))
            #expect(headers["content-type"] == "application/json")
            #expect(try Self.strictObject(body).count > 0)
        case "jwt":
            let (header, payload) = try Self.jwtShape(text)
            #expect(header["alg"]?.stringValue != nil && payload.count > 0)
        case "sd-jwt":
            let parts = try SDJWT.Parts(parsing: text)
            let (header, _) = try Self.jwtShape(parts.issuerJWT)
            #expect(header["typ"] == "dc+sd-jwt")
            let disclosures = try parts.disclosures.map { try Disclosure(parsing: $0) }
            #expect(!disclosures.isEmpty)
            if let keyBinding = parts.keyBindingJWT { #expect(try Self.jwtShape(keyBinding).header["typ"] == "kb+jwt") }
        default:
            Issue.record("unknown kind \(entry.kind)")
        }
    }

    /// The two `x5c`-signed JWTs of OpenID4VCI (signed issuer metadata, a wallet attestation):
    /// each self-signed certificate, taken as the anchor, validates, names its issuer, and its key
    /// verifies the JWT's ES256 signature.
    @Test(arguments: [("OpenID4VCI/credential_issuer_metadata_sd_jwt_jwt.txt", "https://credential-issuer.example.com"),
                      ("OpenID4VCI/wallet_attestation.jwt.txt", "https://wallet-provider.example.com")])
    func x5cSignedExamplesValidate(path: String, issuer: String) async throws {
        let jws = try CompactJWS(parsing: Self.removeWhitespace(try Fixtures.text("\(Self.directory)/\(path)")), allowing: ["x5c"])
        let entries = jws.header["x5c"]?.arrayValue ?? []
        let x5c = entries.compactMap(\.stringValue)
        try #require(!x5c.isEmpty && x5c.count == entries.count)
        let der = try Multibase.decode("M" + x5c[0], expecting: .base64pad)
        let anchor = try Certificate(derEncoded: der)
        let during = Date(timeIntervalSince1970: 1_767_225_600)   // 2026-01-01, inside both certificates' validity
        let leaf = try await X509ChainValidator(anchors: X509TrustAnchors(certificates: [anchor])).validate(x5c: x5c, at: during)
        #expect(X5CIssuerKeyResolver.leaf(leaf, binds: issuer))
        #expect(!X5CIssuerKeyResolver.leaf(leaf, binds: "https://attacker.example"))
        try jws.verify(with: leaf.publicKey, allowed: [.es256])
        // Another anchor: untrusted.
        await #expect(throws: OpenID4VCError(.untrustedChain, "")) {
            try await X509ChainValidator(anchors: X509TrustAnchors(certificates: [X509TestPKI.root().certificate])).validate(x5c: x5c, at: during)
        }
    }

    // MARK: Undoing the display conventions

    /// Removes, inside string literals only, each line break and the indentation after it.
    static func unwrapStrings(_ text: String) -> String {
        var output = "", inString = false, escaped = false, skipping = false
        for character in text {
            if skipping {
                if character == " " || character == "\t" { continue }
                skipping = false
            }
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                if character == "\n" { skipping = true; continue }
            } else if character == "\"" {
                inString = true
            }
            output.append(character)
        }
        return output
    }

    static func removeWhitespace(_ text: String) -> String { String(text.filter { !$0.isWhitespace }) }

    static func strictValue(_ text: String) throws -> JSONValue {
        try JSONParser(options: .init(maxDepth: 64, maxBytes: 1 << 20)).parse(Array(text.utf8))
    }

    static func strictObject(_ text: String) throws -> JSONObject {
        try #require(try strictValue(text).objectValue)
    }

    /// `HTTP/1.1 STATUS REASON` (after any blank lines), header lines, a blank (or
    /// whitespace-only) line, the body.
    static func httpResponse(_ text: String) throws -> (Int, [String: String], String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while lines.first?.isEmpty == true { lines.removeFirst() }
        guard let first = lines.popFirst() else { throw JSONError(.unexpectedEndOfInput, "no status line") }
        let statusLine = first.split(separator: " ")
        #expect(statusLine.first == "HTTP/1.1")
        let status = try #require(statusLine.count >= 2 ? Int(statusLine[1]) : nil)
        var headers: [String: String] = [:]
        while let line = lines.popFirst(), !line.allSatisfy(\.isWhitespace) {
            let colon = try #require(line.firstIndex(of: ":"))
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers, lines.joined(separator: "\n"))
    }

    /// Three base64url segments: a JSON header object, a JSON payload object, a signature.
    static func jwtShape(_ text: String) throws -> (header: JSONObject, payload: JSONObject) {
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        try #require(segments.count == 3)
        let header = try strictObject(String(decoding: try Base64URL.decode(String(segments[0])), as: UTF8.self))
        let payload = try strictObject(String(decoding: try Base64URL.decode(String(segments[1])), as: UTF8.self))
        #expect(try Base64URL.decode(String(segments[2])).count == 64, "an ES256 signature")
        return (header, payload)
    }
}
