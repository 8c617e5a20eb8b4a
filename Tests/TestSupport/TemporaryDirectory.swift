public import Foundation

/// A fresh directory under the system's temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(_ label: String = "test") {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("swift-did-wallet-\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func appending(_ component: String) -> URL { url.appendingPathComponent(component) }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs a helper executable built beside the tests (for example `keystore-stress`).
public enum HelperProcess {
    public static func url(named name: String) -> URL {
        CommandRunner.walletBinary.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Starts the helper `name` with `arguments` and extra `environment`; its stdout is the
    /// returned pipe, its stderr discarded.
    public static func start(_ name: String, _ arguments: [String], environment: [String: String]) throws -> (process: Process, output: Pipe) {
        let process = Process()
        process.executableURL = url(named: name)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, output)
    }
}
