package import ArgumentParser
package import Foundation

/// The one way both executables (`wallet` and `wallet-serve`, decision 0038) parse, run and report:
/// every failure as `wallet: error: CODE: message` on stderr and, with `--json`,
/// `{"error": {"code", "message"}}` as the one JSON document on stdout — usage errors from the
/// argument parser too (code `usage`, exit 64, followed on stderr by the command's usage).
/// `--help`, `--version` and completion scripts print as swift-argument-parser prints them (exit 0).
package enum CommandLineEntry {
    /// Parses `arguments` (without the program name) as `Root`'s command line and runs the command.
    package static func run<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]) async -> Never {
        let json = commandLineRequestsJSON(arguments)
        var command: any ParsableCommand
        do {
            command = try Root.parseAsRoot(arguments)
        } catch {
            guard Root.exitCode(for: error) == .validationFailure else { Root.exit(withError: error) }
            reportUsage(root, error, json: json)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            // Already reported by the command (or a plain exit status, such as `vc verify`'s).
            Root.exit(withError: error)
        } catch let error as CleanExit {
            Root.exit(withError: error)
        } catch {
            // `wallet help COMMAND` and `wallet COMMAND --help` come here (their run() throws the
            // help request), and so may a ValidationError thrown by run(): the parser's own cases.
            switch Root.exitCode(for: error) {
            case .success: Root.exit(withError: error)
            case .validationFailure: reportUsage(root, error, json: json)
            default: Root.exit(withError: report(CLIError(error), json: json))
            }
        }
        Root.exit()
    }

    /// A usage error found while parsing (unknown option or command, missing or malformed
    /// argument, a `validate()` refusal): `wallet: error: usage: MESSAGE`, the JSON error object
    /// with `--json`, then the usage lines swift-argument-parser would print, and exit 64.
    private static func reportUsage<Root: ParsableCommand>(_ root: Root.Type, _ error: any Error, json: Bool) -> Never {
        let message = Root.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        let status = report(CLIError.usage(message.isEmpty ? "invalid arguments" : message), json: json)
        // The parser's full text is "Error: MESSAGE", an optional "Help: …" line, then the usage.
        var lines = Root.fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.first?.hasPrefix("Error: ") == true { lines.removeFirst() }
        // The parser's text quotes the arguments, which may come from anywhere: escaped line by line.
        let rest = lines.map { TerminalText.escaped($0) }.joined(separator: "\n").trimmingCharacters(in: .newlines)
        if !rest.isEmpty { FileHandle.standardError.write(Data((rest + "\n").utf8)) }
        Root.exit(withError: status)
    }
}
