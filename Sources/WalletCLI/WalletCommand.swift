import ArgumentParser
import Foundation
import WalletCrypto

/// The `wallet` command: DIDs and verifiable credentials from the terminal and from scripts.
///
/// Exit codes (docs/cli.md): 0 success or valid, 1 checked and invalid or not resolvable,
/// 2 could not run (I/O, unreadable input), 64 usage error.
@main
struct WalletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "A decentralized identity wallet: DIDs, keys and verifiable credentials.",
        discussion: """
            Exit codes: 0 success, 1 checked and invalid (or not resolvable), 2 could not run, 64 usage error.
            Shell completion: wallet --generate-completion-script bash|zsh|fish
            """,
        version: WalletVersion.current,
        subcommands: [InitCommand.self, DIDCommand.self, KeyCommand.self, VCCommand.self, VPCommand.self, ReceiveCommand.self, PresentCommand.self, ContextCommand.self, StatusCommand.self, LogCommand.self, PassphraseCommand.self, BackupCommand.self, RecoveryPhraseCommand.self, ServeCommand.self, OfferCommand.self, RequestCommand.self]
    )

    /// Turns core dumps off before anything else runs (security requirement 41), then parses
    /// and runs the command. Every failure is reported one way (docs/cli.md, "Errors"):
    /// `wallet: error: CODE: message` on stderr and, with `--json`, `{"error": {"code", "message"}}`
    /// as the one JSON document on stdout — usage errors from the argument parser too (code
    /// `usage`, exit 64, followed on stderr by the command's usage). `--help`, `--version` and
    /// completion scripts print as swift-argument-parser prints them (exit 0).
    static func main() async {
        ProcessHardening.disableCoreDumps()
        let arguments = Array(CommandLine.arguments.dropFirst())
        let json = commandLineRequestsJSON(arguments)
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            reportUsage(error, json: json)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            // Already reported by the command (or a plain exit status, such as `vc verify`'s).
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch {
            // `wallet help COMMAND` and `wallet COMMAND --help` come here (their run() throws the
            // help request), and so may a ValidationError thrown by run(): the parser's own cases.
            switch exitCode(for: error) {
            case .success: exit(withError: error)
            case .validationFailure: reportUsage(error, json: json)
            default: exit(withError: report(CLIError(error), json: json))
            }
        }
    }

    /// A usage error found while parsing (unknown option or command, missing or malformed
    /// argument, a `validate()` refusal): `wallet: error: usage: MESSAGE`, the JSON error object
    /// with `--json`, then the usage lines swift-argument-parser would print, and exit 64.
    private static func reportUsage(_ error: any Error, json: Bool) -> Never {
        let message = self.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        let status = report(CLIError.usage(message.isEmpty ? "invalid arguments" : message), json: json)
        // The parser's full text is "Error: MESSAGE", an optional "Help: …" line, then the usage.
        var lines = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.first?.hasPrefix("Error: ") == true { lines.removeFirst() }
        // The parser's text quotes the arguments, which may come from anywhere: escaped line by line.
        let rest = lines.map { TerminalText.escaped($0) }.joined(separator: "\n").trimmingCharacters(in: .newlines)
        if !rest.isEmpty { FileHandle.standardError.write(Data((rest + "\n").utf8)) }
        exit(withError: status)
    }
}

/// The release version, printed by `wallet --version`.
enum WalletVersion {
    static let current = "0.1.0"
}
