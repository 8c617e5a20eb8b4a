import WalletCLISupport
import Foundation
import WalletServer

/// What `serve`, `offer` and `request` share: the state database of the wallet directory, and
/// the server's errors reported the CLI's way.
enum ServerCLI {
    /// The server state of the wallet directory the options name.
    static func state(_ options: GlobalOptions) throws -> ServerStateDatabase {
        try mapping { () throws(WalletServerError) in try ServerStateDatabase.open(inWalletDirectory: WalletSession.directory(options)) }
    }

    /// Runs `body`, turning a ``WalletServerError`` into the CLI's error with the same code:
    /// refused on its merits (exit 1) for an unknown or expired identifier and for text no QR code
    /// holds, could not run (exit 2) otherwise.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as WalletServerError { throw cliError(error) }
    }

    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as WalletServerError { throw cliError(error) }
    }

    static func cliError(_ error: WalletServerError) -> CLIError {
        let refused: Set<WalletServerError.Code> = [.unknownOrExpired, .qrCodeInputRefused]
        return CLIError(code: error.code.rawValue, message: error.message,
                        exitCode: refused.contains(error.code) ? WalletExitCode.invalid : WalletExitCode.couldNotRun)
    }
}
