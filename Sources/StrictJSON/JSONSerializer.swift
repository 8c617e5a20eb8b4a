/// Writes ``JSONValue``s as compact JSON, pretty-printed JSON, or the RFC 8785 canonical form.
public struct JSONSerializer: Sendable {
    /// The layout of the serialised text.
    public enum Style: Sendable, Hashable {
        /// No whitespace; members in their stored order; numbers as their exact text.
        case compact
        /// Two-space indentation, for people; members in their stored order.
        case pretty
    }

    /// The layout this serialiser writes.
    public var style: Style

    /// A serialiser writing in `style` (compact unless stated).
    public init(style: Style = .compact) { self.style = style }

    /// The UTF-8 bytes of `value`.
    public func serialize(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, into: &output, indent: 0)
        return output
    }

    /// `value` as a string.
    public func string(_ value: JSONValue) -> String {
        String(decoding: serialize(value), as: UTF8.self)
    }

    private func write(_ value: JSONValue, into output: inout [UInt8], indent: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): output.appendUTF8(of: number.text)
        case .string(let string): JSONStringEscaping.write(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(into: &output, indent: indent + 1)
                write(element, into: &output, indent: indent + 1)
            }
            if !elements.isEmpty { newline(into: &output, indent: indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(into: &output, indent: indent + 1)
                JSONStringEscaping.write(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                if style == .pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, into: &output, indent: indent + 1)
            }
            if !object.isEmpty { newline(into: &output, indent: indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    private func newline(into output: inout [UInt8], indent: Int) {
        guard style == .pretty else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }
}

extension JSONValue {
    /// Compact JSON text, keeping member order and number text.
    public var compactString: String { JSONSerializer(style: .compact).string(self) }

    /// Indented JSON text, for people.
    public var prettyString: String { JSONSerializer(style: .pretty).string(self) }
}

/// String escaping of RFC 8785 §3.2.2.2: `"` and `\` escaped, the control characters as `\b`,
/// `\t`, `\n`, `\f`, `\r` or `\u00xx` (lowercase hex), everything else as literal UTF-8.
enum JSONStringEscaping {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func write(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { utf8 in write(utf8: utf8, into: &output) }
        if written == nil {
            var copy = string
            copy.withUTF8 { write(utf8: $0, into: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func write(utf8: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        // Most strings need no escaping: check eight bytes at a time, then copy them whole.
        if !needsEscaping(utf8) {
            output.append(contentsOf: utf8)
            return
        }
        var runStart = 0
        for position in 0..<utf8.count {
            let byte = utf8[position]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
            runStart = position + 1
            output.append(UInt8(ascii: "\\"))
            switch byte {
            case 0x22: output.append(0x22)
            case 0x5C: output.append(0x5C)
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x09: output.append(UInt8(ascii: "t"))
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            default:
                output.append(contentsOf: "u00".utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }

    /// Whether `utf8` holds a quote, a backslash or a control character (the zero-byte test of
    /// "Bit Twiddling Hacks" per word; bytes ≥ 0x80 never need escaping and are masked out).
    @inline(__always)
    static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var position = 0
        while position + 8 <= utf8.count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            if (((word &- ones &* 0x20) | (quote &- ones) | (backslash &- ones)) & ~word & highs) != 0 { return true }
            position += 8
        }
        while position < utf8.count {
            let byte = utf8[position]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
            position += 1
        }
        return false
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 of `string`, copying its contiguous storage when it has one.
    @inline(__always)
    mutating func appendUTF8(of string: String) {
        if string.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) == nil {
            append(contentsOf: string.utf8)
        }
    }
}
