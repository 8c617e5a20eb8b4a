/// N-Quads (RDF 1.1 N-Quads §5 grammar): parsing, and the canonical form of RDF 1.1 N-Triples
/// §4 extended to quads that RDF Dataset Canonicalization uses (RDFC-1.0 §5).
public enum NQuads {
    /// Parses an N-Quads document. Duplicate statements are kept once (a dataset is a set).
    public static func parse(_ text: String) throws(JSONLDError) -> [RDFQuad] {
        var parser = NQuadsParser(scalars: Array(text.unicodeScalars))
        var quads: [RDFQuad] = []
        var seen = Set<RDFQuad>()
        while let quad = try parser.nextStatement() {
            if seen.insert(quad).inserted { quads.append(quad) }
        }
        return quads
    }

    /// How string literals are escaped.
    public enum Escaping: Sendable {
        /// RDFC-1.0 / RDF 1.1 N-Triples canonical form: ECHAR for `\b \t \n \f \r \" \\`,
        /// UCHAR for the other control characters.
        case canonical
        /// URDNA2015 as deployed before RDFC-1.0 (jsonld.js ≤ 2023, SpruceID ssi/didkit): only
        /// `\" \\ \n \r` are escaped, other control characters are written as they are.
        case urdna2015
    }

    /// One quad in canonical N-Quads form, with its final newline.
    public static func serialize(_ quad: RDFQuad, escaping: Escaping = .canonical) -> String {
        serialize(quad, escaping: escaping) { $0 }
    }

    /// One quad in canonical form, with blank node identifiers replaced by `label`.
    static func serialize(_ quad: RDFQuad, escaping: Escaping = .canonical, label: (String) -> String) -> String {
        var bytes: [UInt8] = []
        write(quad, into: &bytes, escaping: escaping, label: label)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one quad's canonical form (UTF-8, with its newline) to `out`: canonicalization
    /// hashes and sorts these bytes directly.
    static func write(_ quad: RDFQuad, into out: inout [UInt8], escaping: Escaping = .canonical, label: (String) -> String) {
        out.reserveCapacity(out.count + 160)
        write(quad.subject, into: &out, escaping: escaping, label: label)
        out.append(0x20)
        write(quad.predicate, into: &out, escaping: escaping, label: label)
        out.append(0x20)
        write(quad.object, into: &out, escaping: escaping, label: label)
        if let graph = quad.graph {
            out.append(0x20)
            write(graph, into: &out, escaping: escaping, label: label)
        }
        out.append(contentsOf: [0x20, UInt8(ascii: "."), 0x0A])
    }

    static func write(_ term: RDFTerm, into out: inout [UInt8], escaping: Escaping, label: (String) -> String) {
        switch term {
        case .iri(let iri):
            out.append(UInt8(ascii: "<"))
            out.append(contentsOf: iri.utf8)
            out.append(UInt8(ascii: ">"))
        case .blankNode(let identifier):
            out.append(contentsOf: [UInt8(ascii: "_"), UInt8(ascii: ":")])
            out.append(contentsOf: label(identifier).utf8)
        case .literal(let literal):
            out.append(UInt8(ascii: "\""))
            writeEscaped(literal.value, into: &out, escaping: escaping)
            out.append(UInt8(ascii: "\""))
            if let language = literal.language {
                out.append(UInt8(ascii: "@"))
                out.append(contentsOf: language.utf8)
            } else if literal.datatype != RDFLiteral.xsdString {
                out.append(contentsOf: [UInt8(ascii: "^"), UInt8(ascii: "^"), UInt8(ascii: "<")])
                out.append(contentsOf: literal.datatype.utf8)
                out.append(UInt8(ascii: ">"))
            }
        }
    }

    static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Canonical string escapes: `\"`, `\\`, `\n`, `\r`, `\b`, `\t`, `\f` as ECHAR; other
    /// control characters (U+0000–U+001F, U+007F) as `\u` with four uppercase hex digits;
    /// everything else as itself (URDNA2015 escaping: only the first four). The special
    /// characters are all ASCII, so the UTF-8 bytes are scanned directly.
    static func writeEscaped(_ value: String, into out: inout [UInt8], escaping: Escaping) {
        // Most literals need no escape: copy them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
            out.append(contentsOf: value.utf8)
            return
        }
        for byte in value.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x08 where escaping == .canonical: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09 where escaping == .canonical: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0C where escaping == .canonical: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00...0x1F where escaping == .canonical, 0x7F where escaping == .canonical:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
            default: out.append(byte)
            }
        }
    }
}

/// The N-Quads grammar over Unicode scalars.
struct NQuadsParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1

    init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    func error(_ message: String) -> JSONLDError { JSONLDError(.invalidNQuads, "line \(line): \(message)") }

    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    /// Skips spaces, tabs, comments and line ends; stops at the next statement.
    mutating func skipBlankLines() {
        while let scalar = current {
            switch scalar {
            case " ", "\t", "\r": index += 1
            case "\n": index += 1; line += 1
            case "#": while let next = current, next != "\n" && next != "\r" { index += 1 }
            default: return
            }
        }
    }

    mutating func skipSpaces() {
        while let scalar = current, scalar == " " || scalar == "\t" { index += 1 }
    }

    mutating func nextStatement() throws(JSONLDError) -> RDFQuad? {
        skipBlankLines()
        guard current != nil else { return nil }
        let subject = try term()
        if case .literal = subject { throw error("a subject cannot be a literal") }
        return try rest(subject: subject)
    }

    mutating func rest(subject: RDFTerm) throws(JSONLDError) -> RDFQuad {
        skipSpaces()
        let predicate = try term()
        guard case .iri = predicate else { throw error("a predicate must be an IRI") }
        skipSpaces()
        let object = try term()
        skipSpaces()
        var graph: RDFTerm?
        if current != "." {
            graph = try term()
            if case .literal = graph { throw error("a graph label cannot be a literal") }
            skipSpaces()
        }
        guard current == "." else { throw error("expected '.' at the end of a statement") }
        index += 1
        skipSpaces()
        if current == "#" { while let next = current, next != "\n" && next != "\r" { index += 1 } }
        guard current == nil || current == "\n" || current == "\r" else { throw error("unexpected text after '.'") }
        return RDFQuad(subject: subject, predicate: predicate, object: object, graph: graph)
    }

    mutating func term() throws(JSONLDError) -> RDFTerm {
        switch current {
        case "<": return .iri(try iri())
        case "_": return .blankNode(try blankNode())
        case "\"": return .literal(try literal())
        default: throw error("expected an IRI, a blank node or a literal")
        }
    }

    mutating func iri() throws(JSONLDError) -> String {
        index += 1  // <
        var value = String.UnicodeScalarView()
        while let scalar = current {
            index += 1
            switch scalar {
            case ">":
                let text = String(value)
                guard text.contains(":") else { throw error("<\(text)> is not an absolute IRI") }
                return text
            case "\\":
                let decoded = try unicodeEscape()
                guard !Self.forbiddenInIRI(decoded) else { throw error("an escaped character not allowed in an IRI") }
                value.append(decoded)
            default:
                guard !Self.forbiddenInIRI(scalar) else { throw error("character U+\(String(scalar.value, radix: 16)) not allowed in an IRI") }
                value.append(scalar)
            }
        }
        throw error("unterminated IRI")
    }

    static func forbiddenInIRI(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value <= 0x20 || "<>\"{}|^`\\".unicodeScalars.contains(scalar)
    }

    /// `\uXXXX` or `\UXXXXXXXX` (the backslash already read).
    mutating func unicodeEscape() throws(JSONLDError) -> Unicode.Scalar {
        guard let marker = current, marker == "u" || marker == "U" else { throw error("only \\u and \\U escapes are allowed here") }
        index += 1
        let digits = marker == "u" ? 4 : 8
        guard index + digits <= scalars.count else { throw error("truncated \\\(marker) escape") }
        var value: UInt32 = 0
        for offset in 0..<digits {
            guard let digit = Self.hexValue(scalars[index + offset]) else {
                throw error("invalid hex digit in an escape")
            }
            value = value << 4 | digit
        }
        index += digits
        guard let scalar = Unicode.Scalar(value) else { throw error("escape U+\(String(value, radix: 16)) is not a Unicode scalar value") }
        return scalar
    }

    static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x30...0x39: scalar.value - 0x30
        case 0x41...0x46: scalar.value - 0x41 + 10
        case 0x61...0x66: scalar.value - 0x61 + 10
        default: nil
        }
    }

    mutating func blankNode() throws(JSONLDError) -> String {
        guard index + 1 < scalars.count, scalars[index + 1] == ":" else { throw error("expected '_:'") }
        index += 2
        var label = String.UnicodeScalarView()
        while let scalar = current, Self.isLabelCharacter(scalar, first: label.isEmpty) { label.append(scalar); index += 1 }
        // A label cannot end with '.': that dot ends the statement.
        while let last = label.last, last == "." { label.removeLast(); index -= 1 }
        guard !label.isEmpty else { throw error("empty blank node label") }
        return String(label)
    }

    static func isLabelCharacter(_ scalar: Unicode.Scalar, first: Bool) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_": return true
        case "-", ".", "\u{B7}": return !first
        default: return scalar.value >= 0xC0 && scalar.value != 0xD7 && scalar.value != 0xF7 && !(0x2000...0x200B).contains(scalar.value)
        }
    }

    mutating func literal() throws(JSONLDError) -> RDFLiteral {
        index += 1  // "
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = current else { throw error("unterminated string") }
            index += 1
            switch scalar {
            case "\"":
                return try literalSuffix(String(value))
            case "\n", "\r":
                throw error("a line end inside a string")
            case "\\":
                guard let escaped = current else { throw error("unterminated escape") }
                switch escaped {
                case "t": value.append("\t"); index += 1
                case "b": value.append("\u{08}"); index += 1
                case "n": value.append("\n"); index += 1
                case "r": value.append("\r"); index += 1
                case "f": value.append("\u{0C}"); index += 1
                case "\"": value.append("\""); index += 1
                case "'": value.append("'"); index += 1
                case "\\": value.append("\\"); index += 1
                default: value.append(try unicodeEscape())
                }
            default:
                value.append(scalar)
            }
        }
    }

    mutating func literalSuffix(_ value: String) throws(JSONLDError) -> RDFLiteral {
        if current == "@" {
            index += 1
            var tag = ""
            var part = 0
            while let scalar = current, ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" {
                if scalar == "-" { part += 1 } else if part == 0, ("0"..."9").contains(scalar) { throw error("a language tag starts with letters") }
                tag.unicodeScalars.append(scalar)
                index += 1
            }
            guard !tag.isEmpty, !tag.hasPrefix("-"), !tag.hasSuffix("-"), !tag.contains("--") else { throw error("invalid language tag @\(tag)") }
            return RDFLiteral(value, language: tag)
        }
        if current == "^" {
            guard index + 1 < scalars.count, scalars[index + 1] == "^" else { throw error("expected '^^'") }
            index += 2
            guard current == "<" else { throw error("a datatype is an IRI") }
            return RDFLiteral(value, datatype: try iri())
        }
        return RDFLiteral(value)
    }
}
