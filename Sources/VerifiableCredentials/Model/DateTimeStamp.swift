public import Foundation
public import StrictJSON

/// An XML Schema 1.1 `dateTimeStamp` (Part 2 §3.4.28: a `dateTime` with a mandatory time zone),
/// as VC Data Model 2.0 §4.9 (`validFrom`, `validUntil`), 1.1 §4.7–4.8 (`issuanceDate`,
/// `expirationDate`) and Data Integrity §2.1 (`created`, `expires`) require:
/// `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`.
///
/// It keeps the exact instant (security requirement 37): whole seconds since 1970-01-01T00:00:00Z
/// as an `Int64` with the offset applied, and the fraction as its decimal digits, however many
/// the text has. Nothing goes through a `Double`, so `23:59:59.999999999Z` stays before midnight
/// and `.5+07:00` keeps its half second. Equality, hashing and order are by instant
/// (`2025-01-01T07:00:00+07:00` equals `2025-01-01T00:00:00Z`); ``text`` is kept as given, so a
/// credential states a date exactly as its issuer wrote it.
public struct DateTimeStamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z, offset applied, rounded down (floor): the
    /// NumericDate (RFC 7519 §2) at or before the instant.
    public let secondsSince1970: Int64
    /// The fraction of a second as decimal digits without trailing zeros (`""` for none):
    /// `.50` gives `"5"`, `.000000000001` gives `"000000000001"`.
    public let fractionDigits: String
    /// The lexical form, as given to ``init(parsing:)`` (or as written for a `Date` or NumericDate).
    public let text: String
    /// The first nine fraction digits, as nanoseconds.
    let nanoseconds: Int32

    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the UTC instants four-digit years can write.
    static let earliestSeconds: Int64 = -62_167_219_200
    static let latestSeconds: Int64 = 253_402_300_799

    // MARK: Creating

    /// Parses `text` strictly: four-digit year 0000–9999, month 01–12, a day that exists in that
    /// month (leap years of the proleptic Gregorian calendar), `T`, hour 00–23 (or `24:00:00`
    /// with a zero fraction, the end of the day), minute and second 00–59, an optional fraction
    /// of at least one digit, and a zone `Z` or `±hh:mm` within ±14:00 (XML Schema 1.1 Part 2
    /// §3.3.7, timezoneFrag). `nil` for anything else (no zone, lowercase `t`/`z`, white space).
    public init?(parsing text: String) {
        var text = text
        guard let parsed = text.withUTF8(Self.parse) else { return nil }
        self.init(seconds: parsed.seconds, fractionDigits: parsed.fraction, text: text)
    }

    /// The instant of `date`: whole seconds and the nearest nanosecond (a `Date` holds no more),
    /// written in UTC with the fraction's digits. Dates beyond the years 0000–9999 are clamped to
    /// them. A NaN date is a programmer error.
    public init(_ date: Date) {
        let (seconds, nanoseconds) = Self.secondsAndNanoseconds(date.timeIntervalSince1970)
        if seconds < Self.earliestSeconds {
            self.init(utcSeconds: Self.earliestSeconds, fractionDigits: "")
        } else if seconds > Self.latestSeconds {
            self.init(utcSeconds: Self.latestSeconds, fractionDigits: "999999999")
        } else {
            self.init(utcSeconds: seconds, fractionDigits: Self.digits(nanoseconds: nanoseconds))
        }
    }

    /// The whole second `date` falls in (its fraction dropped), written in UTC without a
    /// fraction: what the issuer writes for "now". Clamped to the years 0000–9999.
    public init(wholeSecondsOf date: Date) {
        let seconds = Self.secondsAndNanoseconds(date.timeIntervalSince1970).seconds
        self.init(utcSeconds: min(max(seconds, Self.earliestSeconds), Self.latestSeconds), fractionDigits: "")
    }

    /// A NumericDate (RFC 7519 §2: seconds since the epoch, any JSON number, fractions allowed),
    /// exactly, written in UTC. `nil` outside the years 0000–9999 (or for an exponent beyond ±100).
    public init?(numericDate number: JSONNumber) {
        guard let (seconds, fraction) = Self.parseNumericDate(Array(number.text.utf8)),
              (Self.earliestSeconds...Self.latestSeconds).contains(seconds) else { return nil }
        self.init(utcSeconds: seconds, fractionDigits: fraction)
    }

    init(utcSeconds seconds: Int64, fractionDigits: String) {
        self.init(seconds: seconds, fractionDigits: fractionDigits, text: Self.formatUTC(seconds: seconds, fractionDigits: fractionDigits))
    }

    init(seconds: Int64, fractionDigits: String, text: String) {
        self.secondsSince1970 = seconds
        self.fractionDigits = fractionDigits
        self.text = text
        var nanoseconds: Int32 = 0
        var count = 0
        for digit in fractionDigits.utf8.prefix(9) {
            nanoseconds = nanoseconds * 10 + Int32(digit - 0x30)
            count += 1
        }
        for _ in count..<9 { nanoseconds *= 10 }
        self.nanoseconds = nanoseconds
    }

    // MARK: Reading

    /// The text as written.
    public var description: String { text }

    /// The NumericDate at or after the instant: ``secondsSince1970``, plus one when there is a
    /// fraction. An issuer writes `nbf` so (never earlier than `validFrom`) and `exp` as
    /// ``secondsSince1970`` (never later than `validUntil`).
    public var secondsSince1970RoundedUp: Int64 { fractionDigits.isEmpty ? secondsSince1970 : secondsSince1970 + 1 }

    /// The instant as a `Date`: approximate (a `Double` holds about 0.5 µs near 2100), for
    /// interoperation and display only; compare with ``isBefore(_:tolerance:)`` and
    /// ``isAfter(_:tolerance:)``.
    public var date: Date { Date(timeIntervalSince1970: Double(secondsSince1970) + Double(nanoseconds) / 1e9) }

    // MARK: Comparing

    /// Equal when they denote the same instant, to the written fraction of a second, whatever offset was written.
    public static func == (lhs: DateTimeStamp, rhs: DateTimeStamp) -> Bool {
        lhs.secondsSince1970 == rhs.secondsSince1970 && lhs.fractionDigits.utf8.elementsEqual(rhs.fractionDigits.utf8)
    }

    /// Hashes the instant, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(secondsSince1970)
        hasher.combine(fractionDigits)
    }

    /// By instant. Fractions without trailing zeros compare as digit strings: a prefix is smaller.
    public static func < (lhs: DateTimeStamp, rhs: DateTimeStamp) -> Bool {
        guard lhs.secondsSince1970 == rhs.secondsSince1970 else { return lhs.secondsSince1970 < rhs.secondsSince1970 }
        return lhs.fractionDigits.utf8.lexicographicallyPrecedes(rhs.fractionDigits.utf8)
    }

    /// Whether the instant is earlier than `date − tolerance`: a `validUntil` or `exp` that is
    /// past beyond the clock skew. `date` and `tolerance` are converted once to whole seconds and
    /// nanoseconds; the stamp is compared exactly, every fraction digit included. A NaN tolerance
    /// counts as none (the check stays on); a NaN date is a programmer error.
    public func isBefore(_ date: Date, tolerance: TimeInterval = 0) -> Bool {
        let (dateSeconds, dateNanoseconds) = Self.secondsAndNanoseconds(date.timeIntervalSince1970)
        let (toleranceSeconds, toleranceNanoseconds) = Self.secondsAndNanoseconds(tolerance.isNaN ? 0 : tolerance)
        var (seconds, nanoseconds) = (dateSeconds - toleranceSeconds, dateNanoseconds - toleranceNanoseconds)
        if nanoseconds < 0 { (seconds, nanoseconds) = (seconds - 1, nanoseconds + 1_000_000_000) }
        return compare(seconds: seconds, nanoseconds: nanoseconds) < 0
    }

    /// Whether the instant is later than `date + tolerance`: a `validFrom` or `nbf` that is still
    /// to come beyond the clock skew. Exact, as ``isBefore(_:tolerance:)``.
    public func isAfter(_ date: Date, tolerance: TimeInterval = 0) -> Bool {
        let (dateSeconds, dateNanoseconds) = Self.secondsAndNanoseconds(date.timeIntervalSince1970)
        let (toleranceSeconds, toleranceNanoseconds) = Self.secondsAndNanoseconds(tolerance.isNaN ? 0 : tolerance)
        var (seconds, nanoseconds) = (dateSeconds + toleranceSeconds, dateNanoseconds + toleranceNanoseconds)
        if nanoseconds >= 1_000_000_000 { (seconds, nanoseconds) = (seconds + 1, nanoseconds - 1_000_000_000) }
        return compare(seconds: seconds, nanoseconds: nanoseconds) > 0
    }

    /// Whether the two instants are less than one second apart, exactly: how a VC 1.1 JWT's
    /// whole-second `exp`/`nbf` agrees with the credential's `expirationDate`/`issuanceDate`
    /// (VC Data Model 1.1 §6.3.1), whichever way the issuer rounded.
    public func isWithinOneSecond(of other: DateTimeStamp) -> Bool {
        let (later, earlier) = self < other ? (other, self) : (self, other)
        switch later.secondsSince1970 - earlier.secondsSince1970 {
        case 0: return true
        case 1: return later.fractionDigits.utf8.lexicographicallyPrecedes(earlier.fractionDigits.utf8)
        default: return false
        }
    }

    /// -1, 0 or 1 as the instant is before, at or after `seconds` + `nanoseconds`.
    func compare(seconds: Int64, nanoseconds: Int32) -> Int {
        if secondsSince1970 != seconds { return secondsSince1970 < seconds ? -1 : 1 }
        if self.nanoseconds != nanoseconds { return self.nanoseconds < nanoseconds ? -1 : 1 }
        // Without trailing zeros, digits beyond the ninth make the fraction larger.
        return fractionDigits.utf8.count > 9 ? 1 : 0
    }

    /// Whole seconds (floor) and the nearest nanosecond of a `Double` count of seconds, clamped to
    /// ±2^62 s so that sums and differences of two of them cannot overflow.
    static func secondsAndNanoseconds(_ interval: Double) -> (seconds: Int64, nanoseconds: Int32) {
        precondition(!interval.isNaN, "a NaN date or interval")
        let limit = 4_611_686_018_427_387_904.0  // 2^62
        let clamped = min(max(interval, -limit), limit)
        let whole = clamped.rounded(.down)
        let nanoseconds = ((clamped - whole) * 1e9).rounded()  // clamped - whole is exact
        return nanoseconds >= 1e9 ? (Int64(whole) + 1, 0) : (Int64(whole), Int32(nanoseconds))
    }

    /// Nanoseconds as fraction digits, without trailing zeros.
    static func digits(nanoseconds: Int32) -> String {
        guard nanoseconds > 0 else { return "" }
        var value = nanoseconds
        var bytes = [UInt8](repeating: 0x30, count: 9)
        for position in stride(from: 8, through: 0, by: -1) {
            bytes[position] = UInt8(0x30 + value % 10)
            value /= 10
        }
        while bytes.last == 0x30 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Parsing

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (seconds: Int64, fraction: String)? {
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2), expect("T"),
              let hour = digits(2), expect(":"), let minute = digits(2), expect(":"), let second = digits(2) else { return nil }
        var fraction = ""
        if expect(".") {
            let start = index
            var end = index  // after the last non-zero digit
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                if bytes[index] != 0x30 { end = index + 1 }
                index += 1
            }
            guard index > start else { return nil }
            fraction = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        var offsetSeconds = 0
        if !expect("Z") {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            // timezoneFrag: (0[0-9]|1[0-3]):[0-5][0-9] | 14:00.
            guard let offsetHours = digits(2), expect(":"), let offsetMinutes = digits(2), offsetMinutes < 60,
                  offsetHours < 14 || (offsetHours == 14 && offsetMinutes == 0) else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard index == bytes.count, (1...12).contains(month), minute < 60, second < 60,
              hour < 24 || (hour == 24 && minute == 0 && second == 0 && fraction.isEmpty) else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let daysInMonth = switch month {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
        guard (1...daysInMonth).contains(day) else { return nil }
        // Days since 1970-01-01 in the proleptic Gregorian calendar (days-from-civil).
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = Int64(era * 146_097 + dayOfEra - 719_468)
        return (days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds), fraction)
    }

    /// A JSON number's text (RFC 8259 §6 grammar) as whole seconds (floor) and fraction digits,
    /// exactly; `nil` beyond 10^15 seconds or for an exponent beyond ±100.
    static func parseNumericDate(_ text: [UInt8]) -> (seconds: Int64, fraction: String)? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index += 1 }
        var digits: [UInt8] = []
        var point = 0  // digits before the decimal point
        while index < text.count, text[index] >= 0x30 && text[index] <= 0x39 { digits.append(text[index]); index += 1 }
        point = digits.count
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            while index < text.count, text[index] >= 0x30 && text[index] <= 0x39 { digits.append(text[index]); index += 1 }
        }
        if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var sign = 1
            if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
                sign = text[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
            }
            let exponentDigits = text[index...]
            guard !exponentDigits.isEmpty, exponentDigits.count <= 3, exponentDigits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let exponent = Int(String(decoding: exponentDigits, as: UTF8.self)), exponent <= 100 else { return nil }
            point += sign * exponent
            index = text.count
        }
        guard index == text.count, !digits.isEmpty else { return nil }
        // Integer and fraction digits around the (shifted) decimal point.
        let integerDigits = point <= 0 ? [] : Array(digits.prefix(point)) + [UInt8](repeating: 0x30, count: max(0, point - digits.count))
        var fraction = point >= digits.count ? [] : [UInt8](repeating: 0x30, count: max(0, -point)) + digits.suffix(digits.count - max(point, 0))
        while fraction.last == 0x30 { fraction.removeLast() }
        let significant = integerDigits.drop { $0 == 0x30 }
        guard significant.count <= 15 else { return nil }
        var seconds: Int64 = 0
        for digit in significant { seconds = seconds * 10 + Int64(digit - 0x30) }
        guard negative, !(seconds == 0 && fraction.isEmpty) else { return (seconds, String(decoding: fraction, as: UTF8.self)) }
        guard !fraction.isEmpty else { return (-seconds, "") }
        // -(s + 0.f) = -(s + 1) + (1 - 0.f); 1 - 0.f in decimal: nines' complement, the last digit ten's.
        var complement = fraction.map { 0x30 + 9 - ($0 - 0x30) }
        complement[complement.count - 1] += 1
        while complement.last == 0x30 { complement.removeLast() }
        return (-seconds - 1, String(decoding: complement, as: UTF8.self))
    }

    // MARK: Writing

    /// `date` as `YYYY-MM-DDThh:mm:ssZ` (fractions of a second dropped). Computed directly
    /// (civil-from-days), without a date formatter: the wallet formats dates for every stored
    /// credential and log entry.
    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        // Years 0000-9999 only; anything else goes through Foundation's formatter.
        guard seconds.isFinite, seconds >= Double(earliestSeconds), seconds <= Double(latestSeconds) else { return formatWithFoundation(date) }
        return formatUTC(seconds: Int64(seconds), fractionDigits: "")
    }

    /// `YYYY-MM-DDThh:mm:ss[.fraction]Z` for whole seconds in the years 0000–9999.
    static func formatUTC(seconds total: Int64, fractionDigits: String) -> String {
        precondition(total >= earliestSeconds && total <= latestSeconds, "a year outside 0000-9999")
        let total = Int(total)
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let fractionLength = fractionDigits.isEmpty ? 0 : fractionDigits.utf8.count + 1
        return String(unsafeUninitializedCapacity: 20 + fractionLength) { bytes in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var remaining = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    bytes[position] = UInt8(0x30 + remaining % 10)
                    remaining /= 10
                }
            }
            put(year, 4, at: 0); bytes[4] = UInt8(ascii: "-"); put(month, 2, at: 5); bytes[7] = UInt8(ascii: "-"); put(day, 2, at: 8)
            bytes[10] = UInt8(ascii: "T"); put(secondOfDay / 3600, 2, at: 11); bytes[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, 2, at: 14); bytes[16] = UInt8(ascii: ":"); put(secondOfDay % 60, 2, at: 17)
            var end = 19
            if fractionLength > 0 {
                bytes[end] = UInt8(ascii: ".")
                for (offset, digit) in fractionDigits.utf8.enumerated() { bytes[end + 1 + offset] = digit }
                end += fractionLength
            }
            bytes[end] = UInt8(ascii: "Z")
            return end + 1
        }
    }

    /// The Foundation formatter's output, for tests that compare it with ``format(_:)``.
    public static func formatWithFoundationForTesting(_ date: Date) -> String { formatWithFoundation(date) }

    static func formatWithFoundation(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
