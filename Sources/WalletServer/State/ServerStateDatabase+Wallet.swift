public import Foundation

extension ServerStateDatabase {
    /// The file name of the server's state in a wallet directory.
    public static let fileName = "server-state.sqlite"

    /// Opens (or creates) the state database in the wallet directory `directory`, which must exist.
    /// - Throws: ``WalletServerError/Code/stateUnavailable`` when there is no such directory or
    ///   the database cannot be opened.
    public static func open(inWalletDirectory directory: URL) throws(WalletServerError) -> ServerStateDatabase {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WalletServerError(.stateUnavailable, "no wallet directory at \(directory.path)")
        }
        return try open(at: directory.appendingPathComponent(fileName))
    }

    /// The names of the settings `wallet serve` records for the commands that share its database.
    public enum SettingName {
        /// The base URL wallets reach the server at (no trailing slash).
        public static let baseURL = "baseURL"
        /// The verifier's `x509_hash:` client identifier, when `wallet serve` runs the verifier.
        public static let verifierClientID = "verifierClientID"
        /// The DID the issuer signs with, when `wallet serve --issuer` runs the issuer (removed when
        /// the server starts without it).
        public static let issuerDID = "issuerDID"
    }
}
