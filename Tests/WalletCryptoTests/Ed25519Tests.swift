import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCrypto

@Suite("Ed25519")
struct Ed25519Tests {
    struct RFC8032Vector: Sendable, CustomTestStringConvertible {
        let name: String, seed: [UInt8], publicKey: [UInt8], message: [UInt8], signature: [UInt8]
        var testDescription: String { name }
    }

    static let rfc8032: [RFC8032Vector] = {
        let document = try! Fixtures.json("ed25519/rfc8032-ed25519-vectors.json")
        return document["vectors"]!.arrayValue!.map { entry in
            RFC8032Vector(
                name: entry["name"]!.stringValue!,
                seed: hexBytes(entry["secretKey"]!.stringValue!),
                publicKey: hexBytes(entry["publicKey"]!.stringValue!),
                message: hexBytes(entry["message"]!.stringValue!),
                signature: hexBytes(entry["signature"]!.stringValue!))
        }
    }()

    @Test("RFC 8032 §7.1 vectors", arguments: rfc8032)
    func rfc8032Vector(_ vector: RFC8032Vector) throws {
        let key = try Ed25519.PrivateKey(seedBytes: vector.seed)
        #expect(key.publicKey.rawRepresentation == vector.publicKey)
        let signature = key.signature(for: vector.message)
        #expect(signature.rawRepresentation == vector.signature)
        #expect(key.publicKey.isValidSignature(signature, for: vector.message))
        var tampered = vector.message
        tampered.append(0)
        #expect(!key.publicKey.isValidSignature(signature, for: tampered))
    }

    @Test("RFC 8032 vector count") func rfc8032Count() { #expect(Self.rfc8032.count == 5) }

    struct WycheproofCase: Sendable, CustomTestStringConvertible {
        let id: Int, comment: String, publicKey: [UInt8], message: [UInt8], signature: [UInt8], valid: Bool
        var testDescription: String { "tcId \(id): \(comment)" }
    }

    static let wycheproof: [WycheproofCase] = {
        let document = try! Fixtures.json("wycheproof/ed25519_test.json")
        var cases: [WycheproofCase] = []
        for group in document["testGroups"]!.arrayValue! {
            let publicKey = hexBytes(group["publicKey"]!["pk"]!.stringValue!)
            for test in group["tests"]!.arrayValue! {
                let result = test["result"]!.stringValue!
                precondition(result == "valid" || result == "invalid", "Ed25519 vectors have no 'acceptable' cases")
                cases.append(WycheproofCase(
                    id: Int(test["tcId"]!.numberValue!.int64Value!), comment: test["comment"]!.stringValue!,
                    publicKey: publicKey, message: hexBytes(test["msg"]!.stringValue!),
                    signature: hexBytes(test["sig"]!.stringValue!), valid: result == "valid"))
            }
        }
        return cases
    }()

    @Test("Wycheproof ed25519_test.json: every case gives its expected result", arguments: wycheproof)
    func wycheproofCase(_ test: WycheproofCase) throws {
        let key = try Ed25519.PublicKey(rawRepresentation: test.publicKey)
        #expect(key.isValidSignature(test.signature, for: test.message) == test.valid)
    }

    @Test("Wycheproof covers all 151 cases, valid and invalid") func wycheproofCount() throws {
        let document = try Fixtures.json("wycheproof/ed25519_test.json")
        #expect(Self.wycheproof.count == Int(document["numberOfTests"]!.numberValue!.int64Value!))
        #expect(Self.wycheproof.count == 151)
        #expect(Self.wycheproof.contains { !$0.valid } && Self.wycheproof.contains { $0.valid })
    }

    @Test("SUPERCOP sign.input sample: 128 lines reproduce key, signature and verify")
    func supercopSample() throws {
        let lines = try Fixtures.text("ed25519/sign-input-sample/sign.input.first128").split(separator: "\n")
        #expect(lines.count == 128)
        for line in lines {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            #expect(fields.count == 5)
            let secret = hexBytes(fields[0]), publicKey = hexBytes(fields[1]), message = hexBytes(fields[2])
            let signedMessage = hexBytes(fields[3])
            let key = try Ed25519.PrivateKey(seedBytes: Array(secret[0..<32]))
            #expect(key.publicKey.rawRepresentation == publicKey)
            #expect(Array(secret[32..<64]) == publicKey)
            let signature = key.signature(for: message)
            #expect(signature.rawRepresentation + message == signedMessage)
            #expect(key.publicKey.isValidSignature(signature, for: message))
        }
    }

    @Test("Property: sign then verify; any changed byte of message or signature is rejected")
    func signVerifyProperty() throws {
        var generator = SeededGenerator(seed: 0x5EED_2026)
        for round in 0..<64 {
            let key = try Ed25519.PrivateKey(seedBytes: generator.bytes(32))
            let message = generator.bytes(Int.random(in: 0...300, using: &generator))
            let signature = key.signature(for: message)
            #expect(key.publicKey.isValidSignature(signature, for: message), "round \(round)")
            // Deterministic: the same key and message give the same signature.
            #expect(key.signature(for: message) == signature)
            var badSignature = signature.rawRepresentation
            let position = Int.random(in: 0..<64, using: &generator)
            badSignature[position] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
            #expect(!key.publicKey.isValidSignature(badSignature, for: message), "round \(round) byte \(position)")
            if !message.isEmpty {
                var badMessage = message
                badMessage[Int.random(in: 0..<message.count, using: &generator)] ^= 0x01
                #expect(!key.publicKey.isValidSignature(signature, for: badMessage))
            }
            let otherKey = try Ed25519.PrivateKey(seedBytes: generator.bytes(32))
            #expect(!otherKey.publicKey.isValidSignature(signature, for: message))
        }
    }

    @Test("Wrong lengths are errors with codes, never crashes")
    func wrongLengths() {
        #expect(throws: CryptoError(.invalidKeyLength, "")) { try Ed25519.PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: CryptoError(.invalidKeyLength, "")) { try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 1, count: 33)) }
        #expect(throws: CryptoError(.invalidSignatureLength, "")) { try Ed25519.Signature(rawRepresentation: [UInt8](repeating: 1, count: 63)) }
        let key = Ed25519.PrivateKey()
        #expect(!key.publicKey.isValidSignature([UInt8](repeating: 0, count: 63), for: [1, 2, 3]))
        #expect(!key.publicKey.isValidSignature([UInt8](), for: [UInt8]()))
    }

    @Test("Fresh keys differ and the seed export reproduces the key")
    func generationAndExport() throws {
        let first = Ed25519.PrivateKey(), second = Ed25519.PrivateKey()
        #expect(first.publicKey != second.publicKey)
        let seed = first.unsafeExportSeed()
        #expect(seed.count == 32)
        let rebuilt = try Ed25519.PrivateKey(seed: seed)
        #expect(rebuilt.publicKey == first.publicKey)
    }

    @Test("Concurrent use from many tasks is safe")
    func concurrentUse() async throws {
        let key = Ed25519.PrivateKey()
        let publicKey = key.publicKey
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let message = Array("message \(index)".utf8)
                    return publicKey.isValidSignature(key.signature(for: message), for: message)
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 64 && results.allSatisfy { $0 })
    }
}
