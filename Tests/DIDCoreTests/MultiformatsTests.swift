import DIDCore
import Foundation
import TestSupport
import Testing

@Suite("Multibase, multicodec, varint, base58, base64url")
struct MultiformatsTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let file: String, encoding: String, text: String, input: [UInt8]
        var testDescription: String { "\(file): \(encoding)" }
    }

    /// Parses the multibase CSV test files: a header `encoding, "<input>"` (with `\x00` escapes),
    /// then `name, "<multibase>"` rows.
    static let rows: [Row] = {
        var rows: [Row] = []
        for file in ["basic", "leading_zero", "two_leading_zeros", "case_insensitivity"] {
            let lines = try! Fixtures.text("multiformats/multibase/tests/\(file).csv").split(separator: "\n")
            func quoted(_ line: Substring) -> String {
                let start = line.firstIndex(of: "\"")!, end = line.lastIndex(of: "\"")!
                return String(line[line.index(after: start)..<end])
            }
            let input = Array(quoted(lines[0]).replacingOccurrences(of: "\\x00", with: "\u{0}").utf8)
            for line in lines.dropFirst() {
                let name = String(line.prefix { $0 != "," })
                rows.append(Row(file: file, encoding: name, text: quoted(line), input: input))
            }
        }
        return rows
    }()

    static let supported: [String: Multibase] = [
        "base58btc": .base58btc, "base64url": .base64url, "base64urlpad": .base64urlpad,
        "base64": .base64, "base64pad": .base64pad, "base16": .base16, "base16upper": .base16upper,
    ]

    @Test("Multibase test vectors: supported encodings decode (and encode), others are refused with a code", arguments: rows)
    func multibaseRow(_ row: Row) throws {
        if let encoding = Self.supported[row.encoding] {
            let decoded = try Multibase.decode(row.text)
            #expect(decoded.encoding == encoding)
            #expect(decoded.bytes == row.input)
            if row.file != "case_insensitivity" {
                #expect(encoding.encode(row.input) == row.text)
            }
        } else {
            #expect(throws: DIDError(.unsupportedMultibase, "")) { try Multibase.decode(row.text) }
        }
    }

    @Test("All four vector files were read") func rowCount() {
        #expect(Self.rows.count > 70)
        #expect(Self.rows.filter { Self.supported[$0.encoding] != nil }.count >= 20)
    }

    @Test("Multibase errors: empty, unknown prefix, bad body")
    func multibaseErrors() {
        #expect(throws: DIDError(.invalidMultibase, "")) { try Multibase.decode("") }
        #expect(throws: DIDError(.invalidMultibase, "")) { try Multibase.decode("*abc") }
        #expect(throws: DIDError(.invalidMultibase, "")) { try Multibase.decode("z0OIl") }  // not base58
        #expect(throws: DIDError(.invalidMultibase, "")) { try Multibase.decode("uAB==") }  // padding in u
        #expect(throws: DIDError(.invalidMultibase, "")) { try Multibase.decode("f123") }  // odd hex
        #expect(throws: DIDError(.invalidMultibase, "")) { try Multibase.decode("uabc", expecting: .base58btc) }
    }

    @Test("Multicodec codes agree with the multiformats table")
    func multicodecTable() throws {
        let table = try Fixtures.text("multiformats/multicodec/table.csv")
        var codes: [String: UInt64] = [:]
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 3, fields[2].hasPrefix("0x") else { continue }
            codes[fields[0]] = UInt64(fields[2].dropFirst(2), radix: 16)
        }
        #expect(codes.count > 300)
        for codec in Multicodec.knownKeys {
            #expect(codes[codec.name] == codec.code, "\(codec)")
        }
        #expect(Varint.encode(Multicodec.ed25519Public.code) == [0xed, 0x01])
        #expect(Varint.encode(Multicodec.x25519Public.code) == [0xec, 0x01])
        #expect(Varint.encode(Multicodec.ed25519Private.code) == [0x80, 0x26])
        #expect(Varint.encode(Multicodec.p256Public.code) == [0x80, 0x24])
    }

    @Test("Varint: round trip, minimality, length limit")
    func varint() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<1000 {
            let value = UInt64.random(in: 0...(UInt64(1) << 63 - 1), using: &generator) >> UInt64.random(in: 0...62, using: &generator)
            let encoded = Varint.encode(value)
            let (decoded, length) = try Varint.decode(encoded + [0xFF])
            #expect(decoded == value && length == encoded.count)
        }
        #expect(throws: DIDError(.invalidVarint, "")) { try Varint.decode([0x80, 0x00]) }  // non-minimal
        #expect(throws: DIDError(.invalidVarint, "")) { try Varint.decode([0x80]) }  // truncated
        #expect(throws: DIDError(.invalidVarint, "")) { try Varint.decode([UInt8]()) }
        #expect(throws: DIDError(.invalidVarint, "")) { try Varint.decode([UInt8](repeating: 0x81, count: 9) + [0x01]) }
        #expect(try Varint.decode([0x00]).value == 0)
    }

    @Test("Base58btc: round trip with leading zeros; invalid characters refused")
    func base58() throws {
        var generator = SeededGenerator(seed: 58)
        for _ in 0..<300 {
            let bytes = [UInt8](repeating: 0, count: Int.random(in: 0...3, using: &generator)) + generator.bytes(Int.random(in: 0...40, using: &generator))
            #expect(try Base58.decode(Base58.encode(bytes)) == bytes)
        }
        #expect(Base58.encode(Array("Hello World!".utf8)) == "2NEpo7TZRRrLZSi2U")
        for bad in ["0", "O", "I", "l", "+", "é"] {
            #expect(throws: DIDError(.invalidBase58, "")) { try Base58.decode("abc" + bad) }
        }
        #expect(throws: DIDError(.invalidBase58, "")) { try Base58.decode(String(repeating: "z", count: 5000)) }
    }

    @Test("Base64url: strict and canonical")
    func base64url() throws {
        var generator = SeededGenerator(seed: 64)
        for _ in 0..<300 {
            let bytes = generator.bytes(Int.random(in: 0...50, using: &generator))
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(try Base64URL.decode(text) == bytes)
        }
        #expect(try Base64URL.decode("_-8") == [0xff, 0xef])
        for bad in ["AB==", "A", "AB+/", "AB C", "ABD", "AAAAB", "é"] {
            #expect(throws: DIDError(.invalidBase64, "")) { try Base64URL.decode(bad) }
        }
    }

    @Test("Base64 decoding: RFC 4648 §10 vectors, every character in every position of a group")
    func base64Groups() throws {
        // RFC 4648 §10 (no '+' or '/' in these, so base64 and base64url agree).
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors { #expect(try Base64URL.decode(encoded) == Array(plain.utf8)) }
        // Whole groups are decoded four characters at a time: each of the 64 characters decodes
        // to its own six bits in each of the four positions, in both alphabets.
        let url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for value in 0..<64 {
            for position in 0..<4 {
                var group = [UInt8](repeating: UInt8(ascii: "A"), count: 8)
                group[4 + position] = url[value]
                let bits = UInt32(value) << (18 - 6 * position)
                let expected: [UInt8] = [0, 0, 0, UInt8(bits >> 16), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF)]
                #expect(try Base64URL.decode(String(decoding: group, as: UTF8.self)) == expected)
                group[4 + position] = standard[value]
                #expect(try Multibase.decode("m" + String(decoding: group, as: UTF8.self)).bytes == expected)
            }
        }
        // Any other byte, in any position of a whole group, is refused.
        for byte in 0...255 where !url.contains(UInt8(byte)) {
            for position in 0..<8 {
                var text = [UInt8](repeating: UInt8(ascii: "Q"), count: 8)
                text[position] = UInt8(byte)
                #expect(throws: DIDError(.invalidBase64, "")) { try Base64URL.decode(bytes: text) }
            }
        }
    }
}
