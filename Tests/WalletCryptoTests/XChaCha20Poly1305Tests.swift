import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCrypto

@Suite("XChaCha20-Poly1305")
struct XChaCha20Poly1305Tests {
    struct WycheproofCase: Sendable, CustomTestStringConvertible {
        let id: Int, comment: String, key: [UInt8], nonce: [UInt8], aad: [UInt8], message: [UInt8]
        let ciphertext: [UInt8], tag: [UInt8], valid: Bool
        var testDescription: String { "tcId \(id): \(comment)" }
    }

    static let wycheproof: [WycheproofCase] = {
        let document = try! Fixtures.json("wycheproof/xchacha20_poly1305_test.json")
        var cases: [WycheproofCase] = []
        for group in document["testGroups"]!.arrayValue! {
            for test in group["tests"]!.arrayValue! {
                let result = test["result"]!.stringValue!
                precondition(result != "acceptable", "no 'acceptable' cases expected")
                cases.append(WycheproofCase(
                    id: Int(test["tcId"]!.numberValue!.int64Value!), comment: test["comment"]!.stringValue!,
                    key: hexBytes(test["key"]!.stringValue!), nonce: hexBytes(test["iv"]!.stringValue!),
                    aad: hexBytes(test["aad"]!.stringValue!), message: hexBytes(test["msg"]!.stringValue!),
                    ciphertext: hexBytes(test["ct"]!.stringValue!), tag: hexBytes(test["tag"]!.stringValue!),
                    valid: result == "valid"))
            }
        }
        return cases
    }()

    @Test("Wycheproof xchacha20_poly1305_test.json", arguments: wycheproof)
    func wycheproofCase(_ test: WycheproofCase) throws {
        let key = SecureBytes(copying: test.key)
        let box = XChaCha20Poly1305.SealedBox(nonce: test.nonce, ciphertextAndTag: test.ciphertext + test.tag)
        if test.valid {
            let sealed = try XChaCha20Poly1305.seal(test.message, key: key, nonce: test.nonce, additionalData: test.aad)
            #expect(sealed.ciphertextAndTag == test.ciphertext + test.tag)
            #expect(try XChaCha20Poly1305.open(box, key: key, additionalData: test.aad) == test.message)
        } else {
            #expect(throws: CryptoError.self) { try XChaCha20Poly1305.open(box, key: key, additionalData: test.aad) }
        }
    }

    @Test("Wycheproof covers all 315 cases") func count() {
        #expect(Self.wycheproof.count == 315)
    }

    @Test("Property: seal then open; any changed byte of nonce, ciphertext, tag or additional data is rejected")
    func sealOpenProperty() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<48 {
            let key = SecureBytes(copying: generator.bytes(32))
            let message = generator.bytes(Int.random(in: 0...200, using: &generator))
            let aad = generator.bytes(Int.random(in: 0...40, using: &generator))
            let box = try XChaCha20Poly1305.seal(message, key: key, additionalData: aad)
            #expect(box.nonce.count == 24 && box.ciphertextAndTag.count == message.count + 16)
            #expect(try XChaCha20Poly1305.open(box, key: key, additionalData: aad) == message)
            let secret = try XChaCha20Poly1305.openSecret(box, key: key, additionalData: aad)
            #expect(secret.withUnsafeBytes { Array($0) } == message)

            var ciphertext = box.ciphertextAndTag
            ciphertext[Int.random(in: 0..<ciphertext.count, using: &generator)] ^= 0x80
            #expect(throws: CryptoError(.authenticationFailed, "")) {
                try XChaCha20Poly1305.open(.init(nonce: box.nonce, ciphertextAndTag: ciphertext), key: key, additionalData: aad)
            }
            var nonce = box.nonce
            nonce[Int.random(in: 0..<24, using: &generator)] ^= 0x01
            #expect(throws: CryptoError(.authenticationFailed, "")) {
                try XChaCha20Poly1305.open(.init(nonce: nonce, ciphertextAndTag: box.ciphertextAndTag), key: key, additionalData: aad)
            }
            #expect(throws: CryptoError(.authenticationFailed, "")) {
                try XChaCha20Poly1305.open(box, key: key, additionalData: aad + [0])
            }
            let otherKey = SecureBytes.random(count: 32)
            #expect(throws: CryptoError(.authenticationFailed, "")) { try XChaCha20Poly1305.openSecret(box, key: otherKey, additionalData: aad) }
        }
    }

    @Test("Random nonces differ; wrong sizes fail with codes")
    func nonceAndSizes() throws {
        let key = SecureBytes.random(count: 32)
        let a = try XChaCha20Poly1305.seal([1, 2, 3], key: key), b = try XChaCha20Poly1305.seal([1, 2, 3], key: key)
        #expect(a.nonce != b.nonce && a.ciphertextAndTag != b.ciphertextAndTag)
        #expect(throws: CryptoError(.invalidKeyLength, "")) { try XChaCha20Poly1305.seal([1], key: SecureBytes.random(count: 16)) }
        #expect(throws: CryptoError(.invalidNonceLength, "")) { try XChaCha20Poly1305.seal([1], key: key, nonce: [UInt8](repeating: 0, count: 12)) }
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try XChaCha20Poly1305.open(.init(nonce: a.nonce, ciphertextAndTag: [1, 2, 3]), key: key)
        }
    }
}
