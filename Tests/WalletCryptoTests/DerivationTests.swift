import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCrypto

@Suite("BIP-39 recovery phrases and SLIP-0010 derivation")
struct DerivationTests {
    struct BIP39Vector: Sendable, CustomTestStringConvertible {
        let entropy: [UInt8], phrase: String, seed: [UInt8]
        var testDescription: String { Hex.encode(entropy) }
    }

    static let bip39: [BIP39Vector] = try! Fixtures.json("bip39/vectors-english.json")["english"]!.arrayValue!.map {
        BIP39Vector(entropy: hexBytes($0[0]!.stringValue!), phrase: $0[1]!.stringValue!, seed: hexBytes($0[2]!.stringValue!))
    }

    @Test("BIP-39 English vectors: entropy → phrase → seed (passphrase TREZOR)", arguments: bip39)
    func bip39Vector(_ vector: BIP39Vector) throws {
        let fromEntropy = try Mnemonic(entropy: SecureBytes(copying: vector.entropy))
        #expect(fromEntropy.withUnsafePhrase { String(decoding: $0, as: UTF8.self) } == vector.phrase)
        let parsed = try Mnemonic(phrase: vector.phrase)
        #expect(parsed.unsafeExportEntropy().withUnsafeBytes { Array($0) } == vector.entropy)
        #expect(parsed.seed(passphrase: "TREZOR").withUnsafeBytes { Array($0) } == vector.seed)
    }

    @Test("All 24 English vectors were read") func bip39Count() { #expect(Self.bip39.count == 24) }

    @Test("Bad phrases fail with invalidMnemonic")
    func badPhrases() throws {
        let good = Self.bip39.last!.phrase
        var words = good.split(separator: " ").map(String.init)
        #expect(throws: CryptoError(.invalidMnemonic, "")) { try Mnemonic(phrase: words.dropLast().joined(separator: " ")) }
        words[3] = "notaword"
        #expect(throws: CryptoError(.invalidMnemonic, "")) { try Mnemonic(phrase: words.joined(separator: " ")) }
        var swapped = good.split(separator: " ").map(String.init)
        swapped.swapAt(0, 1)
        if swapped != good.split(separator: " ").map(String.init) {
            #expect(throws: CryptoError(.invalidMnemonic, "")) { try Mnemonic(phrase: swapped.joined(separator: " ")) }
        }
        // Extra whitespace and capitals are tolerated.
        _ = try Mnemonic(phrase: "  " + good.uppercased().replacingOccurrences(of: " ", with: "\n  ") + "\n")
    }

    @Test("Generated phrases have 24 words, valid checksums, and are redacted")
    func generated() throws {
        let mnemonic = Mnemonic()
        #expect(mnemonic.wordCount == 24)
        let text = mnemonic.withUnsafePhrase { String(decoding: $0, as: UTF8.self) }
        #expect(text.split(separator: " ").count == 24)
        let reparsed = try Mnemonic(phrase: text)
        #expect(reparsed.seed().constantTimeEquals(mnemonic.seed()))
        let firstWord = String(text.split(separator: " ")[0])
        for rendering in [String(describing: mnemonic), String(reflecting: mnemonic), { var s = ""; dump(mnemonic, to: &s); return s }()] {
            #expect(!rendering.contains(text) && !rendering.contains(" \(firstWord) "))
        }
    }

    struct SLIP10Vector: Sendable, CustomTestStringConvertible {
        let seed: [UInt8], path: String, chainCode: [UInt8], privateKey: [UInt8], publicKey: [UInt8]
        var testDescription: String { "\(Hex.encode(seed).prefix(8)) \(path)" }
    }

    static let slip10: [SLIP10Vector] = try! Fixtures.json("slip10/ed25519-vectors.json")["vectors"]!.arrayValue!.flatMap { vector in
        vector["chains"]!.arrayValue!.map {
            SLIP10Vector(seed: hexBytes(vector["seed"]!.stringValue!), path: $0["path"]!.stringValue!,
                         chainCode: hexBytes($0["chainCode"]!.stringValue!), privateKey: hexBytes($0["privateKey"]!.stringValue!),
                         publicKey: hexBytes($0["publicKey"]!.stringValue!))
        }
    }

    @Test("SLIP-0010 ed25519 vectors: chain code, private key and public key at every path", arguments: slip10)
    func slip10Vector(_ vector: SLIP10Vector) throws {
        let node = try SLIP10.derive(seed: SecureBytes(copying: vector.seed), path: SLIP10.parsePath(vector.path))
        #expect(node.chainCode.withUnsafeBytes { Array($0) } == vector.chainCode)
        #expect(node.privateKey.withUnsafeBytes { Array($0) } == vector.privateKey)
        let key = try Ed25519.PrivateKey(seed: node.privateKey)
        #expect([0] + key.publicKey.rawRepresentation == vector.publicKey)
    }

    @Test("Both SLIP-0010 vectors (12 nodes) were read") func slip10Count() { #expect(Self.slip10.count == 12) }

    @Test("Non-hardened and malformed paths are refused")
    func badPaths() {
        for path in ["m/0", "0'/1'", "m/2147483648'", "m/x'", "m//1'"] {
            #expect(throws: CryptoError(.invalidDerivationPath, "")) { try SLIP10.parsePath(path) }
        }
        #expect(throws: CryptoError(.invalidDerivationPath, "")) { try SLIP10.derive(seed: SecureBytes.random(count: 64), path: [5]) }
        #expect((try? SLIP10.parsePath("m")) == [])
        #expect((try? SLIP10.parsePath("m/44h/1'")) == [44 + SLIP10.hardenedOffset, 1 + SLIP10.hardenedOffset])
    }
}
