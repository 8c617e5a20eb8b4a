public import Foundation

/// The checks a wallet directory passes before a wallet is created in it (security
/// requirement 11: the directory is 0700, owned by the user).
public enum WalletDirectory {
    /// Prepares `directory` for a new wallet. A directory that does not exist yet is left to the
    /// keystore (which creates it 0700). An existing one must be a directory owned by this user;
    /// if group or others have any access to it, its mode is changed to 0700 and the old mode is
    /// returned so that the caller can say so. Anything else is refused with `insecureDirectory`.
    @discardableResult
    public static func prepare(_ directory: URL) throws(WalletError) -> mode_t? {
        // Open first, then inspect and change the opened directory: a path swapped for another
        // object between a `stat` and a `chmod` cannot redirect the change.
        let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT: return nil
            case ENOTDIR: throw WalletError(.insecureDirectory, "\(directory.path) exists and is not a directory")
            default: throw WalletError(.storageFailure, "cannot open \(directory.path): \(String(cString: strerror(errno)))")
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw WalletError(.storageFailure, "cannot inspect \(directory.path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw WalletError(.insecureDirectory, "\(directory.path) exists and is not a directory")
        }
        guard status.st_uid == geteuid() else {
            throw WalletError(.insecureDirectory, "\(directory.path) belongs to another user (uid \(status.st_uid)); a wallet directory must be your own")
        }
        let mode = status.st_mode & 0o7777
        guard mode & 0o077 != 0 else { return nil }
        guard fchmod(descriptor, 0o700) == 0 else {
            throw WalletError(.insecureDirectory, "\(directory.path) has mode \(String(mode, radix: 8)) and cannot be made private: \(String(cString: strerror(errno)))")
        }
        return mode
    }
}
