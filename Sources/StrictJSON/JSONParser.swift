public import Foundation

/// A strict RFC 8259 parser.
///
/// Everything the RFC leaves to implementations is decided for safety: duplicate member names
/// (at any depth), ill-formed UTF-8, lone surrogate escapes, trailing data, nesting deeper than
/// ``Options/maxDepth`` and input longer than ``Options/maxBytes`` are errors, each with a stable
/// ``JSONError/Code`` and the byte offset. No input makes it crash or run longer than linear time
/// (duplicate detection switches to hashing for large objects).
public struct JSONParser: Sendable {
    /// The limits a parser applies; every cost the input decides is bounded by them.
    public struct Options: Sendable, Hashable {
        /// The deepest nesting of arrays and objects accepted (1 to 1,000; default 64).
        public var maxDepth: Int {
            didSet { precondition((1...1000).contains(maxDepth), "maxDepth must be in 1...1000") }
        }
        /// The longest input accepted, in bytes (default 16 MiB).
        public var maxBytes: Int

        /// Limits for a parser.
        ///
        /// - Parameters:
        ///   - maxDepth: The deepest nesting accepted, 1 to 1,000.
        ///   - maxBytes: The longest input accepted, in bytes; not negative.
        public init(maxDepth: Int = 64, maxBytes: Int = 16 << 20) {
            precondition((1...1000).contains(maxDepth), "maxDepth must be in 1...1000")
            precondition(maxBytes >= 0, "maxBytes must not be negative")
            self.maxDepth = maxDepth
            self.maxBytes = maxBytes
        }

        /// The default limits: depth 64, 16 MiB.
        public static let `default` = Options()
    }

    /// The limits this parser applies.
    public var options: Options

    /// A parser with the given limits (``Options/default`` unless stated).
    public init(options: Options = .default) { self.options = options }

    /// Parses one JSON text.
    public func parse(_ bytes: some ContiguousBytes) throws(JSONError) -> JSONValue {
        let options = self.options
        let result: Result<JSONValue, JSONError> = bytes.withUnsafeBytes { raw in
            do throws(JSONError) {
                var state = ParserState(bytes: raw.bindMemory(to: UInt8.self), options: options)
                return .success(try state.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses one JSON text given as a string.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, JSONError> = copy.withUTF8 { buffer in
            do throws(JSONError) {
                var state = ParserState(bytes: buffer, options: options)
                return .success(try state.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

extension JSONValue {
    /// Parses `bytes` strictly with the default limits.
    public init(parsing bytes: some ContiguousBytes, options: JSONParser.Options = .default) throws(JSONError) {
        self = try JSONParser(options: options).parse(bytes)
    }

    /// Parses `text` strictly with the default limits.
    public init(parsing text: String, options: JSONParser.Options = .default) throws(JSONError) {
        self = try JSONParser(options: options).parse(text)
    }
}

/// The recursive-descent state over one input buffer.
struct ParserState {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: JSONParser.Options
    var index = 0
    var depth = 0
    /// Reused for strings with escapes, to avoid an allocation per string.
    var scratch: [UInt8] = []
    /// The first UTF-8 byte of the last string parsed (after unescaping; 0 when empty), for the
    /// duplicate-name filter.
    var lastStringFirstByte: UInt8 = 0

    init(bytes: UnsafeBufferPointer<UInt8>, options: JSONParser.Options) {
        self.bytes = bytes
        self.options = options
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        guard bytes.count <= options.maxBytes else {
            throw JSONError(.sizeLimitExceeded, "input of \(bytes.count) bytes exceeds the limit of \(options.maxBytes)", offset: options.maxBytes)
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else {
            throw JSONError(.trailingData, "unexpected data after the JSON value", offset: index)
        }
        return value
    }

    // MARK: Values

    @inline(__always)
    mutating func skipWhitespace() {
        // Compact JSON: the next byte is rarely whitespace.
        if index < bytes.count && bytes[index] > 0x20 { return }
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONError) -> JSONValue {
        guard index < bytes.count else {
            throw JSONError(.unexpectedEndOfInput, "expected a value", offset: index)
        }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw JSONError(.unexpectedCharacter, "unexpected byte 0x\(String(bytes[index], radix: 16)) where a value must start", offset: index)
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let length = literal.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: length)
        for offset in 0..<length {
            guard index + offset < bytes.count else {
                throw JSONError(.unexpectedEndOfInput, "input ends inside a literal", offset: index + offset)
            }
            guard bytes[index + offset] == expected[offset] else {
                throw JSONError(.unexpectedCharacter, "invalid literal", offset: index + offset)
            }
        }
        index += length
    }

    mutating func enterContainer() throws(JSONError) {
        depth += 1
        guard depth <= options.maxDepth else {
            throw JSONError(.depthLimitExceeded, "nesting deeper than \(options.maxDepth)", offset: index)
        }
    }

    mutating func parseArray() throws(JSONError) -> JSONValue {
        try enterContainer()
        index += 1  // [
        var elements: [JSONValue] = []
        elements.reserveCapacity(4)
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONError(.unexpectedEndOfInput, "input ends inside an array", offset: index)
            }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default:
                throw JSONError(.unexpectedCharacter, "expected ',' or ']' in an array", offset: index)
            }
        }
    }

    mutating func parseObject() throws(JSONError) -> JSONValue {
        try enterContainer()
        index += 1  // {
        var members: [JSONObject.Member] = []
        members.reserveCapacity(8)
        var seen: Set<UTF8Key>? = nil  // used once the object grows past a few members
        // Until then, one bit per name from its length and first byte: a name whose bit is not yet
        // set cannot repeat an earlier one, so most names skip the comparisons.
        var nameBits: UInt64 = 0
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject(uncheckedMembers: members))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONError(.unexpectedEndOfInput, "input ends inside an object", offset: index)
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw JSONError(.unexpectedCharacter, "expected a member name in double quotes", offset: index)
            }
            let keyOffset = index
            let key = try parseString()
            // Duplicate member names are rejected (RFC 8259 §4 leaves them undefined).
            if members.count < 16 {
                let bit: UInt64 = 1 << UInt64((key.utf8.count &* 7 &+ Int(lastStringFirstByte)) & 63)
                if nameBits & bit != 0 {
                    for member in members where sameScalars(member.key, key) {
                        throw JSONError(.duplicateKey, "duplicate member name \"\(key)\"", offset: keyOffset)
                    }
                }
                nameBits |= bit
                if members.count == 15 { seen = Set(members.map { UTF8Key($0.key) }); seen!.insert(UTF8Key(key)) }
            } else if seen!.insert(UTF8Key(key)).inserted == false {
                throw JSONError(.duplicateKey, "duplicate member name \"\(key)\"", offset: keyOffset)
            }
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONError(.unexpectedEndOfInput, "input ends inside an object", offset: index)
            }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw JSONError(.unexpectedCharacter, "expected ':' after a member name", offset: index)
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else {
                throw JSONError(.unexpectedEndOfInput, "input ends inside an object", offset: index)
            }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(JSONObject(uncheckedMembers: members))
            default:
                throw JSONError(.unexpectedCharacter, "expected ',' or '}' in an object", offset: index)
            }
        }
    }

    mutating func parseNumber() throws(JSONError) -> JSONNumber {
        switch NumberGrammar.scan(bytes, from: index) {
        case .success(let length):
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<index + length]), as: UTF8.self)
            index += length
            return JSONNumber(uncheckedText: text)
        case .failure(let offset):
            if offset >= bytes.count {
                throw JSONError(.unexpectedEndOfInput, "input ends inside a number", offset: offset)
            }
            throw JSONError(.invalidNumber, "invalid number", offset: offset)
        }
    }

    // MARK: Strings

    /// Parses a string starting at the opening quote (RFC 8259 §7).
    mutating func parseString() throws(JSONError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes. Skip plain ASCII eight bytes at a time, then scan byte by
        // byte, validating UTF-8 as we go.
        skipPlainASCII()
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                lastStringFirstByte = start < index ? bytes[start] : 0
                index += 1
                return string
            } else if byte == UInt8(ascii: "\\") {
                return try parseEscapedString(from: start)
            } else if byte < 0x20 {
                throw JSONError(.controlCharacterInString, "unescaped control character 0x\(String(byte, radix: 16)) in a string", offset: index)
            } else if byte < 0x80 {
                index += 1
            } else {
                index += try validateMultibyteScalar(at: index)
            }
        }
        throw JSONError(.unexpectedEndOfInput, "input ends inside a string", offset: index)
    }

    /// Advances over ASCII that needs no attention inside a string, eight bytes at a time, to the
    /// first quote, backslash, control character or byte ≥ 0x80 (the zero-byte test of "Bit
    /// Twiddling Hacks", applied to each kind of special byte). The test can flag a byte above a
    /// special one by mistake, never one below it, so the lowest flag is the special byte.
    @inline(__always)
    mutating func skipPlainASCII() {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            let special = ((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | word
            let flags = special & highs
            if flags != 0 {
                index += flags.trailingZeroBitCount >> 3
                return
            }
            index += 8
        }
    }

    /// The slow path, for strings with escapes: copies into `scratch`.
    mutating func parseEscapedString(from start: Int) throws(JSONError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                lastStringFirstByte = scratch.first ?? 0
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                try parseEscape()
            } else if byte < 0x20 {
                throw JSONError(.controlCharacterInString, "unescaped control character 0x\(String(byte, radix: 16)) in a string", offset: index)
            } else if byte < 0x80 {
                scratch.append(byte)
                index += 1
            } else {
                let length = try validateMultibyteScalar(at: index)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
                index += length
            }
        }
        throw JSONError(.unexpectedEndOfInput, "input ends inside a string", offset: index)
    }

    mutating func parseEscape() throws(JSONError) {
        let escapeOffset = index
        index += 1  // backslash
        guard index < bytes.count else {
            throw JSONError(.unexpectedEndOfInput, "input ends inside an escape", offset: index)
        }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw JSONError(.loneSurrogate, "high surrogate \\u\(String(unit, radix: 16)) without a low surrogate", offset: escapeOffset)
                }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONError(.loneSurrogate, "high surrogate \\u\(String(unit, radix: 16)) followed by \\u\(String(low, radix: 16))", offset: escapeOffset)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw JSONError(.loneSurrogate, "low surrogate \\u\(String(unit, radix: 16)) without a high surrogate", offset: escapeOffset)
            }
            appendUTF8(scalarValue)
        default:
            throw JSONError(.invalidEscape, "invalid escape '\\\(Character(Unicode.Scalar(byte)))'", offset: escapeOffset)
        }
    }

    mutating func parseHex4() throws(JSONError) -> UInt16 {
        guard index + 4 <= bytes.count else {
            throw JSONError(.unexpectedEndOfInput, "input ends inside a \\u escape", offset: index)
        }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONError(.invalidEscape, "invalid hex digit in a \\u escape", offset: index)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The length of the well-formed multi-byte UTF-8 sequence at `offset` (RFC 3629 §4, which
    /// excludes overlong forms, surrogates and values above U+10FFFF).
    func validateMultibyteScalar(at offset: Int) throws(JSONError) -> Int {
        let lead = bytes[offset]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F
        case 0xF0: length = 4; lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F
        default:
            throw JSONError(.invalidUTF8, "byte 0x\(String(lead, radix: 16)) cannot start a UTF-8 sequence", offset: offset)
        }
        guard offset + length <= bytes.count else {
            throw JSONError(.invalidUTF8, "truncated UTF-8 sequence", offset: offset)
        }
        let second = bytes[offset + 1]
        guard second >= lowerBound && second <= upperBound else {
            throw JSONError(.invalidUTF8, "invalid UTF-8 continuation byte", offset: offset + 1)
        }
        for position in (offset + 2)..<(offset + length) where bytes[position] & 0xC0 != 0x80 {
            throw JSONError(.invalidUTF8, "invalid UTF-8 continuation byte", offset: position)
        }
        return length
    }
}

/// A set key that compares strings by their UTF-8 bytes, not by canonical equivalence.
struct UTF8Key: Hashable {
    let string: String
    init(_ string: String) { self.string = string }
    static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool { sameScalars(lhs.string, rhs.string) }
    func hash(into hasher: inout Hasher) { hasher.combineUTF8(of: string) }
}
