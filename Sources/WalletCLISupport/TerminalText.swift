/// Text for the terminal in which every interpolated value is escaped: the one place where
/// strings from credentials, presentations, status lists, DID documents and verifiers are made
/// safe to print (security requirement 42, [decision 0014](../../../docs/decisions/0014-bounded-input-and-terminal-text.md)).
///
/// The literal parts of a `TerminalText` are the program's own and are kept as written (tabs
/// between columns, newlines); every interpolated value has its control characters written as
/// visible escapes, `\u{1B}` style (see ``escaped(_:)``), so a value can neither move the cursor,
/// retitle the window, clear the screen, start a new line, nor reorder what is displayed.
///
/// ```swift
/// Terminal.printLine("\(credential.id)\t\(credential.issuer)")   // the tab is kept; the values are escaped
/// ```
package struct TerminalText: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    /// The text, escaped, ready to be written.
    package private(set) var description: String

    package init(stringLiteral value: String) { description = value }

    package init(stringInterpolation: Interpolation) { description = stringInterpolation.text }

    /// A whole value from outside, escaped.
    package init(escaping value: some StringProtocol) { description = Self.escaped(value) }

    package struct Interpolation: StringInterpolationProtocol {
        package var text = ""

        package init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity + 16 * interpolationCount) }

        package mutating func appendLiteral(_ literal: String) { text += literal }

        /// Already escaped text (a column rendered by a command), kept as it is.
        package mutating func appendInterpolation(_ value: TerminalText) { text += value.description }

        /// Any other value: escaped.
        package mutating func appendInterpolation(_ value: some Any) { text += TerminalText.escaped(String(describing: value)) }
    }

    /// Whether `scalar` must not reach a terminal as it is: the C0 controls (U+0000–U+001F, tab
    /// and line feed included), DEL (U+007F), the C1 controls (U+0080–U+009F), and the bidi
    /// controls that reorder what is displayed — ALM (U+061C), LRM and RLM (U+200E, U+200F), the
    /// embeddings and overrides (U+202A–U+202E), the isolates (U+2066–U+2069); and the
    /// invisible ones that split or hide text — zero width space, non-joiner and joiner
    /// (U+200B–U+200D), the line and paragraph separators (U+2028, U+2029), and the byte order
    /// mark / zero width no-break space (U+FEFF).
    package static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200B...0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// `text` with each scalar of ``mustEscape(_:)`` written as `\u{XX}` (upper-case hex, at
    /// least two digits): ESC is `\u{1B}`, a tab `\u{09}`, U+202E `\u{202E}`. Everything else —
    /// including a backslash — is kept, so ordinary text reads as it is; the exact value is in
    /// `--json`.
    package static func escaped(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: mustEscape) else { return String(text) }
        var output = ""
        output.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 16)
        for scalar in text.unicodeScalars {
            if mustEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output += "\\u{" + (hex.count < 2 ? "0" + hex : hex) + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Serialized JSON made safe for a terminal and still the same JSON: the scalars of
    /// ``mustEscape(_:)`` that a JSON serializer writes as they are (DEL, C1, bidi, the invisible
    /// ones; it already
    /// writes C0 as `\u00xx`) become `\u00xx` escapes. They can only occur inside strings, where
    /// the escape means the same character, so the document parses back to exactly the same
    /// value.
    package static func jsonEscaped(_ json: [UInt8]) -> [UInt8] {
        guard json.contains(where: { $0 >= 0x7F }) else { return json }
        var output: [UInt8] = []
        output.reserveCapacity(json.count + 64)
        var index = 0
        func escape(_ value: UInt32, length: Int) {
            let hex = Array(String(value, radix: 16).utf8)
            output += Array("\\u".utf8) + Array(repeating: UInt8(ascii: "0"), count: 4 - hex.count) + hex
            index += length
        }
        while index < json.count {
            let byte = json[index]
            let next = index + 1 < json.count ? json[index + 1] : 0
            let third = index + 2 < json.count ? json[index + 2] : 0
            switch byte {
            case 0x7F:
                escape(0x7F, length: 1)
            case 0xC2 where (0x80...0x9F).contains(next):  // U+0080–U+009F
                escape(UInt32(next), length: 2)
            case 0xD8 where next == 0x9C:  // U+061C
                escape(0x061C, length: 2)
            case 0xE2 where next == 0x80 && ((0x8B...0x8F).contains(third) || (0xA8...0xAE).contains(third)):  // U+200B–U+200F, U+2028–U+202E
                escape(0x2000 + UInt32(third & 0x3F), length: 3)
            case 0xEF where next == 0xBB && third == 0xBF:  // U+FEFF
                escape(0xFEFF, length: 3)
            case 0xE2 where next == 0x81 && (0xA6...0xA9).contains(third):  // U+2066–U+2069
                escape(0x2040 + UInt32(third & 0x3F), length: 3)
            default:
                output.append(byte)
                index += 1
            }
        }
        return output
    }
}
