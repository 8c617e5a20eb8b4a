import Foundation
import StrictJSON
import TestSupport
import Testing

/// `JSONNumber.hasExactCanonicalForm`: whether a number's text has exactly the value of its
/// RFC 8785 form (I-JSON, RFC 7493 §2.2; RFC 8785 §3.1).
@Suite("I-JSON numbers: exact canonical form")
struct ExactCanonicalFormTests {
    static let exact = ["0", "-0", "0.0", "-0.0e5", "1", "1.0", "1e2", "1E+2", "100", "0.1", "0.5", "-2.50", "4.50", "1e21", "1E30",
                        "2e-3", "0.000000000000000000000000001", "5e-324", "9007199254740992", "-9007199254740992",
                        "123456789012345", "333333333.3333333", "1.7976931348623157e308", "0e999999999999999999999"]
    static let inexact = ["9007199254740993", "12345678901234567890", "-12345678901234567890", "12345678901234567999",
                          "0.10000000000000000001", "333333333.33333329", "1E400", "-1e400", "1e-400", "2.4703282292062328e-324",
                          "1.7976931348623159e308", "123456789012345678901234567890", "1e999999999999999999999"]

    @Test("Examples", arguments: exact.map { ($0, true) } + inexact.map { ($0, false) })
    func example(_ text: String, _ expected: Bool) throws {
        let number = try #require(JSONNumber(text: text))
        #expect(number.hasExactCanonicalForm == expected)
    }

    /// The reference: Foundation's `Decimal` (38 significant digits, exponents −128…127) parses
    /// the text and Swift's shortest round-trip `description` of the double, and compares them.
    static func reference(_ text: String) -> Bool? {
        guard let double = Double(text), double.isFinite else { return false }
        guard let fromText = Decimal(string: text), let fromDouble = Decimal(string: double.description) else { return nil }
        return fromText == fromDouble
    }

    @Test("Property: agrees with a Decimal reference on seeded random numbers, exact ones and near misses")
    func property() throws {
        var generator = SeededGenerator(seed: 34)
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
        }
        var checked = 0, exactCount = 0
        for round in 0..<20_000 {
            var text: String
            if round % 2 == 0 {
                // Random digits: mostly more than a double holds.
                text = Bool.random(using: &generator) ? "-" : ""
                let integer = Int.random(in: 0...20, using: &generator)
                text += integer == 0 ? "0" : String(Int.random(in: 1...9, using: &generator)) + digits(integer - 1)
                if Bool.random(using: &generator) { text += "." + digits(Int.random(in: 1...18, using: &generator)) }
                if Bool.random(using: &generator) { text += (Bool.random(using: &generator) ? "e" : "E") + String(Int.random(in: -60...60, using: &generator)) }
            } else {
                // A double's shortest digits laid out another way (trailing zeros, a shifted
                // exponent), with the last digit sometimes changed or a digit appended.
                let double = Double(bitPattern: UInt64.random(in: 0x3A00_0000_0000_0000...0x4500_0000_0000_0000, using: &generator))
                let parts = double.description.split(separator: "e")
                var mantissa = String(parts[0]).replacingOccurrences(of: ".", with: "")
                let pointShift = parts[0].firstIndex(of: ".").map { parts[0].distance(from: parts[0].startIndex, to: $0) } ?? parts[0].count
                var exponent = (parts.count > 1 ? Int(parts[1])! : 0) + pointShift - mantissa.count
                switch Int.random(in: 0...3, using: &generator) {
                case 0: mantissa += "000"; exponent -= 3
                case 1: mantissa += String(Int.random(in: 1...9, using: &generator)); exponent -= 1
                case 2:
                    let last = mantissa.removeLast()
                    mantissa.append(last == "9" ? "8" : Character(String(last.wholeNumberValue! + 1)))
                default: break
                }
                while mantissa.count > 1 && mantissa.hasPrefix("0") { mantissa.removeFirst() }
                text = mantissa + "e" + String(exponent)
            }
            let number = try #require(JSONNumber(text: text), "\(text)")
            guard let expected = Self.reference(text) else { continue }
            #expect(number.hasExactCanonicalForm == expected, "\(text)")
            checked += 1
            if expected { exactCount += 1 }
        }
        // The generator reaches both outcomes often.
        #expect(checked > 19_000 && exactCount > 4_000 && checked - exactCount > 4_000, "\(checked) checked, \(exactCount) exact")
    }
}
