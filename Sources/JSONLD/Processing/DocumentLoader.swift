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

/// The contexts bundled with the library (`Sources/JSONLD/Contexts/`, from `index.json`: URL →
/// file → SHA-256). Each file's hash is checked when it is first loaded; an unknown URL fails
/// with `contextNotAllowed`. Extra pinned contexts can be added by URL.
public struct PinnedContextLoader: JSONLDDocumentLoader {
    public struct Entry: Sendable {
        public let url: String
        public let file: String
        public let sha256: String
    }

    /// The bundled entries, in `index.json` order.
    public let entries: [Entry]
    let extra: [String: JSONValue]
    let cache: ContextCache

    /// The bundled contexts. Should the bundle be unreadable, a loader with no contexts: every
    /// load then fails with `contextNotAllowed` (never a crash).
    public static let bundled: PinnedContextLoader = (try? PinnedContextLoader(extra: [:])) ?? PinnedContextLoader(entries: [])

    init(entries: [Entry]) {
        self.entries = entries
        self.extra = [:]
        self.cache = ContextCache()
    }

    /// Whether this loader serves the bundled contexts only (no extra ones).
    public var isBundled: Bool { extra.isEmpty }

    /// The bundled contexts, plus `extra` (URL → context document) pinned by the caller.
    public init(extra: [String: JSONValue]) throws(JSONLDError) {
        guard let indexURL = Bundle.module.url(forResource: "index", withExtension: "json", subdirectory: "Contexts"),
              let data = try? Data(contentsOf: indexURL), let index = try? JSONValue(parsing: data) else {
            throw JSONLDError(.contextNotAllowed, "the bundled context index cannot be read")
        }
        entries = (index["contexts"]?.arrayValue ?? []).compactMap { entry in
            guard let url = entry["url"]?.stringValue, let file = entry["file"]?.stringValue, let hash = entry["sha256"]?.stringValue else { return nil }
            return Entry(url: url, file: file, sha256: hash)
        }
        self.extra = extra
        self.cache = ContextCache()
    }

    public func loadContext(_ url: String) throws(JSONLDError) -> JSONValue {
        if let document = extra[url] { return document }
        if let cached = cache.get(url) { return cached }
        guard let entry = entries.first(where: { $0.url == url }) else {
            throw JSONLDError(.contextNotAllowed, "the context \(url) is not among the pinned contexts (no network access)")
        }
        let name = (entry.file as NSString).deletingPathExtension, type = (entry.file as NSString).pathExtension
        guard let fileURL = Bundle.module.url(forResource: name, withExtension: type, subdirectory: "Contexts"),
              let data = try? Data(contentsOf: fileURL) else {
            throw JSONLDError(.contextNotAllowed, "the pinned context file \(entry.file) is missing")
        }
        guard Hex.encode(SHA256.hash(Array(data))) == entry.sha256 else {
            throw JSONLDError(.contextNotAllowed, "the pinned context file \(entry.file) does not match its SHA-256")
        }
        let document: JSONValue
        do { document = try JSONValue(parsing: data) } catch {
            throw JSONLDError(.contextNotAllowed, "the pinned context file \(entry.file) is not JSON: \(error)")
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
