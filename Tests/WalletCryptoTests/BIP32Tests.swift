import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCrypto

@Suite("BIP-32 / SLIP-0010 derivation for secp256k1 and nist256p1")
struct BIP32Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let curve: BIP32.Curve, name: String, seed: [UInt8], path: String, chainCode: [UInt8], privateKey: [UInt8], publicKey: [UInt8]
        var testDescription: String { "\(name) \(path)" }
    }

    static func load(_ file: String, _ curve: BIP32.Curve) -> [Vector] {
        try! Fixtures.json(file)["vectors"]!.arrayValue!.flatMap { vector in
            vector["chains"]!.arrayValue!.map {
                Vector(curve: curve, name: vector["name"]!.stringValue!, seed: hexBytes(vector["seed"]!.stringValue!),
                       path: $0["path"]!.stringValue!, chainCode: hexBytes($0["chainCode"]!.stringValue!),
                       privateKey: hexBytes($0["privateKey"]!.stringValue!), publicKey: hexBytes($0["publicKey"]!.stringValue!))
            }
        }
    }

    static let vectors = load("slip10/secp256k1-vectors.json", .secp256k1) + load("slip10/nist256p1-vectors.json", .nist256p1)

    @Test("SLIP-0010 vectors (secp256k1 = BIP-32 vectors 1 and 2; nist256p1 with both retry cases)", arguments: vectors)
    func slip10Vector(_ vector: Vector) throws {
        let node = try BIP32.derive(seed: SecureBytes(copying: vector.seed), curve: vector.curve, path: BIP32.parsePath(vector.path))
        #expect(node.chainCode.withUnsafeBytes { Array($0) } == vector.chainCode)
        #expect(node.privateKey.withUnsafeBytes { Array($0) } == vector.privateKey)
        #expect(node.publicKey == vector.publicKey)
        switch vector.curve {
        case .secp256k1: #expect(try Secp256k1.PrivateKey(scalar: node.privateKey).publicKey.compressedRepresentation == vector.publicKey)
        case .nist256p1: #expect(try P256.PrivateKey(scalar: node.privateKey).publicKey.compressedRepresentation == vector.publicKey)
        }
    }

    @Test("All 28 nodes read, normal and hardened steps on both curves, both retry vectors")
    func vectorCount() {
        #expect(Self.vectors.count == 28)
        #expect(Self.vectors.contains { $0.name.contains("derivation retry") } && Self.vectors.contains { $0.name.contains("seed retry") })
        #expect(Self.vectors.contains { $0.curve == .nist256p1 && $0.path.hasSuffix("/1") })
    }

    /// Hardhat's and Anvil's default development phrase; its account #0 and #1 keys are in
    /// ethereum-addresses.json (published values), so the BIP-44 Ethereum path is checked end to end.
    @Test("m/44'/60'/0'/0/n from the well-known development phrase gives Hardhat accounts #0 and #1")
    func ethereumPath() throws {
        let mnemonic = try Mnemonic(phrase: "test test test test test test test test test test test junk")
        let addresses = try Fixtures.json("keccak/ethereum-addresses.json")["vectors"]!.arrayValue!
        for (index, note) in [(UInt32(0), "account #0"), (1, "account #1")] {
            let vector = addresses.first { $0["note"]?.stringValue?.contains("Hardhat/Anvil default development \(note)") == true }!
            let path = try BIP32.ethereumPath(index: index)
            #expect(path == (try BIP32.parsePath("m/44'/60'/0'/0/\(index)")))
            let node = try BIP32.derive(seed: mnemonic.seed(), curve: .secp256k1, path: path)
            #expect(Hex.encode(node.privateKey.withUnsafeBytes { Array($0) }) == vector["privateKeyHex"]!.stringValue!)
            let key = try Secp256k1.PrivateKey(scalar: node.privateKey)
            #expect(EthereumAddress(publicKey: key.publicKey).checksummed == vector["addressEip55"]!.stringValue!)
        }
    }

    @Test("Paths: ' and h mark hardened; indexes ≥ 2^31, empty parts and junk refused; seeds of 16…64 bytes")
    func paths() throws {
        #expect(try BIP32.parsePath("m") == [])
        #expect(try BIP32.parsePath("m/0h/1/2147483647'") == [0x8000_0000, 1, 0xFFFF_FFFF])
        for bad in ["", "M/0", "m/", "m//1", "m/2147483648", "m/-1", "m/1''", "m/x", "m/ 1", "m/１"] {
            #expect(throws: CryptoError(.invalidDerivationPath, ""), "\(bad)") { try BIP32.parsePath(bad) }
        }
        #expect(throws: CryptoError(.invalidDerivationPath, "")) { try BIP32.ethereumPath(index: 0x8000_0000) }
        #expect(throws: CryptoError(.invalidParameter, "")) { try BIP32.derive(seed: SecureBytes.random(count: 15), curve: .secp256k1, path: []) }
        #expect(throws: CryptoError(.invalidParameter, "")) { try BIP32.derive(seed: SecureBytes.random(count: 65), curve: .nist256p1, path: []) }
        let node = try BIP32.derive(seed: SecureBytes.random(count: 32), curve: .nist256p1, path: [1])
        #expect(!String(describing: node).contains(Hex.encode(node.privateKey.withUnsafeBytes { Array($0) })))
    }

    @Test("addModulo: agrees with (a + b) mod n computed another way, reduction and carry cases included")
    func addModulo() {
        var generator = SeededGenerator(seed: 0xadd0)
        var reduced = 0
        for _ in 0..<300 {
            for order in [Secp256k1.order, P256.order] {
                func below() -> [UInt8] {
                    while true {
                        let value = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
                        if value.withUnsafeBytes({ v in order.withUnsafeBytes { ScalarBytes.isLess(v, than: $0) } }) { return value }
                    }
                }
                let a = below(), b = below()
                var output = [UInt8](repeating: 0, count: 32), scratch = output
                a.withUnsafeBytes { a in b.withUnsafeBytes { b in order.withUnsafeBytes { n in output.withUnsafeMutableBytes { o in
                    scratch.withUnsafeMutableBytes { ScalarBytes.addModulo(a, b, modulus: n, into: o, scratch: $0) } } } } }
                // Reference: the 33-byte sum, minus n once when it is not below n.
                var sum = [UInt8](repeating: 0, count: 33), carry = 0
                for i in stride(from: 31, through: 0, by: -1) { let s = Int(a[i]) + Int(b[i]) + carry; sum[i + 1] = UInt8(s & 0xFF); carry = s >> 8 }
                sum[0] = UInt8(carry)
                let wideOrder = [0] + order
                if !(sum.lexicographicallyPrecedes(wideOrder)) {
                    reduced += 1
                    var borrow = 0
                    for i in stride(from: 32, through: 0, by: -1) { let d = Int(sum[i]) - Int(wideOrder[i]) - borrow; sum[i] = UInt8((d + 256) & 0xFF); borrow = d < 0 ? 1 : 0 }
                }
                #expect(output == Array(sum[1...]))
            }
        }
        #expect(reduced > 100)
    }
}
