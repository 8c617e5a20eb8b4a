public import JSONLD
import WalletKeystore

/// JSON-LD contexts pinned in the wallet (decision 0021): sealed `context` records whose id is
/// the context's URL and whose payload is the document exactly as pinned, covered by the
/// manifests and the commitment like every other kind (docs/keystore-format.md §8).
extension Wallet {
    static let contextKind = "context"

    /// Pins `bytes` as the context document at `url`. Pinning the same bytes again changes
    /// nothing; other bytes for a URL already pinned are `alreadyExists` (remove the pin first),
    /// and a URL of a context compiled into the library is refused unless the bytes are the
    /// compiled-in ones (`contextConflict`): a pin never replaces a context silently. A document
    /// that is not a context document is `invalidUserContext`.
    @discardableResult
    public func pinContext(url: String, document bytes: [UInt8]) async throws(WalletError) -> UserPinnedContext {
        let context: UserPinnedContext
        do {
            context = try UserPinnedContext(url: url, bytes: bytes)
            _ = try PinnedContextLoader(pinning: [context])
        } catch {
            throw WalletError(WalletError.Code(error.code.rawValue), error.message)
        }
        guard url.utf8.count <= Keystore.maximumNameLength else {
            throw WalletError(.invalidArgument, "the context URL is longer than \(Keystore.maximumNameLength) bytes")
        }
        try await keystoreCall { keystore in
            try await keystore.transaction { transaction in
                if let existing = try transaction.payloadIfPresent(kind: Self.contextKind, id: url) {
                    guard existing == bytes else {
                        throw WalletError(.alreadyExists, "\(url) is already pinned with another document (wallet context remove \(url) first)")
                    }
                    return
                }
                try transaction.insert(kind: Self.contextKind, id: url, payload: bytes)
            }
        }
        return context
    }

    /// The contexts pinned in the wallet, in URL order; a record that is no longer a context
    /// document is `corrupted`.
    public func pinnedContexts() async throws(WalletError) -> [UserPinnedContext] {
        var contexts: [UserPinnedContext] = []
        for record in try await keystoreCall({ try await $0.records(kind: Self.contextKind) }) {
            do { contexts.append(try UserPinnedContext(url: record.id, bytes: record.payload)) } catch {
                throw WalletError(.corrupted, "the pinned context \(record.id) does not load: \(error.message)")
            }
        }
        return contexts.sorted { $0.url < $1.url }
    }

    /// Removes the pin of `url`; `notFound` if there is none.
    public func unpinContext(_ url: String) async throws(WalletError) {
        try await keystoreCall { try await $0.delete(kind: Self.contextKind, id: url) }
    }

    /// A loader serving the library's contexts, the wallet's pins and `extra` (pins for one
    /// use); two documents for one URL are `contextConflict`.
    public func contextLoader(adding extra: [UserPinnedContext] = []) async throws(WalletError) -> PinnedContextLoader {
        let pinned = try await pinnedContexts()
        do { return try PinnedContextLoader(pinning: pinned + extra) } catch {
            throw WalletError(WalletError.Code(error.code.rawValue), error.message)
        }
    }
}
