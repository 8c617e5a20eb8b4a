extension QRCode {
    /// The symbol drawn with Unicode half blocks, two module rows per line, for a terminal with
    /// light text on a dark background: a light module is drawn (`█`, `▀`, `▄`), a dark one is
    /// left blank — the drawing `qrencode -t UTF8` makes, line for line.
    ///
    /// - Parameter quietZone: Light modules around the symbol, 0 to 16. ISO/IEC 18004 §6.3.8
    ///   asks for 4; 2 is enough for most phone cameras on a dark terminal.
    /// - Returns: Lines ending in `\n`, with no escape sequence.
    public func terminalText(quietZone: Int = 2) -> String {
        precondition((0...16).contains(quietZone), "quietZone is 0 to 16")
        let side = size + 2 * quietZone
        var text = ""
        text.unicodeScalars.reserveCapacity((side + 1) * (side / 2 + 1))
        // A module of the drawing, quiet zone included; rows past the bottom are light.
        func isLight(_ column: Int, _ row: Int) -> Bool {
            row >= side || !isDark(x: column - quietZone, y: row - quietZone)
        }
        for row in stride(from: 0, to: side, by: 2) {
            for column in 0..<side {
                switch (isLight(column, row), isLight(column, row + 1)) {
                case (true, true): text.unicodeScalars.append("\u{2588}")   // full block
                case (true, false): text.unicodeScalars.append("\u{2580}")  // upper half block
                case (false, true): text.unicodeScalars.append("\u{2584}")  // lower half block
                case (false, false): text.unicodeScalars.append(" ")
                }
            }
            text.unicodeScalars.append("\n")
        }
        return text
    }
}
