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
    /// The contexts the app pinned, by URL (never a compiled-in URL with other bytes).
    let pinnedByUser: [String: UserPinnedContext]
    /// Whether `documents` are the library's own compiled-in contexts.
    let compiledIn: Bool
    let cache: ContextCache

    /// The pinned contexts compiled into the library.
    public static let bundled = PinnedContextLoader(embedded: embedded, user: [:], compiledIn: true)

    /// A loader over other documents than the compiled-in ones (tests pass altered ones). It is
    /// never ``isBundled``, so no processor shared with ``bundled`` serves its contexts.
    init(embedded: [EmbeddedContext]) {
        self.init(embedded: embedded, user: [:], compiledIn: false)
    }

    private init(embedded: [EmbeddedContext], user: [String: UserPinnedContext], compiledIn: Bool) {
        var documents: [String: EmbeddedContext] = [:]
        var entries: [Entry] = []
        for context in embedded where documents[context.url] == nil {
            documents[context.url] = context
            entries.append(Entry(url: context.url, file: context.file, sha256: context.sha256))
        }
        self.entries = entries
        self.documents = documents
        self.pinnedByUser = user
        self.compiledIn = compiledIn
        self.cache = ContextCache()
    }

    /// Whether this loader serves the compiled-in contexts only (no contexts pinned by the app).
    public var isBundled: Bool { compiledIn && pinnedByUser.isEmpty }

    /// The contexts the app pinned on top of the compiled-in ones, in URL order.
    public var userContexts: [UserPinnedContext] { pinnedByUser.values.sorted { $0.url < $1.url } }

    /// The context the app pinned at `url`, if any (a compiled-in context is never one).
    public func userContext(_ url: String) -> UserPinnedContext? { pinnedByUser[url] }

    /// The bundled contexts, plus `extra` (URL → context document) pinned by the caller; each
    /// one's ``UserPinnedContext/sha256`` is that of its compact serialization. Throws
    /// `contextConflict` for a URL of a compiled-in context unless the document is the same one
    /// (decision 0021), and `invalidUserContext` for a document that is not a context document.
    public init(extra: [String: JSONValue]) throws(JSONLDError) {
        var contexts: [UserPinnedContext] = []
        for (url, document) in extra.sorted(by: { $0.key < $1.key }) {
            contexts.append(try UserPinnedContext(url: url, bytes: JSONSerializer().serialize(document)))
        }
        try self.init(pinning: contexts)
    }

    /// The bundled contexts, plus `contexts` pinned by the app (read from files it trusts).
    ///
    /// A pinned context never replaces a compiled-in one silently (decision 0021): a context
    /// under the URL of a compiled-in context is accepted only when its bytes are the
    /// compiled-in bytes (then it changes nothing and is not listed as the app's), and two pins
    /// of one URL only with the same bytes; anything else is `contextConflict`.
    public init(pinning contexts: [UserPinnedContext]) throws(JSONLDError) {
        var user: [String: UserPinnedContext] = [:]
        var embedded: [String: EmbeddedContext] = [:]
        for context in Self.embedded { embedded[context.url] = context }
        for context in contexts {
            if let builtIn = embedded[context.url] {
                guard builtIn.sha256 == context.sha256 else {
                    throw JSONLDError(.contextConflict, "\(context.url) is a context pinned by the library (SHA-256 \(builtIn.sha256)); a different document (SHA-256 \(context.sha256)) cannot replace it")
                }
                continue
            }
            if let earlier = user[context.url], earlier.sha256 != context.sha256 {
                throw JSONLDError(.contextConflict, "\(context.url) is pinned twice with different documents (SHA-256 \(earlier.sha256) and \(context.sha256))")
            }
            user[context.url] = context
        }
        self.init(embedded: Self.embedded, user: user, compiledIn: true)
    }

    /// The pinned document at `url`: an extra one first, then a compiled-in one, checked against its SHA-256 the first time.
    ///
    /// - Throws: ``JSONLDError`` `contextNotAllowed` for a URL that is not pinned, `invalidPinnedContext` for a compiled-in document that does not match its hash.
    public func loadContext(_ url: String) throws(JSONLDError) -> JSONValue {
        if let cached = cache.get(url) { return cached }
        guard let context = documents[url] else {
            // The compiled-in contexts first; an app's pin only for a URL they do not have.
            if let pinned = pinnedByUser[url] { return pinned.document }
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
