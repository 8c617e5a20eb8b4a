import ArgumentParser
import Foundation
import TestSupport
import Testing
@testable import WalletCLI
import WalletCLISupport

/// docs/cli.md carries, for every command of the tree, its `--help` text exactly (section
/// "Command reference"): the test walks the command tree — so a command added without docs fails
/// — runs the built binary's `--help` for each, and compares. `UPDATE_CLI_DOCS=1` rewrites the
/// section from the binary instead (then review the diff).
@Suite("CLI: docs/cli.md matches --help for every command")
struct HelpDocumentationTests {
    /// Every command path: `[]` (wallet itself), `["vc"]`, `["vc", "issue"]`, … in tree order.
    static func commandPaths(_ command: any ParsableCommand.Type = WalletCommand.self, prefix: [String] = []) -> [[String]] {
        var paths = [prefix]
        for subcommand in command.configuration.subcommands {
            paths += commandPaths(subcommand, prefix: prefix + [subcommand._commandName])
        }
        return paths
    }

    /// The width the help is rendered at, in the docs and here.
    static let columns = "100"

    static func help(_ path: [String]) throws -> String {
        let output = try CommandRunner.run(path + ["--help"], environment: ["COLUMNS": columns])
        #expect(output.status == 0, "\(path): \(output.stderr)")
        return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func heading(_ path: [String]) -> String { "### `" + (["wallet"] + path + ["--help"]).joined(separator: " ") + "`" }

    /// The reference section as it should be.
    static func reference() throws -> String {
        var text = "## Command reference\n\n"
        text += "The `--help` text of every command, exactly as `wallet` prints it (at \(columns) columns); a test compares each one with the binary.\n"
        for path in commandPaths() {
            text += "\n\(heading(path))\n\n```text\n\(try help(path))\n```\n"
        }
        return text
    }

    @Test("The command tree has the expected commands (the walk finds nested ones)")
    func tree() {
        let paths = Self.commandPaths().map { $0.joined(separator: " ") }
        for expected in ["", "vc", "vc issue", "vc verify", "vp create", "context add", "context list", "context remove", "status publish"] {
            #expect(paths.contains(expected), "\(expected) missing from \(paths)")
        }
    }

    @Test("Every command's --help is in docs/cli.md, exactly")
    func helpMatchesDocs() throws {
        let url = Fixtures.packageRoot.appendingPathComponent("docs/cli.md")
        let docs = try String(contentsOf: url, encoding: .utf8)
        let marker = "\n## Command reference\n"
        if ProcessInfo.processInfo.environment["UPDATE_CLI_DOCS"] == "1" {
            // Trailing line breaks trimmed: the marker starts at the blank line's break, so the head keeps one more each run otherwise.
            let head = (docs.range(of: marker).map { String(docs[..<$0.lowerBound]) } ?? docs).trimmingCharacters(in: .newlines)
            try (head + "\n\n" + Self.reference()).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let start = try #require(docs.range(of: marker), "docs/cli.md has no \"## Command reference\" section")
        let section = String(docs[start.upperBound...])
        for path in Self.commandPaths() {
            let heading = Self.heading(path)
            guard let found = section.range(of: "\n\(heading)\n\n```text\n") else {
                Issue.record("docs/cli.md: no help block for `wallet \(path.joined(separator: " "))` (\(heading))")
                continue
            }
            let body = section[found.upperBound...]
            let end = try #require(body.range(of: "\n```\n"))
            let documented = String(body[..<end.lowerBound])
            let actual = try Self.help(path)
            #expect(documented == actual, "docs/cli.md differs from `wallet \(path.joined(separator: " ")) --help` (UPDATE_CLI_DOCS=1 rewrites it):\n\(actual)")
        }
    }

    /// The entries of the ARGUMENTS and OPTIONS parts of a help text: a line indented by two
    /// spaces starts one, more deeply indented lines continue it.
    static func entries(_ help: String) -> [String] {
        var entries: [String] = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(":") && !line.hasPrefix(" ") { inOptions = line == "ARGUMENTS:" || line == "OPTIONS:"; continue }
            guard inOptions, !line.isEmpty else { continue }
            if line.hasPrefix("  ") && !line.hasPrefix("   ") { entries.append(String(line)) } else if !entries.isEmpty { entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) }
        }
        return entries
    }

    @Test("Help prints each default once and lists every format")
    func defaultsOnce() throws {
        for path in Self.commandPaths() {
            for entry in Self.entries(try Self.help(path)) {
                let defaults = entry.lowercased().ranges(of: "default").count
                #expect(defaults <= 1, "`wallet \(path.joined(separator: " ")) --help` says default more than once: \(entry)")
            }
        }
        let issue = try Self.help(["vc", "issue"])
        for format in ["jwt", "di-jcs", "di-rdfc", "ed25519-2020", "jwt-legacy", "sd-jwt"] {
            #expect(issue.contains(format), "vc issue --help does not name \(format)")
        }
        let verify = try Self.help(["vc", "verify"])
        for format in ["vc+jwt", "vp+jwt", "VC 1.1 JWT", "SD-JWT", "eddsa-jcs-2022", "eddsa-rdfc-2022", "Ed25519Signature2020", "Ed25519Signature2018"] {
            #expect(verify.contains(format), "vc verify --help does not name \(format)")
        }
        let create = try Self.help(["vp", "create"])
        for format in ["jwt", "di-jcs", "di-rdfc", "ed25519-2020", "sd-jwt"] { #expect(create.contains(format)) }
        // vp create offers only what it makes: no jwt-legacy among its values.
        #expect(!create.contains("jwt-legacy"), "\(create)")
    }
}
