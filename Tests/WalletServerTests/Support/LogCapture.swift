import Foundation
import Logging

/// A swift-log handler that keeps every message, with its metadata, as text: what a log file
/// of the server would hold.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var captured: [String] { lock.withLock { lines } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    /// A logger at `trace`, the most talkative level, writing here.
    func logger() -> Logger {
        var logger = Logger(label: "wallet-serve-test") { label in Handler(capture: self, label: label) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(label) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")) \(event.error.map { "error=\($0)" } ?? "") \(event.source)")
        }
    }
}
