import Foundation
import Synchronization

/// A clock the test moves by hand: expiry is tested without waiting and without asserting a time.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }

    /// The clock as the closure the server's types take.
    var function: @Sendable () -> Date { { [self] in now } }
}
