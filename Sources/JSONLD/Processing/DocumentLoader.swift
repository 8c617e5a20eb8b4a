import Foundation
public import StrictJSON
import WalletCrypto

/// Where JSON-LD contexts come from. Nothing is fetched from the network by this library: the
/// default loader serves only the pinned contexts bundled with it (security requirement 25); a
/// caller may pass its own loader, for example with more pinned contexts.
public protocol JSONLDDocumentLoader: Sendable {
    /// The parsed document at `url` (a context document: an object with `@context`).
    func loadContext(_ url: String) throws(JSONLDError) -> JSONValue
}

/// The pinned contexts compiled into the library (decision 0016): generated from
/// `Sources/JSONLD/Contexts/` (`index.json`: URL → file → SHA-256, and the `.jsonld` files) into
/// `Generated/PinnedContextLoader+Embedded.swift`, so that no resource bundle is needed at run
/// time. Each document's SHA-256 is checked when it is first loaded; an unknown URL fails with
/// `contextNotAllowed`, an embedded document that does not match its hash or is not a context
/// document with `invalidPinnedContext`. Extra pinned contexts can be added by URL.
public struct PinnedContextLoader: JSONLDDocumentLoader {
    /// One line of `index.json`: a pinned context's URL, its file, and the SHA-256 of the file.
    public struct Entry: Sendable {
        /// The context's URL, as documents cite it.
        public let url: String
        /// The file name under `Sources/JSONLD/Contexts/`.
        public let file: String
        /// The lowercase hexadecimal SHA-256 of the file's bytes.
        public let sha256: String
    }

    /// One pinned context as compiled in: the bytes of its `.jsonld` file as UTF-8 text.
    struct EmbeddedContext: Sendable {
        let url: String
        let file: String
        let sha256: String
        let text: String
    }

    /// The pinned entries, in `index.json` order.
    public let entries: [Entry]
    let documents: [String: EmbeddedContext]
    let extra: [String: JSONValue]
    /// Whether `documents` are the library's own compiled-in contexts.
    let compiledIn: Bool
    let cache: ContextCache

    /// The pinned contexts compiled into the library.
    public static let bundled = PinnedContextLoader(embedded: embedded, extra: [:], compiledIn: true)

    /// A loader over other documents than the compiled-in ones (tests pass altered ones). It is
    /// never ``isBundled``, so no processor shared with ``bundled`` serves its contexts.
    init(embedded: [EmbeddedContext]) {
        self.init(embedded: embedded, extra: [:], compiledIn: false)
    }

    private init(embedded: [EmbeddedContext], extra: [String: JSONValue], compiledIn: Bool) {
        var documents: [String: EmbeddedContext] = [:]
        var entries: [Entry] = []
        for context in embedded where documents[context.url] == nil {
            documents[context.url] = context
            entries.append(Entry(url: context.url, file: context.file, sha256: context.sha256))
        }
        self.entries = entries
        self.documents = documents
        self.extra = extra
        self.compiledIn = compiledIn
        self.cache = ContextCache()
    }

    /// Whether this loader serves the compiled-in contexts only (no extra or replaced ones).
    public var isBundled: Bool { compiledIn && extra.isEmpty }

    /// The bundled contexts, plus `extra` (URL → context document) pinned by the caller. Nothing
    /// is read at run time, so nothing here fails today; the signature still throws so that a
    /// check of the extra documents can be added without breaking callers.
    public init(extra: [String: JSONValue]) throws(JSONLDError) {
        self.init(embedded: Self.embedded, extra: extra, compiledIn: true)
    }

    /// The pinned document at `url`: an extra one first, then a compiled-in one, checked against its SHA-256 the first time.
    ///
    /// - Throws: ``JSONLDError`` `contextNotAllowed` for a URL that is not pinned, `invalidPinnedContext` for a compiled-in document that does not match its hash.
    public func loadContext(_ url: String) throws(JSONLDError) -> JSONValue {
        if let document = extra[url] { return document }
        if let cached = cache.get(url) { return cached }
        guard let context = documents[url] else {
            throw JSONLDError(.contextNotAllowed, "the context \(url) is not among the pinned contexts (no network access)")
        }
        let bytes = Array(context.text.utf8)
        guard Hex.encode(SHA256.hash(bytes)) == context.sha256 else {
            throw JSONLDError(.invalidPinnedContext, "the pinned context \(context.file) does not match its SHA-256")
        }
        let document: JSONValue
        do { document = try JSONValue(parsing: bytes) } catch {
            throw JSONLDError(.invalidPinnedContext, "the pinned context \(context.file) is not JSON: \(error)")
        }
        guard document["@context"] != nil, document.objectValue != nil else {
            throw JSONLDError(.invalidPinnedContext, "the pinned context \(context.file) is not a context document (no @context)")
        }
        cache.set(url, document)
        return document
    }
}

/// Parsed contexts, shared by copies of a loader.
final class ContextCache: @unchecked Sendable {
    private let lock = NSLock()
    private var documents: [String: JSONValue] = [:]
    func get(_ url: String) -> JSONValue? { lock.withLock { documents[url] } }
    func set(_ url: String, _ document: JSONValue) { lock.withLock { documents[url] = document } }
}
