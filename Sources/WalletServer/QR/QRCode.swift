internal import CQRencode

/// A QR code symbol (ISO/IEC 18004) made by libqrencode: a square of dark and light modules.
///
/// The symbol is the smallest version that holds the text at the chosen error correction level,
/// with the encoding modes libqrencode picks for it (case-sensitive, 8-bit where needed) — the
/// symbol `qrencode -l M TEXT` draws. Render it with ``terminalText(quietZone:)`` or
/// ``pngData(scale:quietZone:)``.
public struct QRCode: Sendable, Hashable {
    /// The error correction level (ISO/IEC 18004 §7.5.1): the share of codewords that can be lost.
    public enum ErrorCorrection: Sendable, Hashable {
        /// About 7 % recoverable.
        case low
        /// About 15 % recoverable: the default, and what terminals and screens need.
        case medium
        /// About 25 % recoverable.
        case quartile
        /// About 30 % recoverable.
        case high

        var level: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }
    }

    /// The most bytes of text accepted: a version 40 symbol at level L holds 2,953 bytes in 8-bit
    /// mode (ISO/IEC 18004 Table 7); longer text is refused before libqrencode sees it.
    public static let maximumInputBytes = 2953

    /// The symbol's version, 1 to 40.
    public let version: Int
    /// Modules per side: 17 + 4 × ``version``.
    public let size: Int
    /// Row-major, `true` for a dark module.
    private let modules: [Bool]

    /// Encodes `text` (its UTF-8 bytes) in the smallest symbol that holds it.
    /// - Throws: ``WalletServerError/Code/qrCodeInputRefused`` when the text is empty, has a NUL,
    ///   or does not fit a version 40 symbol at this level.
    public init(encoding text: String, errorCorrection: ErrorCorrection = .medium) throws(WalletServerError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, !bytes.contains(0) else {
            throw WalletServerError(.qrCodeInputRefused, "a QR code needs non-empty text without NUL characters")
        }
        guard bytes.count <= Self.maximumInputBytes else {
            throw WalletServerError(.qrCodeInputRefused, "\(bytes.count) bytes do not fit in a QR code (at most \(Self.maximumInputBytes))")
        }
        // Version 0: the smallest that fits; QR_MODE_8 and case-sensitive, as the qrencode tool does.
        guard let symbol = QRcode_encodeString(text, 0, errorCorrection.level, QR_MODE_8, 1) else {
            throw WalletServerError(.qrCodeInputRefused, "\(bytes.count) bytes do not fit in a QR code at this error correction level")
        }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        // Each byte describes one module; bit 0 is its colour (qrencode.h, "QRcode").
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        self.version = Int(symbol.pointee.version)
        self.size = width
        self.modules = data.map { $0 & 1 == 1 }
    }

    /// Whether the module in column `x`, row `y` (from the top left, 0-based) is dark; modules
    /// outside the symbol (the quiet zone) are light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }
}
