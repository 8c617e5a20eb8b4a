public import Foundation

/// Keccak-256 as Ethereum uses it: Keccak[r = 1088, c = 512] with the original Keccak padding
/// (first pad byte 0x01, last |= 0x80), 32-byte output. This is not SHA3-256 (FIPS 202 §B.2 pads
/// with 0x06), and the two differ on every input.
///
/// Written in Swift (libsodium has no Keccak): the 25 lanes of Keccak-f[1600] are 64-bit local
/// values, each round's θ, ρ, π, χ and ι steps unrolled over them, and the message is read in place,
/// 136 bytes per block; only the padded last block is copied (to a stack buffer).
public enum Keccak256 {
    /// Length of a digest.
    public static let digestLength = 32
    /// The rate r in bytes (1088 bits).
    static let rateBytes = 136

    /// The ι step's round constants ("The Keccak reference" 3.0, §1.2).
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// The Keccak-256 digest of `data`.
    public static func hash(_ data: some ContiguousBytes) -> [UInt8] {
        data.withUnsafeBytes { input in
            withUnsafeTemporaryAllocation(byteCount: rateBytes, alignment: 8) { hash(input, lastBlock: $0) }
        }
    }

    /// Absorbs `input` and the padded last block (built in `lastBlock`), then squeezes 32 bytes.
    private static func hash(_ input: UnsafeRawBufferPointer, lastBlock: UnsafeMutableRawBufferPointer) -> [UInt8] {
        let fullBlocks = input.count / rateBytes
        let tail = input.count - fullBlocks * rateBytes
        // pad10*1 with Keccak's first pad byte 0x01 (0x81 when it is also the last byte).
        lastBlock.initializeMemory(as: UInt8.self, repeating: 0)
        if tail > 0 { lastBlock.copyMemory(from: UnsafeRawBufferPointer(rebasing: input[(fullBlocks * rateBytes)...])) }
        lastBlock[tail] = 0x01
        lastBlock[rateBytes - 1] |= 0x80
        let constants = roundConstants
        var a0: UInt64 = 0, a1: UInt64 = 0, a2: UInt64 = 0, a3: UInt64 = 0, a4: UInt64 = 0
        var a5: UInt64 = 0, a6: UInt64 = 0, a7: UInt64 = 0, a8: UInt64 = 0, a9: UInt64 = 0
        var a10: UInt64 = 0, a11: UInt64 = 0, a12: UInt64 = 0, a13: UInt64 = 0, a14: UInt64 = 0
        var a15: UInt64 = 0, a16: UInt64 = 0, a17: UInt64 = 0, a18: UInt64 = 0, a19: UInt64 = 0
        var a20: UInt64 = 0, a21: UInt64 = 0, a22: UInt64 = 0, a23: UInt64 = 0, a24: UInt64 = 0
        var blockIndex = 0
        while true {
            let block = blockIndex < fullBlocks ? input.baseAddress! + blockIndex * rateBytes : UnsafeRawPointer(lastBlock.baseAddress!)
            a0 ^= lane(block, 0)
            a1 ^= lane(block, 1)
            a2 ^= lane(block, 2)
            a3 ^= lane(block, 3)
            a4 ^= lane(block, 4)
            a5 ^= lane(block, 5)
            a6 ^= lane(block, 6)
            a7 ^= lane(block, 7)
            a8 ^= lane(block, 8)
            a9 ^= lane(block, 9)
            a10 ^= lane(block, 10)
            a11 ^= lane(block, 11)
            a12 ^= lane(block, 12)
            a13 ^= lane(block, 13)
            a14 ^= lane(block, 14)
            a15 ^= lane(block, 15)
            a16 ^= lane(block, 16)
            for round in 0..<24 {
                let c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20
                let c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21
                let c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22
                let c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23
                let c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24
                let d0 = c4 ^ rotate(c1, 1)
                let d1 = c0 ^ rotate(c2, 1)
                let d2 = c1 ^ rotate(c3, 1)
                let d3 = c2 ^ rotate(c4, 1)
                let d4 = c3 ^ rotate(c0, 1)
                let b0 = (a0 ^ d0)
                let b1 = rotate(a6 ^ d1, 44)
                let b2 = rotate(a12 ^ d2, 43)
                let b3 = rotate(a18 ^ d3, 21)
                let b4 = rotate(a24 ^ d4, 14)
                let b5 = rotate(a3 ^ d3, 28)
                let b6 = rotate(a9 ^ d4, 20)
                let b7 = rotate(a10 ^ d0, 3)
                let b8 = rotate(a16 ^ d1, 45)
                let b9 = rotate(a22 ^ d2, 61)
                let b10 = rotate(a1 ^ d1, 1)
                let b11 = rotate(a7 ^ d2, 6)
                let b12 = rotate(a13 ^ d3, 25)
                let b13 = rotate(a19 ^ d4, 8)
                let b14 = rotate(a20 ^ d0, 18)
                let b15 = rotate(a4 ^ d4, 27)
                let b16 = rotate(a5 ^ d0, 36)
                let b17 = rotate(a11 ^ d1, 10)
                let b18 = rotate(a17 ^ d2, 15)
                let b19 = rotate(a23 ^ d3, 56)
                let b20 = rotate(a2 ^ d2, 62)
                let b21 = rotate(a8 ^ d3, 55)
                let b22 = rotate(a14 ^ d4, 39)
                let b23 = rotate(a15 ^ d0, 41)
                let b24 = rotate(a21 ^ d1, 2)
                a0 = b0 ^ (~b1 & b2)
                a1 = b1 ^ (~b2 & b3)
                a2 = b2 ^ (~b3 & b4)
                a3 = b3 ^ (~b4 & b0)
                a4 = b4 ^ (~b0 & b1)
                a5 = b5 ^ (~b6 & b7)
                a6 = b6 ^ (~b7 & b8)
                a7 = b7 ^ (~b8 & b9)
                a8 = b8 ^ (~b9 & b5)
                a9 = b9 ^ (~b5 & b6)
                a10 = b10 ^ (~b11 & b12)
                a11 = b11 ^ (~b12 & b13)
                a12 = b12 ^ (~b13 & b14)
                a13 = b13 ^ (~b14 & b10)
                a14 = b14 ^ (~b10 & b11)
                a15 = b15 ^ (~b16 & b17)
                a16 = b16 ^ (~b17 & b18)
                a17 = b17 ^ (~b18 & b19)
                a18 = b18 ^ (~b19 & b15)
                a19 = b19 ^ (~b15 & b16)
                a20 = b20 ^ (~b21 & b22)
                a21 = b21 ^ (~b22 & b23)
                a22 = b22 ^ (~b23 & b24)
                a23 = b23 ^ (~b24 & b20)
                a24 = b24 ^ (~b20 & b21)
                a0 ^= constants[round]
            }
            if blockIndex == fullBlocks { break }
            blockIndex += 1
        }
        var digest = [UInt8](repeating: 0, count: digestLength)
        digest.withUnsafeMutableBytes { output in
            output.storeBytes(of: a0.littleEndian, toByteOffset: 0, as: UInt64.self)
            output.storeBytes(of: a1.littleEndian, toByteOffset: 8, as: UInt64.self)
            output.storeBytes(of: a2.littleEndian, toByteOffset: 16, as: UInt64.self)
            output.storeBytes(of: a3.littleEndian, toByteOffset: 24, as: UInt64.self)
        }
        return digest
    }

    /// Lane `index` of a block: eight bytes, least significant first (Keccak's byte order).
    @inline(__always)
    private static func lane(_ block: UnsafeRawPointer, _ index: Int) -> UInt64 {
        UInt64(littleEndian: block.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
    }

    @inline(__always)
    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 &- count))
    }
}
