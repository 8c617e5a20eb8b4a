public import StrictJSON
import WalletCrypto

/// A JSON-LD context an app pins for itself: the exact bytes it trusts for a URL, and their
/// SHA-256, which verification reports name (decision 0021). Nothing is fetched: the app reads
/// the document from a place it trusts and hands the bytes over.
public struct UserPinnedContext: Sendable, Hashable {
    /// The URL documents name in `@context`.
    public let url: String
    /// The SHA-256 of ``bytes``, lowercase hex.
    public let sha256: String
    /// The document exactly as pinned.
    public let bytes: [UInt8]
    /// The parsed document (an object with `@context`).
    public let document: JSONValue

    /// The largest document pinned: 1 MiB, more than any context in use (the compiled-in ones
    /// are at most a few tens of KiB).
    public static let maximumBytes = 1 << 20

    /// Parses `bytes` (strict JSON: duplicate names refused) and checks that they are a context
    /// document — a JSON object with `@context` — for an absolute `url`; `invalidUserContext` if not.
    public init(url: String, bytes: [UInt8]) throws(JSONLDError) {
        guard Self.isAbsoluteURL(url) else {
            throw JSONLDError(.invalidUserContext, "the context URL \(url) is not an absolute URL (scheme:…)")
        }
        guard bytes.count <= Self.maximumBytes else {
            throw JSONLDError(.invalidUserContext, "the context for \(url) has \(bytes.count) bytes, over the limit of \(Self.maximumBytes)")
        }
        let document: JSONValue
        do { document = try JSONParser(options: .init(maxDepth: 64, maxBytes: Self.maximumBytes)).parse(bytes) } catch {
            throw JSONLDError(.invalidUserContext, "the context for \(url) is not JSON: \(error)")
        }
        guard document.objectValue != nil, document["@context"] != nil else {
            throw JSONLDError(.invalidUserContext, "the document for \(url) is not a JSON-LD context document (an object with @context)")
        }
        self.url = url
        self.bytes = bytes
        self.document = document
        self.sha256 = Hex.encode(SHA256.hash(bytes))
    }

    /// `scheme:rest` with an RFC 3986 scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )), no
    /// whitespace or control characters.
    static func isAbsoluteURL(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":"), colon != url.startIndex, url.index(after: colon) != url.endIndex else { return false }
        let scheme = url[..<colon].unicodeScalars
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        guard let first = scheme.first, isLetter(first) else { return false }
        guard scheme.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) }) else { return false }
        return !url.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }
}
