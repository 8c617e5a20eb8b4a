import Foundation

/// The port the server bound, set once it listens (port 0 picks one); read by the handlers.
final class BoundPort: @unchecked Sendable {
    private let lock = NSLock()
    private var port = 0

    var value: Int { lock.withLock { port } }

    func set(_ value: Int) { lock.withLock { port = value } }
}
