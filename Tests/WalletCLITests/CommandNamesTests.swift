import ArgumentParser
import Testing
@testable import WalletCLI
import WalletCLISupport

/// Cold start (issue 14 §1, decision 0022): swift-argument-parser names a command without a
/// `commandName` with `String(describing: Self.self)`, and each of those costs the Swift runtime
/// several failed protocol-conformance scans over every conformance record in the binary — about
/// a third of `wallet --version`'s time before every command named itself.
@Suite("Cold start: every command names itself")
struct CommandNamesTests {
    @Test("every command in the tree has an explicit commandName")
    func everyCommandNamed() {
        var pending: [any ParsableCommand.Type] = [WalletCommand.self]
        var visited = 0
        while let command = pending.popLast() {
            visited += 1
            #expect(command.configuration.commandName != nil,
                    "\(command) has no commandName: add one to its CommandConfiguration (decision 0022)")
            pending += command.configuration.subcommands
        }
        // The tree was really walked: the root, its groups and their subcommands.
        #expect(visited > 20)
    }
}
