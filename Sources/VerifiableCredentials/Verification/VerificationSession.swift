import Foundation

/// What one verification — or one batch, when the caller shares a session through
/// ``Verifier/session`` — has obtained already: each status list credential is fetched, verified
/// and inflated once however many entries name it (security requirement 36).
public final class VerificationSession: @unchecked Sendable {
    /// A status list credential that verified, reduced to what status checks read.
    struct StatusList: Sendable {
        let issuer: String?
        let types: [String]
        let purposes: [String]
        /// The decompressed bitstring (its entries are read with each entry's `statusSize`).
        let bytes: [UInt8]
    }

    /// A status list as obtained: usable, or the check that failed and why.
    enum Obtained: Sendable {
        case obtained(StatusList)
        case failed(CheckName, VCError)
    }

    /// The largest total of decompressed list bytes kept; a list beyond it is used and not kept.
    public let maximumStatusListBytes: Int
    /// The most distinct status lists the session obtains (each is a fetch and a verification);
    /// asking for more is `complexityLimit`.
    public let maximumStatusLists: Int
    private var obtainedLists = 0
    private let lock = NSLock()
    /// By the URL's bytes: `String`'s `==` would take a canonically equivalent URL for this one.
    private var statusLists: [[UInt8]: Obtained] = [:]
    private var keptBytes = 0

    /// A session obtaining at most `maximumStatusLists` distinct lists (default 16: one
    /// verification; a batch passes more) and keeping at most `maximumStatusListBytes` of them
    /// decompressed (default 64 MiB).
    public init(maximumStatusLists: Int = 16, maximumStatusListBytes: Int = 64 << 20) {
        self.maximumStatusLists = maximumStatusLists
        self.maximumStatusListBytes = maximumStatusListBytes
    }

    /// Counts one more list to obtain; false when the session's bound is reached.
    func mayObtainAnother() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard obtainedLists < maximumStatusLists else { return false }
        obtainedLists += 1
        return true
    }

    func statusList(at url: String) -> Obtained? {
        lock.lock()
        defer { lock.unlock() }
        return statusLists[Array(url.utf8)]
    }

    func remember(_ result: Obtained, at url: String) {
        lock.lock()
        defer { lock.unlock() }
        var size = 0
        if case .obtained(let list) = result { size = list.bytes.count }
        guard keptBytes + size <= maximumStatusListBytes else { return }
        keptBytes += size
        statusLists[Array(url.utf8)] = result
    }
}
