/// Arithmetic on big-endian unsigned integers of one fixed width (32 or 48 bytes), byte by byte.
///
/// Used for the group orders of the ECDSA curves: to compare and flip `s` (n − s) of a signature,
/// and to add two scalars modulo n in SLIP-0010 derivation. The secret paths run in constant time
/// (no branch or index depends on a value) and write only into the buffers they are given, so a
/// caller can keep every intermediate in ``SecureBytes``.
enum ScalarBytes {
    /// `output = a + b`; returns the carry out (0 or 1). All three have the same length.
    @discardableResult
    static func add(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> UInt8 {
        precondition(a.count == b.count && b.count == output.count, "ScalarBytes.add: widths differ")
        var carry: UInt16 = 0
        for index in stride(from: a.count - 1, through: 0, by: -1) {
            let sum = UInt16(a[index]) + UInt16(b[index]) + carry
            output[index] = UInt8(truncatingIfNeeded: sum)
            carry = sum >> 8
        }
        return UInt8(carry)
    }

    /// `output = a − b` (mod 2^width); returns the borrow out (1 when a < b).
    @discardableResult
    static func subtract(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> UInt8 {
        precondition(a.count == b.count && b.count == output.count, "ScalarBytes.subtract: widths differ")
        var borrow: UInt16 = 0
        for index in stride(from: a.count - 1, through: 0, by: -1) {
            let difference = UInt16(a[index]) &- UInt16(b[index]) &- borrow
            output[index] = UInt8(truncatingIfNeeded: difference)
            borrow = (difference >> 8) & 1
        }
        return UInt8(borrow)
    }

    /// Whether `a < b`, in constant time: the borrow of a − b, computed without keeping the difference.
    static func isLess(_ a: UnsafeRawBufferPointer, than b: UnsafeRawBufferPointer) -> Bool {
        precondition(a.count == b.count, "ScalarBytes.isLess: widths differ")
        var borrow: UInt16 = 0
        for index in stride(from: a.count - 1, through: 0, by: -1) {
            borrow = ((UInt16(a[index]) &- UInt16(b[index]) &- borrow) >> 8) & 1
        }
        return borrow == 1
    }

    /// Whether every byte is zero, in constant time.
    static func isZero(_ a: UnsafeRawBufferPointer) -> Bool {
        var accumulator: UInt8 = 0
        for byte in a { accumulator |= byte }
        return accumulator == 0
    }

    /// `output = (a + b) mod n` for `a, b < n`, in constant time; `scratch` receives a − n's
    /// intermediate and must be as wide as the others (pass secure memory for secret scalars).
    static func addModulo(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, modulus n: UnsafeRawBufferPointer,
                          into output: UnsafeMutableRawBufferPointer, scratch: UnsafeMutableRawBufferPointer) {
        let carry = add(a, b, into: output)
        let borrow = subtract(UnsafeRawBufferPointer(output), n, into: scratch)
        // The sum reduced is the difference unless the sum was below n (a borrow and no carry).
        let keepSum = borrow & ~carry & 1
        let mask = UInt8(0) &- keepSum  // 0xFF keeps the sum, 0x00 takes the difference
        for index in 0..<output.count {
            output[index] = (output[index] & mask) | (scratch[index] & ~mask)
        }
    }
}

extension ScalarBytes {
    /// Whether the `s` half of an `r || s` signature is at most ⌊n/2⌋ (public data: variable time is fine).
    static func hasLowS(_ signature: [UInt8], halfOrder: [UInt8]) -> Bool {
        let width = signature.count / 2
        return signature[width...].withUnsafeBytes { s in halfOrder.withUnsafeBytes { !isLess($0, than: s) } }
    }

    /// `r || (n − s)` when n/2 < s < n; the signature unchanged otherwise (low already, or out of range).
    static func lowSForm(_ signature: [UInt8], order: [UInt8], halfOrder: [UInt8]) -> [UInt8] {
        let width = signature.count / 2
        let s = Array(signature[width...])
        guard !hasLowS(signature, halfOrder: halfOrder),
              s.withUnsafeBytes({ s in order.withUnsafeBytes { isLess(s, than: $0) } }) else { return signature }
        var flipped = [UInt8](repeating: 0, count: width)
        order.withUnsafeBytes { n in s.withUnsafeBytes { s in flipped.withUnsafeMutableBytes { _ = subtract(n, s, into: $0) } } }
        return Array(signature[..<width]) + flipped
    }
}
