import Foundation
import StrictJSON

/// The documented exit codes (docs/cli.md). Never change one silently.
enum WalletExitCode {
    /// Success, or the input was checked and is valid.
    static let success: Int32 = 0
    /// The input was checked and is invalid, or a DID could not be resolved.
    static let invalid: Int32 = 1
    /// The command could not run: I/O error, unreadable input.
    static let couldNotRun: Int32 = 2
    /// Usage error (what swift-argument-parser returns for bad arguments).
    static let usage: Int32 = 64
}

/// Writing to the terminal: results on stdout, messages on stderr.
enum Terminal {
    /// Prints `value` as indented JSON followed by a newline.
    static func printJSON(_ value: JSONValue) {
        var bytes = JSONSerializer(style: .pretty).serialize(value)
        bytes.append(0x0A)
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Prints `text` and a newline on stdout.
    static func printLine(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Prints `message` on stderr, prefixed with `wallet: warning:`.
    static func printWarning(_ message: String) {
        FileHandle.standardError.write(Data("wallet: warning: \(message)\n".utf8))
    }

    /// Prints `message` on stderr, prefixed with `wallet: error:`.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("wallet: error: \(message)\n".utf8))
    }
}
