import DIDCore

/// A Bitstring Status List (W3C Bitstring Status List §2): a bitstring of at least 131,072 bits,
/// one entry of `statusSize` bits per credential, entry 0 at the most significant bit of the
/// first byte; published as multibase base64url (`u`) of its GZIP compression.
public struct BitstringStatusList: Sendable, Hashable {
    /// The minimum length in bits (§2.1, for herd privacy).
    public static let minimumBits = 131_072

    /// The bitstring, entry 0 at the most significant bit of the first byte.
    public private(set) var bytes: [UInt8]
    /// The bits per entry (`statusSize`, 1 unless the list says otherwise).
    public let statusSize: Int

    /// The number of entries.
    public var count: Int { bytes.count * 8 / statusSize }

    /// An all-zero list of `count` entries (rounded up to the minimum length).
    public init(count: Int = 131_072, statusSize: Int = 1) {
        precondition((1...8).contains(statusSize), "statusSize is 1 to 8 bits")
        let bits = max(count * statusSize, Self.minimumBits)
        bytes = [UInt8](repeating: 0, count: (bits + 7) / 8)
        self.statusSize = statusSize
    }

    /// Decodes an `encodedList`: multibase base64url, GZIP (at most `maximumBytes` once
    /// decompressed), at least 131,072 bits.
    public init(encodedList: String, statusSize: Int = 1, maximumBytes: Int = 16 << 20) throws(VCError) {
        guard (1...8).contains(statusSize) else { throw VCError(.invalidStatusList, "statusSize \(statusSize) is not 1 to 8") }
        let compressed: [UInt8]
        do { compressed = try Multibase.decode(encodedList, expecting: .base64url) } catch {
            throw VCError(.invalidStatusList, "encodedList is not multibase base64url: \(error.message)")
        }
        do { bytes = try GZIP.decompress(compressed, maximumOutput: maximumBytes) } catch {
            throw VCError(.invalidStatusList, "encodedList does not decompress: \(error.message)")
        }
        guard bytes.count * 8 >= Self.minimumBits else {
            throw VCError(.invalidStatusList, "the list has \(bytes.count * 8) bits, fewer than the minimum \(Self.minimumBits)")
        }
        self.statusSize = statusSize
    }

    /// A decoded list's bytes read as entries of `statusSize` bits.
    init(bytes: [UInt8], statusSize: Int) throws(VCError) {
        guard (1...8).contains(statusSize) else { throw VCError(.invalidStatusList, "statusSize \(statusSize) is not 1 to 8") }
        self.bytes = bytes
        self.statusSize = statusSize
    }

    /// `u` + base64url(GZIP(bytes)).
    public var encodedList: String { Multibase.base64url.encode(GZIP.compress(bytes)) }

    /// The value of entry `index` (0 … 2^statusSize − 1).
    public func status(at index: Int) throws(VCError) -> Int {
        guard index >= 0, index < count else { throw VCError(.invalidStatusList, "status index \(index) is outside the list (\(count) entries)") }
        var value = 0
        for bit in (index * statusSize)..<(index * statusSize + statusSize) {
            value = value << 1 | Int(bytes[bit / 8] >> (7 - UInt8(bit % 8)) & 1)
        }
        return value
    }

    /// Sets entry `index` to `value`.
    public mutating func setStatus(_ value: Int, at index: Int) throws(VCError) {
        guard index >= 0, index < count else { throw VCError(.invalidStatusList, "status index \(index) is outside the list (\(count) entries)") }
        guard value >= 0, value < 1 << statusSize else { throw VCError(.invalidStatusList, "status value \(value) does not fit \(statusSize) bits") }
        for offset in 0..<statusSize {
            let bit = index * statusSize + offset
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if value >> (statusSize - 1 - offset) & 1 == 1 { bytes[bit / 8] |= mask } else { bytes[bit / 8] &= ~mask }
        }
    }
}
