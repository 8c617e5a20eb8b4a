public import Foundation
import WalletKeystore

/// Where a wallet lives: a directory (mode 0700) holding `wallet.sqlite` (mode 0600).
public enum WalletLocation {
    /// The wallet directory: `explicit` (`--wallet DIR`), else `WALLET_HOME`, else the platform
    /// default — `$XDG_DATA_HOME/wallet` or `~/.local/share/wallet` on Linux,
    /// `~/Library/Application Support/wallet` on macOS.
    public static func directory(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let home = environment["WALLET_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        #if os(macOS)
        let base = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent("Library/Application Support")
        return base.appendingPathComponent("wallet")
        #else
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("wallet")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/wallet")
        #endif
    }

    /// The database file inside a wallet directory.
    public static func databaseURL(in directory: URL) -> URL {
        Keystore.databaseURL(in: directory)
    }

    /// Warnings when the directory or the database are readable by others (security requirement 11).
    public static func permissionWarnings(for directory: URL) -> [String] {
        var warnings: [String] = []
        let manager = FileManager.default
        let database = databaseURL(in: directory)
        for (url, expected) in [(directory, 0o700), (database, 0o600)] {
            guard let attributes = try? manager.attributesOfItem(atPath: url.path),
                  let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue else { continue }
            if mode & 0o077 != 0 {
                warnings.append("\(url.path) has mode \(String(mode, radix: 8)); expected \(String(expected, radix: 8)) (chmod \(String(expected, radix: 8)) \(url.path))")
            }
        }
        return warnings
    }
}
