import Foundation
import TestSupport
import Testing
@testable import WalletCrypto

@Suite("Hashes, HMAC, randomness, Argon2id, X25519")
struct PrimitivesTests {
    @Test("SHA-256 and SHA-512 of \"abc\" and of the empty string (FIPS 180-4 examples)")
    func sha2() {
        #expect(Hex.encode(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(SHA256.hash([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.encode(SHA512.hash(Array("abc".utf8))) ==
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
    }

    @Test("HMAC-SHA-256/512: RFC 4231 test cases 1 and 6 (long key)")
    func hmac() {
        let key1 = [UInt8](repeating: 0x0b, count: 20)
        let data1 = Array("Hi There".utf8)
        #expect(Hex.encode(HMACSHA256.authenticationCode(for: data1, key: key1)) ==
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Hex.encode(HMACSHA512.authenticationCode(for: data1, key: key1)) ==
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854")
        let key6 = [UInt8](repeating: 0xaa, count: 131)
        let data6 = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(Hex.encode(HMACSHA256.authenticationCode(for: data6, key: key6)) ==
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        let mac = HMACSHA256.authenticationCode(for: data1, key: key1)
        #expect(HMACSHA256.isValidAuthenticationCode(mac, for: data1, key: key1))
        #expect(!HMACSHA256.isValidAuthenticationCode(mac, for: data1 + [0], key: key1))
    }

    @Test("Constant-time comparison")
    func constantTime() {
        #expect(ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!ConstantTime.equals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(SecureBytes(copying: [9, 9] as [UInt8]).constantTimeEquals(SecureBytes(copying: [9, 9] as [UInt8])))
        #expect(!SecureBytes(copying: [9, 9] as [UInt8]).constantTimeEquals(SecureBytes(copying: [9, 8] as [UInt8])))
    }

    @Test("Random bytes are not constant and uniform() stays in range")
    func randomness() {
        let a = SecureRandom.bytes(count: 32), b = SecureRandom.bytes(count: 32)
        #expect(a.count == 32 && a != b)
        for _ in 0..<100 { #expect(SecureRandom.uniform(7) < 7) }
        #expect(SecureRandom.bytes(count: 0).isEmpty)
    }

    @Test("Argon2id is deterministic, salt-sensitive, and checks parameters before running")
    func argon2id() throws {
        let passphrase = SecureBytes(copying: Array("correct horse".utf8))
        let salt = [UInt8](repeating: 7, count: 16)
        let cheap = Argon2id.Parameters(opsLimit: 1, memLimit: 8192)
        let first = try Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: cheap)
        let second = try Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: cheap)
        #expect(first.count == 32 && first.constantTimeEquals(second))
        let otherSalt = try Argon2id.deriveKey(passphrase: passphrase, salt: [UInt8](repeating: 8, count: 16), parameters: cheap)
        #expect(!first.constantTimeEquals(otherSalt))
        let otherPassphrase = try Argon2id.deriveKey(passphrase: SecureBytes(copying: Array("correct horsf".utf8)), salt: salt, parameters: cheap)
        #expect(!first.constantTimeEquals(otherPassphrase))
        #expect(throws: CryptoError(.invalidSaltLength, "")) { try Argon2id.deriveKey(passphrase: passphrase, salt: [1, 2], parameters: cheap) }
        #expect(throws: CryptoError(.invalidParameter, "")) {
            try Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: .init(opsLimit: 0, memLimit: 8192))
        }
        // A memory limit beyond what libsodium accepts fails at once, without allocating.
        #expect(throws: CryptoError(.invalidParameter, "")) {
            try Argon2id.deriveKey(passphrase: passphrase, salt: salt, parameters: .init(opsLimit: 1, memLimit: UInt64.max))
        }
        #expect(Argon2id.Parameters.moderate.memLimit > Argon2id.Parameters.interactive.memLimit)
        #expect(Argon2id.Parameters.sensitive.opsLimit > Argon2id.Parameters.moderate.opsLimit)
    }

    @Test("X25519 conversion matches the did:key spec's example (Edwards to Montgomery map)")
    func x25519FromEd25519() throws {
        let ed = try Ed25519.PublicKey(rawRepresentation: hexBytes("2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6"))
        #expect(try ed.x25519PublicKey().rawRepresentation == hexBytes("6e5ff79202a9cfd8e0b20df9d0236e1dafe440bdc1eb41a2fbdf1699d416da1f"))
        let privateKey = Ed25519.PrivateKey()
        #expect(try privateKey.publicKey.x25519PublicKey() == privateKey.x25519PrivateKey().publicKey)
        // A small-order point has no X25519 counterpart.
        let identity = try Ed25519.PublicKey(rawRepresentation: [1] + [UInt8](repeating: 0, count: 31))
        #expect(throws: CryptoError(.invalidPublicKey, "")) { try identity.x25519PublicKey() }
    }
}

/// SHA-384 is computed in Swift (libsodium has none): FIPS 180-4 examples, and its SHA-512 core
/// against libsodium's SHA-512 on random inputs of every length around the block boundaries.
@Suite("SHA-384")
struct SHA384Tests {
    @Test("FIPS 180-4 / NIST examples: empty, abc, the 896-bit message")
    func examples() {
        #expect(Hex.encode(SHA384.hash([UInt8]())) == "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")
        #expect(Hex.encode(SHA384.hash(Array("abc".utf8))) == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        let long = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(Hex.encode(SHA384.hash(Array(long.utf8))) == "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039")
    }

    @Test("The SHA-512 core equals libsodium's SHA-512 for lengths 0 to 300")
    func coreMatchesLibsodium() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...300 {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(SHA512Core.hash(message, initial: SHA512Core.sha512InitialValue) == SHA512.hash(message), "length \(length)")
        }
    }
}
