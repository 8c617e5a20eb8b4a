import WalletCLISupport
import OpenID4VC

extension CLIError {
    /// OpenID4VP codes refused on their merits (exit 1): the request, the verifier or the answer
    /// is not acceptable. The others (`transportFailed`, `walletFailed`) could not run (exit 2).
    static let presentingRefusedCodes: Set<OpenID4VCError.Code> = [
        .invalidMessage, .messageTooLarge, .signatureInvalid, .notFoundOrUsed, .peerError, .unsupportedClientIdPrefix,
        .clientNotAuthenticated, .responseURIRefused, .requestExpired, .walletNonceMismatch, .nonceReused, .noMatchingCredential, .declined,
        .unsupportedEncryption, .decryptionFailed, .invalidCertificate, .untrustedChain,
    ]

    /// A failure of `wallet present`, with the library's stable code.
    static func presenting(_ error: OpenID4VCError) -> CLIError {
        let exit = presentingRefusedCodes.contains(error.code) ? WalletExitCode.invalid : WalletExitCode.couldNotRun
        return CLIError(code: error.code.rawValue, message: error.message, exitCode: exit)
    }
}
