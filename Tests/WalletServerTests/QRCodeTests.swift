import Foundation
import Testing
import TestSupport
@testable import WalletServer

/// QR symbols against the `qrencode` tool's own output (Fixtures/qrencode/, made by its
/// make_fixtures.sh), and the PNG writer against CPython's zlib.
@Suite struct QRCodeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let level: String
        var testDescription: String { "\(name) at \(level)" }
        var errorCorrection: QRCode.ErrorCorrection { ["L": .low, "M": .medium, "H": .high][level]! }
        var input: String { get throws { try Fixtures.text("qrencode/\(name).txt") } }
        /// The module matrix qrencode drew: rows of "##" (dark) and "  " (light).
        var expectedMatrix: [[Bool]] {
            get throws {
                try Fixtures.text("qrencode/\(name)-\(level).ascii").split(separator: "\n").map { row in
                    stride(from: 0, to: row.utf8.count, by: 2).map { Array(row.utf8)[$0] == UInt8(ascii: "#") }
                }
            }
        }
    }

    static let cases: [Case] = ["hello", "offer-uri", "unicode", "long"].flatMap { name in
        ["L", "M", "H"].map { Case(name: name, level: $0) }
    }

    static func matrix(_ code: QRCode) -> [[Bool]] {
        (0..<code.size).map { y in (0..<code.size).map { x in code.isDark(x: x, y: y) } }
    }

    @Test("The module matrix is the one qrencode draws", arguments: cases)
    func matrixMatchesQrencode(_ testCase: Case) throws {
        let code = try QRCode(encoding: try testCase.input, errorCorrection: testCase.errorCorrection)
        let expected = try testCase.expectedMatrix
        #expect(expected.count >= 21 && expected.allSatisfy { $0.count == expected.count })
        #expect(code.size == expected.count)
        #expect(code.size == 17 + 4 * code.version)
        #expect(Self.matrix(code) == expected)
    }

    @Test("The terminal drawing is qrencode -t UTF8's, byte for byte", arguments: cases)
    func terminalTextMatchesQrencode(_ testCase: Case) throws {
        let code = try QRCode(encoding: try testCase.input, errorCorrection: testCase.errorCorrection)
        let expected = try Fixtures.text("qrencode/\(testCase.name)-\(testCase.level).utf8")
        #expect(code.terminalText(quietZone: 2) == expected)
    }

    @Test("Text that fits no symbol is refused with a code")
    func refusals() {
        #expect(throws: WalletServerError(.qrCodeInputRefused, "")) { try QRCode(encoding: "") }
        #expect(throws: WalletServerError(.qrCodeInputRefused, "")) { try QRCode(encoding: "a\u{0}b") }
        let tooLong = String(repeating: "a", count: QRCode.maximumInputBytes + 1)
        #expect(throws: WalletServerError(.qrCodeInputRefused, "")) { try QRCode(encoding: tooLong) }
        // 2,953 bytes fit version 40 at L only: at H libqrencode itself refuses, and so do we.
        let atTheLimit = String(repeating: "\u{7F}", count: QRCode.maximumInputBytes)
        #expect(throws: Never.self) { _ = try QRCode(encoding: atTheLimit, errorCorrection: .low) }
        #expect(throws: WalletServerError(.qrCodeInputRefused, "")) { try QRCode(encoding: atTheLimit, errorCorrection: .high) }
    }

    @Test("CRC-32 and Adler-32 give their published check values")
    func checksums() {
        // The CRC catalogue's check value for CRC-32/ISO-HDLC, and RFC 1950's worked example word.
        #expect(Checksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Checksum.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Checksum.adler32([]) == 1)
        // Many 5,552-byte rounds of the largest byte: the sums' reduction, against CPython's zlib.
        let big = [UInt8](repeating: 0xFF, count: 100_000)
        let fromPython = try? PythonCheck.run("import zlib; print(zlib.adler32(b'\\xff' * 100000), zlib.crc32(b'\\xff' * 100000))", arguments: [])
        #expect(fromPython?.split(separator: " ").map { UInt32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            == [Checksum.adler32(big), Checksum.crc32(big)])
    }

    /// Reads a PNG with CPython only: checks the signature and every chunk's CRC, the IHDR,
    /// inflates the IDAT (zlib checks the Adler-32), undoes filter 0, and prints each module of
    /// the image as 1 (dark) or 0, sampled at the centre of its `scale` × `scale` pixels.
    static let pngReader = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read(); scale = int(sys.argv[2])
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'signature'
        pos, chunks = 8, []
        while pos < len(data):
            (length,) = struct.unpack('>I', data[pos:pos + 4]); kind = data[pos + 4:pos + 8]
            body = data[pos + 8:pos + 8 + length]; (crc,) = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
            assert zlib.crc32(kind + body) == crc, 'crc of ' + kind.decode()
            chunks.append((kind, body)); pos += 12 + length
        assert [k for k, _ in chunks] == [b'IHDR', b'IDAT', b'IEND'], 'chunk order'
        width, height, depth, colour, compression, filtering, interlace = struct.unpack('>IIBBBBB', chunks[0][1])
        assert (depth, colour, compression, filtering, interlace) == (1, 0, 0, 0, 0), 'header'
        raw = zlib.decompress(chunks[1][1]); row_bytes = (width + 7) // 8
        assert len(raw) == height * (row_bytes + 1), 'scanline bytes'
        def white(x, y):
            line = raw[y * (row_bytes + 1):(y + 1) * (row_bytes + 1)]
            assert line[0] == 0, 'filter type'
            return (line[1 + x // 8] >> (7 - x % 8)) & 1
        assert width == height and width % scale == 0, 'square of whole modules'
        for my in range(height // scale):
            print(''.join('0' if white(mx * scale + scale // 2, my * scale + scale // 2) else '1' for mx in range(width // scale)))
        """

    @Test("The PNG reads back in CPython as the matrix qrencode draws", arguments: [
        Case(name: "hello", level: "M"), Case(name: "offer-uri", level: "M"), Case(name: "long", level: "H"),
    ])
    func pngReadsBack(_ testCase: Case) throws {
        let code = try QRCode(encoding: try testCase.input, errorCorrection: testCase.errorCorrection)
        let directory = TemporaryDirectory("qr")
        defer { directory.remove() }
        let file = directory.appending("code.png")
        let (scale, quietZone) = (8, 4)
        let png = code.pngData(scale: scale, quietZone: quietZone)
        try Data(png).write(to: file)
        let rows = try PythonCheck.run(Self.pngReader, arguments: [file.path, String(scale)]).split(separator: "\n")
        let expected = try testCase.expectedMatrix
        let padded = (0..<(expected.count + 2 * quietZone)).map { y in
            (0..<(expected.count + 2 * quietZone)).map { x in
                let (row, column) = (y - quietZone, x - quietZone)
                return expected.indices.contains(row) && expected.indices.contains(column) && expected[row][column] ? "1" : "0"
            }.joined()
        }
        #expect(rows.map(String.init) == padded)
        // The version 40 symbol needs several stored blocks: the writer's block split is exercised.
        if testCase.name == "long" { #expect(png.count > PNGEncoder.maximumStoredBlock * 2) }
    }

    @Test("Pixels beyond the last whole byte of a row are padding, and a 1×1 scale works")
    func oddWidths() throws {
        let code = try QRCode(encoding: "HELLO")
        for quietZone in [0, 1, 3] {
            let png = code.pngData(scale: 1, quietZone: quietZone)
            let directory = TemporaryDirectory("qr")
            defer { directory.remove() }
            try Data(png).write(to: directory.appending("code.png"))
            let rows = try PythonCheck.run(Self.pngReader, arguments: [directory.appending("code.png").path, "1"]).split(separator: "\n")
            #expect(rows.count == code.size + 2 * quietZone)
            #expect(rows[quietZone].dropFirst(quietZone).prefix(7) == "1111111", "the finder pattern's top edge")
        }
    }
}
