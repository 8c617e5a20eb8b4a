import Foundation
import JSONLD
import StrictJSON

/// Wraps a ``PinnedContextLoader`` that holds contexts pinned by the app and notes which of those
/// a verification loads, so that the report can name them with their SHA-256 (decision 0021).
/// A loader with no such contexts needs no recorder (`init` returns nil): the shared processor
/// of the compiled-in contexts stays in use.
final class UsedContextRecorder: JSONLDDocumentLoader, @unchecked Sendable {
    private let base: PinnedContextLoader
    private let lock = NSLock()
    private var loaded: [VerificationReport.ContextPin] = []

    init?(_ loader: any JSONLDDocumentLoader) {
        guard let pinned = loader as? PinnedContextLoader, !pinned.isBundled, !pinned.userContexts.isEmpty else { return nil }
        base = pinned
    }

    func loadContext(_ url: String) throws(JSONLDError) -> JSONValue {
        let document = try base.loadContext(url)
        if let pinned = base.userContext(url) {
            lock.withLock {
                let pin = VerificationReport.ContextPin(url: pinned.url, sha256: pinned.sha256)
                if !loaded.contains(pin) { loaded.append(pin) }
            }
        }
        return document
    }

    /// The app's contexts loaded so far, in the order first loaded.
    var used: [VerificationReport.ContextPin] { lock.withLock { loaded } }
}
