extension QRCode {
    /// The symbol as a black-on-white PNG image (1-bit greyscale).
    ///
    /// - Parameters:
    ///   - scale: Pixels per module, 1 to 32.
    ///   - quietZone: Light modules around the symbol, 0 to 16 (ISO/IEC 18004 §6.3.8 asks for 4).
    /// - Returns: The PNG file's bytes: at most (177 + 32) × 32 pixels a side, about 5.6 MB.
    public func pngData(scale: Int = 8, quietZone: Int = 4) -> [UInt8] {
        precondition((1...32).contains(scale), "scale is 1 to 32")
        precondition((0...16).contains(quietZone), "quietZone is 0 to 16")
        let side = (size + 2 * quietZone) * scale
        return PNGEncoder.greyscale1Bit(width: side, height: side) { x, y in
            !isDark(x: x / scale - quietZone, y: y / scale - quietZone)
        }
    }
}
