#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The members of a JSON object in their original order.
///
/// Member names are unique, compared Unicode scalar by scalar. Lookup is a linear scan, which is
/// the fastest choice for the small objects credentials and DID documents are made of.
public struct JSONObject: Sendable, RandomAccessCollection {
    /// One name–value pair of an object.
    public struct Member: Sendable, Hashable {
        /// The member name.
        public var key: String
        /// The member value.
        public var value: JSONValue

        /// A member named `key` with `value`.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }

        /// Equal when the names hold the same Unicode scalars and the values are equal.
        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.key.utf8.elementsEqual(rhs.key.utf8) && lhs.value == rhs.value
        }

        /// Hashes the name's UTF-8 bytes and the value, consistently with `==`.
        public func hash(into hasher: inout Hasher) {
            hasher.combineUTF8(of: key)
            hasher.combine(value)
        }
    }

    /// The members in their original order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() { members = [] }

    /// Members whose names the caller guarantees to be unique (the parser has checked them).
    init(uncheckedMembers: [Member]) { members = uncheckedMembers }

    /// The position of the first member (always 0).
    public var startIndex: Int { members.startIndex }
    /// The position after the last member.
    public var endIndex: Int { members.endIndex }
    /// The member at `position`, which must be in range.
    public subscript(position: Int) -> Member { members[position] }

    /// The member names in order.
    public var keys: [String] { members.map(\.key) }

    /// The index of the member named `key`.
    public func index(forKey key: String) -> Int? {
        // Through the buffer: iterating `members` would copy (retain and release) every value.
        let length = key.utf8.count
        return members.withUnsafeBufferPointer { buffer in
            for position in buffer.indices where buffer[position].key.utf8.count == length && sameBytes(buffer[position].key, key) {
                return position
            }
            return nil
        }
    }

    /// The value of the member named `key`. Setting a value replaces the member in place or
    /// appends a new one; setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = index(forKey: key) else { return nil }
            return members[position].value
        }
        set {
            if let index = index(forKey: key) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Reserves room for `capacity` members.
    public mutating func reserveCapacity(_ capacity: Int) { members.reserveCapacity(capacity) }

    /// Appends a member whose name must not be present yet.
    public mutating func append(key: String, value: JSONValue) {
        precondition(index(forKey: key) == nil, "duplicate member name \(key)")
        members.append(Member(key: key, value: value))
    }

    /// Calls `body` with the value of the member named `key` to change it in place; a member
    /// with `defaultValue` is appended first when there is none (one scan of the members).
    public mutating func withValue<Result>(forKey key: String, default defaultValue: JSONValue,
                                           _ body: (inout JSONValue) throws -> Result) rethrows -> Result {
        if let index = index(forKey: key) { return try body(&members[index].value) }
        members.append(Member(key: key, value: defaultValue))
        return try body(&members[members.count - 1].value)
    }

    /// Removes and returns the member named `key`.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let index = index(forKey: key) else { return nil }
        return members.remove(at: index).value
    }
}

extension JSONObject: Hashable {
    /// Objects are equal when they have the same names with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    /// Hashes independently of member order, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine the members' hashes commutatively.
        var combined = 0
        for member in members { combined ^= member.hashValue }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

/// Whether two strings hold the same Unicode scalars (unlike `==`, which applies canonical
/// equivalence: JSON names "é" and "e\u{301}" are different).
@inline(__always)
func sameScalars(_ lhs: String, _ rhs: String) -> Bool {
    // Most names differ in length, which a native string knows without reading its bytes.
    lhs.utf8.count == rhs.utf8.count && sameBytes(lhs, rhs)
}

extension String {
    /// Whether `other` holds the same Unicode scalars, code unit for code unit. `==` applies
    /// canonical equivalence instead: "e\u{301}" equals "é", U+212A KELVIN SIGN equals "K".
    public func hasSameScalars(as other: String) -> Bool { sameScalars(self, other) }
}

/// `sameScalars` for two strings already known to have the same UTF-8 length.
@inline(__always)
func sameBytes(_ lhs: String, _ rhs: String) -> Bool {
    // Native strings store contiguous UTF-8: compare the bytes directly.
    let fast: Bool? = lhs.utf8.withContiguousStorageIfAvailable { a in
        rhs.utf8.withContiguousStorageIfAvailable { b in
            a.count == 0 || equalBytes(a.baseAddress!, b.baseAddress!, a.count)
        }
    } ?? nil
    if let fast { return fast }
    return lhs.utf8.elementsEqual(rhs.utf8)
}

/// Whether `count` bytes at `lhs` and `rhs` are equal. Member names are mostly short: up to 16
/// bytes they are compared as two overlapping words in place (a call to memcmp costs more).
@inline(__always)
func equalBytes(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let (a, b) = (UnsafeRawPointer(lhs), UnsafeRawPointer(rhs))
    switch count {
    case 8...16:
        return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
            && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    case 4..<8:
        return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    case 0..<4:
        for index in 0..<count where lhs[index] != rhs[index] { return false }
        return true
    default:
        return memcmp(lhs, rhs, count) == 0
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Members in the order written. A repeated name is a programmer error.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        members.reserveCapacity(elements.count)
        for (key, value) in elements { append(key: key, value: value) }
    }
}
