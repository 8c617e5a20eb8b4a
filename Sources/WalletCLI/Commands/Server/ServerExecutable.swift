import ArgumentParser
import Foundation
import WalletCLISupport
#if canImport(Glibc)
import Glibc
#endif

/// The server commands — `serve`, `offer`, `request` — live in `wallet-serve`, an executable installed
/// beside `wallet` (decision 0038): the HTTP server and its dependencies stay out of the binary
/// every other command starts (issue 14's cold start). `wallet` hands such a command line over
/// with `execv(2)`, unchanged, so the server runs in the same process (same pid, signals and
/// exit status) and reports the same way.
enum ServerExecutable {
    /// The program's file name.
    static let name = "wallet-serve"
    /// Whether `arguments` name a server command: `serve …`, `offer …`, `request …`, or
    /// `help serve …`. A `switch` over the names: every command starts here, and a `Set<String>`
    /// would instantiate generic metadata (runtime conformance lookups) on its first use.
    static func handles(_ arguments: [String]) -> Bool {
        guard let first = arguments.first else { return false }
        if first == "help", arguments.count > 1 { return isServerCommand(arguments[1]) }
        return isServerCommand(first)
    }

    static func isServerCommand(_ name: String) -> Bool {
        switch name {
        case "serve", "offer", "request": return true
        default: return false
        }
    }

    /// Replaces this process with `wallet-serve ARGUMENTS`; if that fails, reports why (exit 2).
    static func run(_ arguments: [String]) -> Never {
        let json = commandLineRequestsJSON(arguments)
        guard let path = siblingPath() else {
            WalletCommand.exit(withError: report(.couldNotRun("the path of this program is unknown, so \(name) cannot be found beside it",
                                                              code: "serverNotInstalled"), json: json))
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let code = errno   // before anything else can change it
        let reason = String(cString: strerror(code))
        let failure: CLIError = code == ENOENT
            ? .couldNotRun("\(path) is missing: the server commands run from \(name), which is built and installed beside wallet (make install)",
                           code: "serverNotInstalled")
            : .couldNotRun("\(path) could not be run: \(reason)", code: "serverNotInstalled")
        WalletCommand.exit(withError: report(failure, json: json))
    }

    /// `wallet-serve` in the directory of the running executable (symbolic links resolved, so an
    /// installed link to `wallet` finds the real one's sibling).
    static func siblingPath() -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let executable = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path else { return nil }
        #endif
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path
    }
}
