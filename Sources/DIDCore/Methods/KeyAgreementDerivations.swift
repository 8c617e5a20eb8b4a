/// Counts the X25519 key-agreement keys derived from did:key Ed25519 keys, per task — so that a
/// test can prove a path never derives one (decision 0017) while other tests run in parallel.
///
/// Nothing is counted unless a test binds a counter with
/// `KeyAgreementDerivations.$current.withValue(counter) { … }`; the count is taken only where
/// the conversion runs, which costs ≈ 45 µs, so reading a task-local beside it costs nothing
/// measurable.
package final class KeyAgreementDerivations: @unchecked Sendable {
    @TaskLocal package static var current: KeyAgreementDerivations?

    private let lock = Lock()
    private var value = 0

    package init() {}

    /// The derivations counted so far.
    package var count: Int { lock.withLock { value } }

    /// Called by `DIDKey` right before each Ed25519 → X25519 conversion.
    static func record() {
        guard let counter = current else { return }
        counter.lock.withLock { counter.value += 1 }
    }
}
