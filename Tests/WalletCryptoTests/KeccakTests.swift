import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCrypto

@Suite("Keccak-256 (original padding) and Ethereum addresses")
struct KeccakTests {
    @Test("keccak256-vectors.json: every digest, and never the SHA3-256 value")
    func vectors() throws {
        let document = try Fixtures.json("keccak/keccak256-vectors.json")
        let vectors = document["vectors"]!.arrayValue!
        #expect(vectors.count >= 10)
        for vector in vectors {
            let message = hexBytes(vector["messageHex"]!.stringValue!)
            let digest = Hex.encode(Keccak256.hash(message))
            #expect(digest == vector["keccak256"]!.stringValue!, "\(vector["name"]!.stringValue!)")
            #expect(digest != vector["sha3_256"]!.stringValue!)
        }
    }

    @Test("Keccak team ShortMsgKAT_256: all 256 byte-aligned messages (0 to 255 bytes)")
    func shortMessageKAT() throws {
        let lines = try Fixtures.text("keccak/keccak-team-kat/ShortMsgKAT_256.txt").split(separator: "\n").map(String.init)
        var length = -1, message: [UInt8] = [], checked = 0
        for line in lines {
            if line.hasPrefix("Len = ") { length = Int(line.dropFirst(6))! }
            if line.hasPrefix("Msg = ") { message = length == 0 ? [] : hexBytes(String(line.dropFirst(6))) }
            if line.hasPrefix("MD = ") {
                #expect(message.count * 8 == length)
                #expect(Hex.encode(Keccak256.hash(message)) == line.dropFirst(5).lowercased(), "Len = \(length)")
                checked += 1
            }
        }
        #expect(checked == 256)
    }

    @Test("Block boundaries: hashing agrees with a byte-at-a-time reference for 0…700 bytes")
    func blockBoundaries() {
        // A naive sponge over a [UInt64] state (independent of the unrolled rounds' lane naming).
        func reference(_ message: [UInt8]) -> [UInt8] {
            var padded = message + [0x01] + [UInt8](repeating: 0, count: (136 - (message.count + 1) % 136) % 136)
            padded[padded.count - 1] |= 0x80
            var state = [UInt64](repeating: 0, count: 25)
            let rotations = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14]
            var lfsr: UInt8 = 1
            func bit() -> Bool { let out = lfsr & 1 == 1; lfsr = lfsr & 0x80 != 0 ? (lfsr << 1) ^ 0x71 : lfsr << 1; return out }
            var constants: [UInt64] = []
            for _ in 0..<24 { var c: UInt64 = 0; for j in 0..<7 where bit() { c |= 1 << ((1 << j) - 1) }; constants.append(c) }
            func rot(_ v: UInt64, _ n: Int) -> UInt64 { n == 0 ? v : (v << UInt64(n)) | (v >> UInt64(64 - n)) }
            for blockStart in stride(from: 0, to: padded.count, by: 136) {
                for i in 0..<17 { for b in 0..<8 { state[i] ^= UInt64(padded[blockStart + 8 * i + b]) << (8 * UInt64(b)) } }
                for round in 0..<24 {
                    let c = (0..<5).map { x in (0..<5).reduce(UInt64(0)) { $0 ^ state[x + 5 * $1] } }
                    for x in 0..<5 { for y in 0..<5 { state[x + 5 * y] ^= c[(x + 4) % 5] ^ rot(c[(x + 1) % 5], 1) } }
                    var b = [UInt64](repeating: 0, count: 25)
                    for x in 0..<5 { for y in 0..<5 { b[y + 5 * ((2 * x + 3 * y) % 5)] = rot(state[x + 5 * y], rotations[x + 5 * y]) } }
                    for x in 0..<5 { for y in 0..<5 { state[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]) } }
                    state[0] ^= constants[round]
                }
            }
            return (0..<32).map { UInt8(truncatingIfNeeded: state[$0 / 8] >> (8 * UInt64($0 % 8))) }
        }
        var generator = SeededGenerator(seed: 0x6b65_6363)
        let data = (0..<700).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for length in [0, 1, 135, 136, 137, 271, 272, 273, 408, 699] + (0..<20).map({ _ in Int.random(in: 0...700, using: &generator) }) {
            #expect(Keccak256.hash(Array(data[0..<length])) == reference(Array(data[0..<length])), "length \(length)")
        }
    }

    @Test("ethereum-addresses.json: private key → public key → Keccak-256(X‖Y) → address → EIP-55")
    func ethereumAddresses() throws {
        let vectors = try Fixtures.json("keccak/ethereum-addresses.json")["vectors"]!.arrayValue!
        #expect(vectors.count == 12)
        for vector in vectors {
            let publicKey: Secp256k1.PublicKey
            if let privateHex = vector["privateKeyHex"]?.stringValue {
                publicKey = try Secp256k1.PrivateKey(scalarBytes: hexBytes(privateHex)).publicKey
                #expect(Hex.encode(publicKey.uncompressedRepresentation) == vector["publicKeyUncompressedHex"]!.stringValue!)
            } else {
                publicKey = try Secp256k1.PublicKey(sec1Representation: hexBytes(vector["publicKeyCompressedHex"]!.stringValue!))
            }
            if let compressed = vector["publicKeyCompressedHex"]?.stringValue {
                #expect(Hex.encode(publicKey.compressedRepresentation) == compressed)
            }
            if let hash = vector["keccak256OfXY"]?.stringValue { #expect(Hex.encode(Keccak256.hash(publicKey.rawRepresentation)) == hash) }
            let address = EthereumAddress(publicKey: publicKey)
            #expect(address.lowercased == vector["address"]!.stringValue!)
            #expect(address.checksummed == vector["addressEip55"]!.stringValue!)
            #expect(try EthereumAddress(string: vector["addressEip55"]!.stringValue!) == address)
            #expect(try EthereumAddress(string: address.lowercased) == address)
        }
    }

    @Test("Address parsing: a broken EIP-55 checksum, a bad length and non-hex digits are refused")
    func addressParsing() throws {
        let good = "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
        _ = try EthereumAddress(string: good)
        _ = try EthereumAddress(string: "0x7E5F4552091A69125D5DFCB7B8C2659029395BDF")
        #expect(throws: CryptoError(.invalidAddressChecksum, "")) { try EthereumAddress(string: "0x7e5F4552091A69125d5DfCb7b8C2659029395Bdf") }
        #expect(throws: CryptoError(.invalidAddress, "")) { try EthereumAddress(string: String(good.dropLast())) }
        #expect(throws: CryptoError(.invalidAddress, "")) { try EthereumAddress(string: "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdg") }
        #expect(throws: CryptoError(.invalidAddress, "")) { try EthereumAddress(string: "7E5F4552091A69125d5DfCb7b8C2659029395Bdf00") }
        #expect(throws: CryptoError(.invalidAddress, "")) { try EthereumAddress(string: "0X7E5F4552091A69125d5DfCb7b8C2659029395Bdf") }
        #expect(throws: CryptoError(.invalidAddress, "")) { try EthereumAddress(rawRepresentation: [UInt8](repeating: 0, count: 19)) }
    }
}
