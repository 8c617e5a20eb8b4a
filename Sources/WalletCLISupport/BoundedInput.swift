package import Foundation
#if canImport(Glibc)
import CoreFoundation
#endif
#if canImport(Glibc)
// `stat`'s members by name (MemberImportVisibility): with swift-corelibs-foundation linked
// statically, the release build otherwise finds them only through CoreFoundation; and whether
// Glibc or CoreFoundation is taken as the module that defines `struct stat` depends on which
// loaded <sys/stat.h> first, so both are imported.
import Glibc
#endif
#if canImport(CDispatch)
// In this module `struct stat` may also be taken from CDispatch (through Dispatch).
import CDispatch
#endif
#if canImport(CoreFoundation) && os(Linux)
import CoreFoundation
#endif

/// Reading untrusted input — a file argument, or `-` for standard input — with a cap, never
/// whole before the cap is checked (security requirement 39). At most `limit + 1` bytes are
/// ever read, in 64 KiB chunks with read(2); a regular file whose size is over the limit is
/// refused before any byte is read. Over the limit is `inputTooLarge` (exit 1); a file that
/// cannot be opened or read (missing, a directory, an I/O error) is `unreadableInput` (exit 2).
package enum BoundedInput {
    /// What an input is, and so how large it may be.
    package struct Limit: Sendable, CustomStringConvertible {
        /// The most bytes accepted.
        package let bytes: Int
        /// What is read, for messages ("the credential").
        package let what: String

        package init(bytes: Int, what: String) {
            self.bytes = bytes
            self.what = what
        }

        /// A credential or presentation (the verifier's own limit, `VerificationPolicy.maximumInputBytes`),
        /// a credential subject, a DID document: 1 MiB.
        package static let document = Limit(bytes: 1 << 20, what: "input")
        /// A status list credential file: 2 MiB, as much as a status list fetched over HTTPS.
        package static let statusList = Limit(bytes: 2 << 20, what: "status list credential")
        /// A backup file: 256 MiB.
        package static let backup = Limit(bytes: 256 << 20, what: "backup")
        /// A JSON-LD context document pinned with `--context-file` or `wallet context add`: 1 MiB
        /// (`UserPinnedContext.maximumBytes`).
        package static let context = Limit(bytes: 1 << 20, what: "context document")
        /// One line of `vc verify --batch` (the input as a whole is streamed): 4 MiB.
        package static let batchLine = Limit(bytes: 4 << 20, what: "line")

        package func named(_ what: String) -> Limit { Limit(bytes: bytes, what: what) }

        /// "1048576 bytes (1 MiB)".
        package var description: String { BoundedInput.describe(bytes) }
    }

    /// The bytes read in one read(2) call.
    package static let chunkSize = 1 << 16

    /// Reads `path` (`-`: standard input) whole if it holds at most `limit.bytes` bytes.
    package static func read(_ path: String, limit: Limit) throws(CLIError) -> [UInt8] {
        let isStandardInput = path == "-"
        let name = isStandardInput ? "standard input" : path
        let descriptor = isStandardInput ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(name, errno) }
        defer { if !isStandardInput { close(descriptor) } }
        return try read(descriptor: descriptor, name: name, limit: limit)
    }

    /// Reads `descriptor` to its end if it holds at most `limit.bytes` bytes.
    package static func read(descriptor: Int32, name: String, limit: Limit) throws(CLIError) -> [UInt8] {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw unreadable(name, errno) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            throw unreadable(name, EISDIR)
        case S_IFREG where Int(status.st_size) > limit.bytes:
            // A regular file says how large it is: refused without reading a byte.
            throw tooLarge(name, limit)
        default:
            break
        }
        var bytes: [UInt8] = []
        if status.st_mode & S_IFMT == S_IFREG { bytes.reserveCapacity(Int(status.st_size) + 1) }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while bytes.count <= limit.bytes {
            // Never ask for more than the one byte past the limit that proves the input too large.
            let wanted = min(chunkSize, limit.bytes + 1 - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw unreadable(name, errno)
            }
            if got == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<got])
        }
        throw tooLarge(name, limit)
    }

    package static func tooLarge(_ name: String, _ limit: Limit) -> CLIError {
        CLIError(code: "inputTooLarge", message: "\(name): the \(limit.what) is larger than the limit of \(limit)")
    }

    package static func unreadable(_ name: String, _ error: Int32) -> CLIError {
        CLIError(code: "unreadableInput", message: "cannot read \(name): \(String(cString: strerror(error)))")
    }

    /// "1048576 bytes (1 MiB)", "4096 bytes".
    package static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes) bytes (\(bytes >> 20) MiB)" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes) bytes (\(bytes >> 10) KiB)" }
        return "\(bytes) bytes"
    }
}
