package import ArgumentParser
package import DIDCore
package import WalletKeystore
package import VerifiableCredentials
package import StrictJSON
package import WalletCore

/// A failure to report: a message on stderr (and `{"error": …}` on stdout with `--json`) and
/// the documented exit code.
package struct CLIError: Error {
    package let code: String
    package let message: String
    package let exitCode: Int32

    package static func invalid(_ message: String, code: String = "invalid") -> CLIError {
        CLIError(code: code, message: message, exitCode: WalletExitCode.invalid)
    }

    package static func couldNotRun(_ message: String, code: String = "couldNotRun") -> CLIError {
        CLIError(code: code, message: message, exitCode: WalletExitCode.couldNotRun)
    }

    package static func usage(_ message: String) -> CLIError {
        CLIError(code: "usage", message: message, exitCode: WalletExitCode.usage)
    }

    /// Codes that mean "refused on its merits" (exit 1); all others mean "could not run" (exit 2).
    package static let refusedCodes: Set<String> = [
        "wrongPassphrase", "notFound", "alreadyExists", "keyInUse", "invalidRecoveryPhrase", "invalidPassphrase",
        "invalidBackup", "invalidArgument", "invalidMnemonic", "weakPassphrase", "insecureDirectory", "invalidName",
        "inputTooLarge", "contextConflict", "invalidUserContext",
    ]

    package init(code: String, message: String, exitCode: Int32) {
        self.code = code
        self.message = message
        self.exitCode = exitCode
    }

    package init(_ error: any Error) {
        switch error {
        case let error as CLIError: self = error
        case let error as WalletError: self.init(code: error.code.rawValue, message: error.message)
        case let error as KeystoreError: self.init(code: error.code.rawValue, message: error.message)
        case let error as VCError: self.init(code: error.code.rawValue, message: error.message, exitCode: WalletExitCode.invalid)
        // A DID given as an argument that is not one (`vc issue --holder`): refused on its merits.
        case let error as DIDError: self.init(code: error.code.rawValue, message: error.message, exitCode: WalletExitCode.invalid)
        case let error as ValidationError: self = .usage(error.message)
        default: self.init(code: "couldNotRun", message: "\(error)", exitCode: WalletExitCode.couldNotRun)
        }
    }

    package init(code: String, message: String) {
        self.init(code: code, message: message, exitCode: Self.refusedCodes.contains(code) ? WalletExitCode.invalid : WalletExitCode.couldNotRun)
    }
}

/// Runs a command body, reporting any failure the documented way.
package func reportingErrors(json: Bool, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        throw report(CLIError(error), json: json)
    }
}

/// Whether the command line asks for JSON output: a `--json` before any `--` terminator. Used
/// where the parsed command is not at hand — a usage error — so that the error object is still
/// the one JSON document on stdout.
package func commandLineRequestsJSON(_ arguments: [String]) -> Bool {
    for argument in arguments {
        if argument == "--" { return false }
        if argument == "--json" { return true }
    }
    return false
}

/// Reports `failure` the documented way — `wallet: error: CODE: message` on stderr, and
/// `{"error": {"code", "message"}}` on stdout with `--json` — and returns the exit code to throw.
package func report(_ failure: CLIError, json: Bool) -> ExitCode {
    if json { Terminal.printJSON(["error": ["code": .string(failure.code), "message": .string(failure.message)]]) }
    Terminal.printError("\(failure.code): \(failure.message)")
    return ExitCode(failure.exitCode)
}
