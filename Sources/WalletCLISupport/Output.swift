package import ArgumentParser
package import Foundation
#if canImport(CoreFoundation) && os(Linux)
// `stat`'s members by name (MemberImportVisibility): whether Glibc or CoreFoundation is taken as
// the module that defines `struct stat` depends on which loaded <sys/stat.h> first; import both.
import CoreFoundation
import Glibc
#endif
#if canImport(CDispatch)
// In this module `struct stat` may also be taken from CDispatch (through Dispatch).
import CDispatch
#endif
package import StrictJSON

/// `--out FILE` and `--force`: what `vc issue`, `vp create` and `status publish` write, to a
/// private file or to stdout.
package struct OutputFileOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of stdout (created with mode 0600; an existing file only with --force).",
                                            valueName: "file"))
    package var out: String?

    @Flag(name: .long, help: "With --out: replace an existing file.")
    package var force = false

    package func validate() throws {
        if force && (out == nil || out == "-") { throw ValidationError("--force goes with --out FILE") }
    }

    /// Fails with `alreadyExists` (exit 1) when `--out` names an existing file and `--force` is
    /// absent: called before the command does anything, so a refusal costs nothing and changes nothing.
    package func refuseExistingFile() throws(CLIError) {
        if let out, out != "-", !force { try PrivateFile.refuseExisting(out) }
    }

    /// What a command that writes a credential, presentation or status list prints, with or
    /// without `--json`. Without it: `bytes` on stdout, or into the `--out` file. With it, one JSON
    /// object on stdout: `{NAME: value, …summary}`, or when the bytes went to a file
    /// `{"file": PATH, "bytes": N, …summary}`.
    package func write(_ bytes: [UInt8], json: Bool, as name: String, value: JSONValue, summary: JSONObject) throws(CLIError) {
        guard json else { return try write(bytes) }
        var object = summary
        if let out, out != "-" {
            try PrivateFile.write(bytes, to: out, replacing: force)
            object["file"] = .string(out)
            object["bytes"] = .number(JSONNumber(bytes.count))
        } else {
            object[name] = value
        }
        Terminal.printJSON(.object(object))
    }

    /// Writes `bytes` to stdout, or to the `--out` file as a ``PrivateFile``.
    package func write(_ bytes: [UInt8]) throws(CLIError) {
        guard let out, out != "-" else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        try PrivateFile.write(bytes, to: out, replacing: force)
    }
}

/// Files the wallet writes (`--out`, backups): credentials and backups carry personal data and
/// keys, so each is created with mode 0600 and appears whole or not at all (security
/// requirement 41, [decision 0014](../../../docs/decisions/0014-bounded-input-and-terminal-text.md)).
///
/// The bytes go to a new temporary file in the same directory (`O_CREAT | O_EXCL`, mode 0600,
/// whatever the umask), are synced, and the file is then moved into place: with `link(2)` when
/// an existing file must not be replaced (it fails if the name exists, even if the file appeared
/// after the check), with `rename(2)` when it may be. On any failure the temporary file is removed.
package enum PrivateFile {
    /// Fails with `alreadyExists` if something exists at `path` (a dangling symbolic link too).
    package static func refuseExisting(_ path: String) throws(CLIError) {
        var status = stat()
        if lstat(path, &status) == 0 {
            throw CLIError(code: "alreadyExists", message: "\(path) exists; use --force to replace it")
        }
    }

    package static func write(_ bytes: [UInt8], to path: String, replacing: Bool) throws(CLIError) {
        if !replacing { try refuseExisting(path) }
        let (directory, name) = split(path)
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<8 {
            temporary = "\(directory)/.\(name).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw failure(path, errno) }
        var placed = false
        defer { if !placed { unlink(temporary) } }
        var isOpen = true
        defer { if isOpen { close(descriptor) } }
        // The umask can only clear bits; fchmod makes the mode exactly 0600.
        guard fchmod(descriptor, 0o600) == 0 else { throw failure(path, errno) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw failure(path, written < 0 ? errno : EIO) }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw failure(path, errno) }
        isOpen = false
        guard close(descriptor) == 0 else { throw failure(path, errno) }
        if replacing {
            guard rename(temporary, path) == 0 else { throw failure(path, errno) }
        } else if link(temporary, path) == 0 {
            unlink(temporary)
        } else {
            let error = errno
            if error == EEXIST { throw CLIError(code: "alreadyExists", message: "\(path) exists; use --force to replace it") }
            // A file system without hard links: check again, then rename.
            guard [EPERM, EOPNOTSUPP, ENOTSUP, EMLINK].contains(error) else { throw failure(path, error) }
            try refuseExisting(path)
            guard rename(temporary, path) == 0 else { throw failure(path, errno) }
        }
        placed = true
        // The new name is durable once the directory is synced (best effort: not every file system allows it).
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// The directory (`.` when none is given) and the last component of `path`.
    package static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func failure(_ path: String, _ error: Int32) -> CLIError {
        CLIError.couldNotRun("cannot write \(path): \(String(cString: strerror(error)))")
    }
}
