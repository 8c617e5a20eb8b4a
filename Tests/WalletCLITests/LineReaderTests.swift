import Foundation
import TestSupport
import Testing
@testable import WalletCLI
import WalletCLISupport

/// The `--batch` line reader, in process: lines split exactly whatever the chunk size, each byte
/// searched for a line end once (linear however long the lines: the old reader searched the
/// whole unfinished line again after every 64 KiB chunk — 40 lines of 15 MiB took 67 s), and no
/// more read than the cap plus one chunk when a line is too long.
@Suite("LineReader: exact, linear, bounded")
struct LineReaderTests {
    /// Writes `bytes` to a file and reads it back with a `LineReader`.
    static func read(_ bytes: [UInt8], cap: Int, chunk: Int, in directory: TemporaryDirectory) throws -> (lines: [[UInt8]], reader: LineReader, failure: CLIError?) {
        let path = directory.appending("lines-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var reader = LineReader(descriptor: descriptor, name: "input", maximumLineBytes: cap, chunkSize: chunk)
        var lines: [[UInt8]] = []
        do {
            while let line = try reader.nextLine() { lines.append(line) }
        } catch {
            return (lines, reader, error)
        }
        return (lines, reader, nil)
    }

    @Test("Lines split as split(separator:) does, for every chunk size, with a final line without a line feed", arguments: [1, 2, 3, 7, 64, 4096])
    func splitsExactly(chunk: Int) throws {
        let directory = TemporaryDirectory("line-reader")
        defer { directory.remove() }
        var generator = SeededGenerator(seed: UInt64(chunk))
        for _ in 0..<50 {
            // Random bytes with many line feeds: empty lines, long lines, a last line with or without a line feed.
            let bytes = (0..<Int.random(in: 0...600, using: &generator)).map { _ in
                Bool.random(using: &generator) && Bool.random(using: &generator) ? UInt8(0x0A) : UInt8.random(in: 0...255, using: &generator)
            }
            var expected = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            if bytes.last == 0x0A || bytes.isEmpty { expected.removeLast() }
            let (lines, reader, failure) = try Self.read(bytes, cap: 1000, chunk: chunk, in: directory)
            #expect(failure == nil)
            #expect(lines == expected)
            #expect(reader.linesRead == expected.count && reader.bytesRead == bytes.count)
        }
    }

    @Test("Each byte is searched for a line end once, however long the lines and however small the chunks")
    func linear() throws {
        let directory = TemporaryDirectory("line-reader-linear")
        defer { directory.remove() }
        // The same 4 MiB as 1 line, as 8 lines and as 4,096 lines, read in 4 KiB chunks. The old
        // reader searched a line's first chunk again for each of its later chunks: for the one
        // 4 MiB line, (1024 × 1025 / 2) × 4 KiB ≈ 2 GiB of searching instead of 4 MiB.
        let total = 4 << 20
        for lineLength in [total, total / 8, 1024] {
            let line = [UInt8](repeating: UInt8(ascii: "x"), count: lineLength - 1) + [0x0A]
            let bytes = Array([[UInt8]](repeating: line, count: total / lineLength).joined())
            let (lines, reader, failure) = try Self.read(bytes, cap: total, chunk: 4096, in: directory)
            #expect(failure == nil && lines.count == total / lineLength)
            #expect(reader.bytesRead == total)
            #expect(reader.scannedBytes == total, "line length \(lineLength): searched \(reader.scannedBytes) bytes for \(total) read")
        }
    }

    @Test("A line of the cap is read; one byte more is lineTooLong (exit 2) with its line number, before more than the cap and a chunk is read")
    func cap() throws {
        let directory = TemporaryDirectory("line-reader-cap")
        defer { directory.remove() }
        let cap = 10_000
        let atCap = [UInt8](repeating: UInt8(ascii: "a"), count: cap)
        let (lines, _, failure) = try Self.read(Array("first\n\n".utf8) + atCap + [0x0A] + atCap, cap: cap, chunk: 512, in: directory)
        #expect(failure == nil && lines == [Array("first".utf8), [], atCap, atCap])

        for (suffix, label) in [([UInt8(0x0A)], "ended"), ([], "last, unended")] {
            let over = Array("first\n\n".utf8) + atCap + [UInt8(ascii: "a")] + suffix + Array("never read\n".utf8)
            let (lines, reader, failure) = try Self.read(over, cap: cap, chunk: 512, in: directory)
            #expect(lines == [Array("first".utf8), []], "\(label)")
            #expect(failure?.code == "lineTooLong" && failure?.exitCode == 2, "\(label)")
            #expect(failure?.message == "input: line 3 is longer than the limit of 10000 bytes", "\(label): \(failure?.message ?? "")")
            #expect(reader.bytesRead <= 7 + cap + 512, "\(label)")
        }
        // An endless line: stops after the cap and one chunk.
        let endless = [UInt8](repeating: 0x20, count: 50 * cap)
        let endlessRead = try Self.read(endless, cap: cap, chunk: 512, in: directory)
        #expect(endlessRead.failure?.code == "lineTooLong" && endlessRead.reader.bytesRead <= cap + 512)
    }
}
