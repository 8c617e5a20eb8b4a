import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import VerifiableCredentials
import WalletCrypto

/// Security requirement 37: date-times keep their exact instant (fractions, offsets) and are
/// compared without floating-point rounding.
@Suite("DateTimeStamp: exact instants, strict parsing")
struct DateTimeStampTests {
    func stamp(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> DateTimeStamp {
        try #require(DateTimeStamp(parsing: text), "\(text)", sourceLocation: sourceLocation)
    }

    @Test("The instant is whole seconds with the offset applied plus the exact fraction digits; the text is kept")
    func exactInstant() throws {
        let until = try stamp("2099-12-31T23:59:59.999999999Z")
        #expect(until.secondsSince1970 == 4_102_444_799 && until.fractionDigits == "999999999")
        #expect(until.text == "2099-12-31T23:59:59.999999999Z" && until.description == until.text)
        #expect(try until < (stamp("2100-01-01T00:00:00Z")) && until != (stamp("2100-01-01T00:00:00Z")))
        let from = try stamp("2025-03-01T08:00:00.5+07:00")
        #expect(from.secondsSince1970 == 1_740_790_800 && from.fractionDigits == "5" && from.text == "2025-03-01T08:00:00.5+07:00")
        // The same instant in other zones and spellings: equal, same hash, same order; texts differ.
        for other in ["2025-03-01T01:00:00.5Z", "2025-02-28T20:30:00.500-04:30", "2025-03-01T01:00:00.50000000000000-00:00"] {
            let same = try stamp(other)
            #expect(same == from && same.hashValue == from.hashValue && !(same < from) && !(from < same), "\(other)")
            #expect(same.text == other)
        }
        #expect(try Set([from, stamp("2025-03-01T01:00:00.5Z")]).count == 1)
        #expect(try stamp("2025-03-01T01:00:00.4999999999999Z") < from && from < (try stamp("2025-03-01T01:00:00.5000000000001Z")))
        // Rounded to the second both ways, for NumericDates.
        #expect(from.secondsSince1970RoundedUp == 1_740_790_801 && until.secondsSince1970RoundedUp == 4_102_444_800)
        #expect(try stamp("2100-01-01T00:00:00Z").secondsSince1970RoundedUp == 4_102_444_800)
        // Before 1970 the whole seconds are the floor: -0.5 s is -1 s + 0.5.
        let beforeEpoch = try stamp("1969-12-31T23:59:59.5Z")
        #expect(beforeEpoch.secondsSince1970 == -1 && beforeEpoch.fractionDigits == "5" && beforeEpoch.secondsSince1970RoundedUp == 0)
    }

    @Test("Fractions longer than nine digits are compared digit by digit")
    func longFractions() throws {
        let midnight = try stamp("2030-01-01T00:00:00Z")
        let justAfter = try stamp("2030-01-01T00:00:00.0000000001Z")
        let justBefore = try stamp("2029-12-31T23:59:59.9999999999Z")
        #expect(try justBefore < midnight && midnight < justAfter && justAfter < (stamp("2030-01-01T00:00:00.000000001Z")))
        #expect(justAfter.fractionDigits == "0000000001" && justBefore.fractionDigits == "9999999999")
        #expect(try stamp("2030-01-01T00:00:00.00000000010000Z") == justAfter)
        #expect(try stamp("2030-01-01T00:00:00.000000000000000000000000000001Z") > midnight)
        // Against a Date: a Double cannot tell these apart from midnight; the comparison still does.
        let date = Date(timeIntervalSince1970: 1_893_456_000)
        #expect(justAfter.isAfter(date) && !justAfter.isBefore(date))
        #expect(justBefore.isBefore(date) && !justBefore.isAfter(date))
        #expect(!midnight.isBefore(date) && !midnight.isAfter(date))
        #expect(justBefore.isBefore(date.addingTimeInterval(300), tolerance: 300) && !justAfter.isBefore(date.addingTimeInterval(300), tolerance: 300))
        #expect(justAfter.isAfter(date.addingTimeInterval(-300), tolerance: 300) && !justBefore.isAfter(date.addingTimeInterval(-300), tolerance: 300))
    }

    @Test("Comparisons with now ± skew are exact at the boundary")
    func boundaries() throws {
        let until = try stamp("2099-12-31T23:59:59.999999999Z")
        let boundary = Date(timeIntervalSince1970: 4_102_444_800 + 300)  // 2100-01-01T00:00:00Z + 5 min
        #expect(until.isBefore(boundary, tolerance: 300))
        #expect(!until.isBefore(Date(timeIntervalSince1970: 4_102_445_099.999_999_5), tolerance: 300))  // the Double just below
        #expect(until.isBefore(Date(timeIntervalSince1970: 4_102_444_800)) && !until.isBefore(Date(timeIntervalSince1970: 4_102_444_799.5)))
        let from = try stamp("2025-03-01T08:00:00.5+07:00")
        #expect(from.isAfter(Date(timeIntervalSince1970: 1_740_790_800)) && !from.isAfter(Date(timeIntervalSince1970: 1_740_790_800.5)))
        #expect(!from.isAfter(Date(timeIntervalSince1970: 1_740_790_800.25), tolerance: 0.25))  // equal is not after
        #expect(from.isAfter(Date(timeIntervalSince1970: 1_740_790_800.25), tolerance: 0.2))
        #expect(!from.isAfter(Date(timeIntervalSince1970: 1_740_790_500.5), tolerance: 300))
        #expect(from.isAfter(Date(timeIntervalSince1970: 1_740_790_500.499_999_8), tolerance: 300))
        // Far dates and tolerances neither crash nor wrap around.
        #expect(until.isBefore(.distantFuture) && until.isAfter(.distantPast))
        #expect(until.isBefore(Date(timeIntervalSince1970: 1e300)) && until.isAfter(Date(timeIntervalSince1970: -1e300)))
        #expect(!until.isBefore(Date(timeIntervalSince1970: 1e300), tolerance: .infinity) && until.isAfter(Date(), tolerance: -1e300))
        // A NaN tolerance (a --clock-skew nan) is no tolerance: the checks stay on.
        #expect(until.isBefore(boundary.addingTimeInterval(-299), tolerance: .nan) && until.isAfter(Date(timeIntervalSince1970: 4_102_444_799), tolerance: .nan))
    }

    @Test("24:00:00 is the end of the day: the next day's midnight")
    func endOfDay() throws {
        #expect(try stamp("2024-12-31T24:00:00Z") == (try stamp("2025-01-01T00:00:00Z")))
        #expect(try stamp("2024-02-28T24:00:00Z") == (try stamp("2024-02-29T00:00:00Z")))
        #expect(try stamp("2024-02-29T24:00:00.000+07:00") == (try stamp("2024-02-29T17:00:00Z")))
        #expect(try stamp("2024-12-31T24:00:00Z").text == "2024-12-31T24:00:00Z")
        for text in ["2024-12-31T24:00:00.1Z", "2024-12-31T24:00:01Z", "2024-12-31T24:01:00Z", "2024-12-31T25:00:00Z"] {
            #expect(DateTimeStamp(parsing: text) == nil, "\(text)")
        }
    }

    @Test("Leap days of the proleptic Gregorian calendar", arguments: [
        ("2024-02-29", true), ("2000-02-29", true), ("1600-02-29", true), ("0000-02-29", true), ("2400-02-29", true),
        ("2023-02-29", false), ("1900-02-29", false), ("2100-02-29", false), ("0100-02-29", false),
        ("2024-02-30", false), ("2024-04-31", false), ("2024-06-31", false), ("2024-09-31", false), ("2024-11-31", false), ("2024-12-31", true),
    ])
    func leapDays(_ day: String, _ valid: Bool) {
        #expect((DateTimeStamp(parsing: "\(day)T12:00:00Z") != nil) == valid, "\(day)")
    }

    @Test("Time zones Z and ±hh:mm up to ±14:00 (XML Schema 1.1 timezoneFrag)")
    func zones() throws {
        let utc = try stamp("2025-01-01T00:00:00Z")
        #expect(utc.secondsSince1970 == 1_735_689_600)
        #expect(try stamp("2025-01-01T14:00:00+14:00") == utc && (try stamp("2024-12-31T10:00:00-14:00")) == utc)
        #expect(try stamp("2025-01-01T05:45:00+05:45") == utc && (try stamp("2025-01-01T00:00:00-00:00")) == utc)
        #expect(try stamp("2024-12-31T20:30:00-03:30") == utc && (try stamp("2025-01-01T13:59:00+13:59")) == utc)
        for zone in ["+14:01", "-14:30", "+15:00", "+05:60", "+0700", "+07", "+7:00", "+07:00Z", "Z+07:00", "z", "UTC", "GMT", "+07:00:00"] {
            #expect(DateTimeStamp(parsing: "2025-01-01T00:00:00\(zone)") == nil, "\(zone)")
        }
    }

    static let refused = [
        "", "2024-01-01T00:00:00", "2024-01-01", "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z", "2024-01-01 00:00:00Z",
        "+2024-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "12024-01-01T00:00:00Z", "224-01-01T00:00:00Z", "2024-1-01T00:00:00Z",
        "2024-01-1T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-32T00:00:00Z",
        "2024-01-01T0:00:00Z", "2024-01-01T00:0:00Z", "2024-01-01T00:00:0Z", "2024-01-01T00:00Z", "2024-01-01T23:60:00Z",
        "2024-01-01T23:59:60Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00,5Z", "2024-01-01T00:00:00.5.5Z", " 2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00Z ", "2024-01-01T00:00:00Z\n", "２０２４-01-01T00:00:00Z", "2024-01-01T00:00:00.５Z", "2024‐01‐01T00:00:00Z",
        "2024-01-01T00:00:00\u{0}Z", "2024-01-01T00:00:00.-5Z", "2024-01-01T00:00:00+-07:00", "10000-01-01T00:00:00Z",
    ]

    @Test("Anything else is refused", arguments: refused)
    func refusals(_ text: String) {
        #expect(DateTimeStamp(parsing: text) == nil, "\(text.debugDescription)")
    }

    @Test("Years 0000 to 9999, whatever the zone does to the UTC instant")
    func yearRange() throws {
        #expect(try stamp("0000-01-01T00:00:00Z").secondsSince1970 == -62_167_219_200)
        #expect(try stamp("0000-01-01T00:00:00+14:00").secondsSince1970 == -62_167_219_200 - 50_400)
        let last = try stamp("9999-12-31T23:59:59.999999999999Z")
        #expect(last.secondsSince1970 == 253_402_300_799 && last.fractionDigits == "999999999999")
        #expect(try stamp("9999-12-31T24:00:00-14:00").secondsSince1970 == 253_402_300_800 + 50_400)
    }

    @Test("From a Date: whole seconds and the nearest nanosecond, written in UTC; wholeSecondsOf drops the fraction")
    func fromDate() throws {
        #expect(DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000)).text == "2023-11-14T22:13:20Z")
        #expect(DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000.25)).text == "2023-11-14T22:13:20.25Z")
        // A Date is a Double: 1_700_000_000.1 is 1_700_000_000.0999999046…, and that is what is written.
        #expect(DateTimeStamp(Date(timeIntervalSince1970: 1_700_000_000.1)).text == "2023-11-14T22:13:20.099999905Z")
        let beforeEpoch = DateTimeStamp(Date(timeIntervalSince1970: -0.5))
        #expect(beforeEpoch.text == "1969-12-31T23:59:59.5Z" && beforeEpoch.secondsSince1970 == -1)
        #expect(DateTimeStamp(wholeSecondsOf: Date(timeIntervalSince1970: 1_700_000_000.9)).text == "2023-11-14T22:13:20Z")
        #expect(DateTimeStamp(wholeSecondsOf: Date(timeIntervalSince1970: -0.5)).text == "1969-12-31T23:59:59Z")
        // Beyond four-digit years: clamped, never a crash.
        #expect(DateTimeStamp(Date(timeIntervalSince1970: 1e15)).text == "9999-12-31T23:59:59.999999999Z")
        #expect(DateTimeStamp(Date(timeIntervalSince1970: -1e300)).text == "0000-01-01T00:00:00Z")
        #expect(DateTimeStamp(wholeSecondsOf: .distantFuture).text == "4001-01-01T00:00:00Z")
        // Seeded round trips: the text parses back to the same instant; `date` is within a microsecond.
        var generator = SeededGenerator(seed: 37)
        for _ in 0..<2000 {
            let seconds = Double(Int64.random(in: -62_167_219_200...253_402_300_799, using: &generator))
            let date = Date(timeIntervalSince1970: seconds + Double(Int.random(in: 0..<1000, using: &generator)) / 1000)
            let written = DateTimeStamp(date)
            #expect(try stamp(written.text) == written, "\(written.text)")
            #expect(abs(written.date.timeIntervalSince(date)) < 1e-6, "\(written.text)")
            #expect(DateTimeStamp(wholeSecondsOf: date).text == DateTimeStamp.format(date))
        }
    }

    @Test("NumericDates (RFC 7519 §2) are read exactly, fractions and exponents included", arguments: [
        ("4102444799", "2099-12-31T23:59:59Z"), ("4102444799.9999999999", "2099-12-31T23:59:59.9999999999Z"),
        ("1.7e9", "2023-11-14T22:13:20Z"), ("17E8", "2023-11-14T22:13:20Z"), ("1700000000.50", "2023-11-14T22:13:20.5Z"),
        ("0", "1970-01-01T00:00:00Z"), ("-0", "1970-01-01T00:00:00Z"), ("0.0", "1970-01-01T00:00:00Z"), ("-0.5", "1969-12-31T23:59:59.5Z"),
        ("-1.25", "1969-12-31T23:59:58.75Z"), ("1e-5", "1970-01-01T00:00:00.00001Z"), ("1E+2", "1970-01-01T00:01:40Z"),
        ("253402300799", "9999-12-31T23:59:59Z"), ("-62167219200", "0000-01-01T00:00:00Z"), ("170000000000e-2", "2023-11-14T22:13:20Z"),
    ])
    func numericDates(_ number: String, _ text: String) throws {
        let json = try #require(JSONNumber(text: number))
        let stamp = try #require(DateTimeStamp(numericDate: json))
        #expect(try stamp.text == text && stamp == (self.stamp(text)), "\(number)")
    }

    @Test("NumericDates beyond the years 0000–9999 have no dateTimeStamp", arguments: ["253402300800", "-62167219201", "1e400", "1e13", "1e-101"])
    func numericDatesOutOfRange(_ number: String) throws {
        #expect(try DateTimeStamp(numericDate: #require(JSONNumber(text: number))) == nil)
    }

    @Test("isWithinOneSecond: exactly less than one second apart")
    func withinOneSecond() throws {
        let until = try stamp("2099-12-31T23:59:59.999999999Z")
        #expect(try until.isWithinOneSecond(of: stamp("2099-12-31T23:59:59Z")) && until.isWithinOneSecond(of: stamp("2100-01-01T00:00:00Z")))
        #expect(try !until.isWithinOneSecond(of: stamp("2099-12-31T23:59:58.999999999Z")))
        #expect(try until.isWithinOneSecond(of: stamp("2099-12-31T23:59:58.9999999991Z")))
        #expect(try !(stamp("2099-12-31T23:59:58.9999999999Z")).isWithinOneSecond(of: stamp("2100-01-01T00:00:00Z")))
        #expect(try stamp("2099-12-31T23:59:59.0000000001Z").isWithinOneSecond(of: try stamp("2100-01-01T00:00:00Z")))
        #expect(try !(stamp("2099-12-31T23:59:59Z")).isWithinOneSecond(of: stamp("2100-01-01T00:00:00Z")))
    }

    /// Property test: random well-formed stamps with random zones and fractions parse to the
    /// instant Foundation's calendar computes (years from 1583, where it is proleptic Gregorian
    /// too), keep their text and order as their UTC rewriting does; random byte changes never crash.
    @Test("Seeded property test: instants agree with Foundation's calendar; mutations never crash")
    func property() throws {
        var generator = SeededGenerator(seed: 0x37)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        for _ in 0..<1000 {
            let year = Int.random(in: 1583...9998, using: &generator), month = Int.random(in: 1...12, using: &generator)
            let day = Int.random(in: 1...28, using: &generator), hour = Int.random(in: 0...23, using: &generator)
            let minute = Int.random(in: 0...59, using: &generator), second = Int.random(in: 0...59, using: &generator)
            let offset = Int.random(in: -14 * 4...14 * 4, using: &generator) * 15  // minutes
            let fraction = String((0..<Int.random(in: 0...14, using: &generator)).map { _ in Character("\(Int.random(in: 0...9, using: &generator))") })
            let zone = offset == 0 && Bool.random(using: &generator) ? "Z" : "\(offset < 0 ? "-" : "+")\(two(abs(offset) / 60)):\(two(abs(offset) % 60))"
            let text = "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))\(fraction.isEmpty ? "" : "." + fraction)\(zone)"
            let parsed = try stamp(text)
            let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            let expected = Int64(calendar.date(from: components)!.timeIntervalSince1970) - Int64(offset * 60)
            #expect(parsed.secondsSince1970 == expected && parsed.text == text, "\(text)")
            var trimmed = Substring(fraction)
            while trimmed.last == "0" { trimmed.removeLast() }
            #expect(parsed.fractionDigits == String(trimmed), "\(text)")
            // The same instant written in UTC is equal, and one more digit makes it later.
            let utc = DateTimeStamp(parsing: DateTimeStamp.format(Date(timeIntervalSince1970: Double(expected)))
                                        .replacingOccurrences(of: "Z", with: fraction.isEmpty ? "Z" : "." + fraction + "Z"))
            #expect(utc == parsed && utc.map { parsed < $0 } == false, "\(text)")
            #expect(try stamp(text.replacingOccurrences(of: zone, with: (fraction.isEmpty ? "." : "") + "1" + zone)) > parsed, "\(text)")
            // Mutations: a changed byte, a dropped byte, an inserted byte.
            var bytes = Array(text.utf8)
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.remove(at: position)
            default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            }
            _ = DateTimeStamp(parsing: String(decoding: bytes, as: UTF8.self))
        }
    }
}
