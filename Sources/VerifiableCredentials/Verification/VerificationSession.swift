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
    private let lock = NSLock()
    /// By the URL's bytes: `String`'s `==` would take a canonically equivalent URL for this one.
    private var statusLists: [[UInt8]: Obtained] = [:]
    private var keptBytes = 0

    /// A session keeping at most `maximumStatusListBytes` of decompressed status lists (default 64 MiB).
    public init(maximumStatusListBytes: Int = 64 << 20) {
        self.maximumStatusListBytes = maximumStatusListBytes
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
