#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A string compared and hashed by its code points (its UTF-8 bytes).
///
/// RDF terms are equal only when their characters are (RDF 1.1 Concepts §3.2 "simple string
/// comparison" for IRIs, §3.3 for lexical forms), while Swift's `String` equality is canonical
/// equivalence: `"é"` and `"e\u{301}"` are equal `String`s but different IRIs, literals and blank
/// node labels. Keying a dictionary of terms by `String` would merge them and drop a quad.
///
/// StrictJSON compares member names the same way, internally. Sharing one public type across
/// the module boundary was measured: expansion, which looks a term up for every key, got 2–5 %
/// slower (the comparison is no longer inlined), so each module keeps its own.
struct CodePoints: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: CodePoints, rhs: CodePoints) -> Bool { equal(lhs.string, rhs.string) }

    func hash(into hasher: inout Hasher) { Self.hash(string, into: &hasher) }

    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        // Native strings hold contiguous UTF-8: compare the bytes at once.
        let fast: Bool? = lhs.utf8.withContiguousStorageIfAvailable { a in
            rhs.utf8.withContiguousStorageIfAvailable { b in
                a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        } ?? nil
        return fast ?? lhs.utf8.elementsEqual(rhs.utf8)
    }

    static func hash(_ string: String, into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(string.utf8.count)
    }
}
