import Foundation
public import StrictJSON
import VerifiableCredentials

extension JSONValue {
    /// `value` as JSON, for a credential subject or any claim built from an app's `Codable` types.
    ///
    /// The value goes through `JSONEncoder` and then the strict parser, so what is signed is exactly
    /// this JSON: members in code-point order of their keys (`.sortedKeys`: the same value always
    /// gives the same document), dates as ``DateTimeStamp`` text in UTC with fractional seconds when
    /// they have any (years 0000–9999), `Data` as base64. Refused with `invalidArgument`, naming the member:
    /// NaN and infinities (JSON has none), numbers without an exact I-JSON form (RFC 7493 §2.2:
    /// `UInt64.max`, a `Decimal` with more than 17 significant digits — another JSON reader would
    /// see a different number; encode such values as strings), nesting deeper than the parser's
    /// limit, and a value that encodes to no JSON document at all.
    public init(encoding value: some Encodable) throws(WalletError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            // Years 0000-9999 (XML Schema dateTimeStamp as the data model uses it); outside them
            // DateTimeStamp would clamp, and a NaN date has no instant at all.
            let seconds = date.timeIntervalSince1970
            guard seconds.isFinite, seconds >= Self.earliestSeconds, seconds < Self.endSeconds else {
                throw EncodingError.invalidValue(date, EncodingError.Context(
                    codingPath: encoder.codingPath, debugDescription: "a date outside the years 0000-9999"))
            }
            var container = encoder.singleValueContainer()
            try container.encode(DateTimeStamp(date).text)
        }
        let bytes: Data
        do { bytes = try encoder.encode(value) } catch let error as EncodingError {
            throw WalletError(.invalidArgument, "the value cannot be encoded as JSON: \(Self.describe(error))")
        } catch {
            throw WalletError(.invalidArgument, "the value cannot be encoded as JSON: \(error)")
        }
        let parsed: JSONValue
        do { parsed = try JSONValue(parsing: bytes) } catch {
            throw WalletError(.invalidArgument, "the encoded value is not strict JSON: \(error)")
        }
        if let (path, number) = Self.firstInexactNumber(in: parsed, path: "") {
            throw WalletError(.invalidArgument, """
                the value's \(path.isEmpty ? "top level" : "member \(path)") is the number \(number.text.prefix(40)), \
                which has no exact I-JSON form (RFC 7493 §2.2): encode it as a string
                """)
        }
        self = parsed
    }

    /// 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in seconds since 1970.
    static let earliestSeconds: Double = -62_167_219_200, endSeconds: Double = 253_402_300_800

    /// The first number (depth first, in member order) whose value a double cannot hold exactly.
    static func firstInexactNumber(in value: JSONValue, path: String) -> (String, JSONNumber)? {
        switch value {
        case .number(let number): return number.hasExactCanonicalForm ? nil : (path, number)
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = firstInexactNumber(in: element, path: "\(path)[\(index)]") { return found }
            }
        case .object(let object):
            for member in object {
                let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                if let found = firstInexactNumber(in: member.value, path: memberPath) { return found }
            }
        default: break
        }
        return nil
    }

    /// The coding path and reason of an `EncodingError`, for a message.
    static func describe(_ error: EncodingError) -> String {
        guard case .invalidValue(let value, let context) = error else { return "\(error)" }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        let at = path.isEmpty ? "" : " at \(path.hasPrefix(".") ? String(path.dropFirst()) : path)"
        // The type only: describing the value itself can trap (Foundation's `Date.description` on
        // a NaN date does), and bad input never crashes.
        return "a \(type(of: value))\(at): \(context.debugDescription)"
    }
}
