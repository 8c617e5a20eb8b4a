public import Foundation
public import StrictJSON

/// Loads test data from `Fixtures/` at the package root, found once from this file's path.
public enum Fixtures {
    /// The package root: two levels above `Tests/TestSupport/`.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Fixtures.swift
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests

    public static let root: URL = packageRoot.appendingPathComponent("Fixtures")

    public static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// The bytes of `Fixtures/<path>`.
    public static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(path)))
    }

    /// The text of `Fixtures/<path>`.
    public static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }

    /// `Fixtures/<path>` parsed with the strict parser (fixtures larger than the default size limit too).
    public static func json(_ path: String) throws -> JSONValue {
        try JSONParser(options: .init(maxDepth: 64, maxBytes: 64 << 20)).parse(bytes(path))
    }

    /// The names of the files in `Fixtures/<directory>`, sorted.
    public static func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(directory).path).sorted()
    }
}

/// Decodes hexadecimal test data; traps on malformed fixtures, which is a broken test, not input.
public func hexBytes(_ text: String) -> [UInt8] {
    precondition(text.count % 2 == 0, "odd-length hex in a fixture")
    var output: [UInt8] = []
    output.reserveCapacity(text.count / 2)
    var iterator = text.utf8.makeIterator()
    func value(_ c: UInt8) -> UInt8 {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: preconditionFailure("bad hex digit in a fixture")
        }
    }
    while let high = iterator.next(), let low = iterator.next() {
        output.append(value(high) << 4 | value(low))
    }
    return output
}

/// A seeded generator (SplitMix64) so that property tests are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}
