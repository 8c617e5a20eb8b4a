import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

@Suite("GZIP for status lists")
struct GZIPTests {
    @Test("The Bitstring Status List spec's encodedList decodes to 131,072 zero bits")
    func specList() throws {
        let vector = try Fixtures.json("bitstring-status-list/encodedList-decoded.json")
        let gzip = try Multibase.decode(vector["encodedList"]!.stringValue!, expecting: .base64url)
        #expect(Hex.encode(gzip) == vector["gzipBytesHex"]!.stringValue!)
        let bits = try GZIP.decompress(gzip, maximumOutput: 1 << 20)
        #expect(bits.count == 16_384 && bits.allSatisfy { $0 == 0 })
        #expect(Hex.encode(SHA256.hash(bits)) == vector["decompressedSha256"]!.stringValue!)
    }

    @Test("GZIP files made by Python's zlib (dynamic Huffman blocks) decompress to the expected bytes", arguments: ["python-dynamic.gz", "python-statuslist.gz"])
    func python(_ name: String) throws {
        let expected = try Fixtures.text("gzip/expected.txt").split(separator: "\n").map { $0.split(separator: " ") }.first { $0[0] == name }!
        let output = try GZIP.decompress(Fixtures.bytes("gzip/\(name)"), maximumOutput: 1 << 20)
        #expect(output.count == Int(expected[1])!)
        #expect(Hex.encode(SHA256.hash(output)) == String(expected[2]))
    }

    @Test("Property: compress then decompress gives the input back; status lists shrink")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 1952)
        for round in 0..<60 {
            var data = [UInt8](repeating: 0, count: Int.random(in: 0...20_000, using: &generator))
            for _ in 0..<Int.random(in: 0...50, using: &generator) where !data.isEmpty {
                data[Int.random(in: 0..<data.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if round % 5 == 0 { data = generator.bytes(Int.random(in: 0...3000, using: &generator)) }
            let compressed = GZIP.compress(data)
            #expect(try GZIP.decompress(compressed, maximumOutput: 1 << 20) == data, "round \(round)")
        }
        #expect(GZIP.compress([UInt8](repeating: 0, count: 16_384)).count < 200)
    }

    @Test("Decompression stops at the cap; damaged input fails cleanly")
    func limits() throws {
        let bomb = GZIP.compress([UInt8](repeating: 0, count: 1 << 20))
        #expect(throws: GZIP.Failure.self) { try GZIP.decompress(bomb, maximumOutput: 16_384) }
        let good = GZIP.compress(Array("status list".utf8))
        for length in 0..<good.count {
            #expect(throws: GZIP.Failure.self) { try GZIP.decompress(Array(good[0..<length]), maximumOutput: 1 << 20) }
        }
        var generator = SeededGenerator(seed: 7)
        let sample = try Fixtures.bytes("gzip/python-dynamic.gz")
        for _ in 0..<2_000 {
            var damaged = sample
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            _ = try? GZIP.decompress(damaged, maximumOutput: 1 << 20)  // must not crash or hang
        }
    }
}
