package import Foundation
package import StrictJSON

/// The documented exit codes (docs/cli.md). Never change one silently.
package enum WalletExitCode {
    /// Success, or the input was checked and is valid.
    package static let success: Int32 = 0
    /// The input was checked and is invalid, or a DID could not be resolved.
    package static let invalid: Int32 = 1
    /// The command could not run: I/O error, unreadable input.
    package static let couldNotRun: Int32 = 2
    /// Usage error (what swift-argument-parser returns for bad arguments).
    package static let usage: Int32 = 64
}

/// Writing to the terminal: results on stdout, messages on stderr. Text goes through
/// ``TerminalText`` (interpolated values escaped), JSON through ``TerminalText/jsonEscaped(_:)``
/// (still exact JSON): nothing from a credential, presentation, status list, DID document or
/// verifier reaches the terminal raw (security requirement 42).
package enum Terminal {
    /// Prints `value` as indented JSON followed by a newline.
    package static func printJSON(_ value: JSONValue) {
        var bytes = JSONSerializer(style: .pretty).serialize(value)
        bytes.append(0x0A)
        FileHandle.standardOutput.write(Data(TerminalText.jsonEscaped(bytes)))
    }

    /// Prints `value` as compact JSON on one line (JSON Lines).
    package static func printJSONLine(_ value: JSONValue) {
        var bytes = JSONSerializer().serialize(value)
        bytes.append(0x0A)
        FileHandle.standardOutput.write(Data(TerminalText.jsonEscaped(bytes)))
    }

    /// Prints `text` and a newline on stdout; its interpolated values are escaped.
    package static func printLine(_ text: TerminalText) {
        FileHandle.standardOutput.write(Data((text.description + "\n").utf8))
    }

    /// Prints a document from outside (a stored credential as received) line by line, each line
    /// escaped: its line breaks are kept, every other control character is shown escaped.
    package static func printDocument(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines { printLine(TerminalText(escaping: line)) }
    }

    /// Prints `message` (escaped) on stderr, prefixed with `wallet: warning:`.
    package static func printWarning(_ message: String) {
        FileHandle.standardError.write(Data("wallet: warning: \(TerminalText.escaped(message))\n".utf8))
    }

    /// Prints `message` (escaped) on stderr, prefixed with `wallet: note:`: something worth
    /// knowing about a result that went to stdout (a context pinned for the run).
    package static func printNote(_ message: String) {
        FileHandle.standardError.write(Data("wallet: note: \(TerminalText.escaped(message))\n".utf8))
    }

    /// Prints `message` (escaped) on stderr, prefixed with `wallet: error:`.
    package static func printError(_ message: String) {
        FileHandle.standardError.write(Data("wallet: error: \(TerminalText.escaped(message))\n".utf8))
    }
}
