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
package import WalletKeystore
package import WalletCrypto

/// Reading passphrases and recovery phrases: from a file, then an environment variable, then a
/// prompt on the terminal that does not echo — never from a command-line argument.
package enum Secrets {
    /// The longest passphrase or recovery phrase read from a file, stdin or a terminal.
    package static let maximumSecretBytes = 4096

    /// A passphrase from `file`, else the environment variable `variable`, else a no-echo prompt
    /// (asked twice when `confirm`). Fails with exit code 2 when none is available. The bytes go
    /// straight from the file, the environment or the terminal into secure memory; the
    /// environment variable is wiped and removed once read (security requirement 41).
    package static func passphrase(file: String?, variable: String, prompt: String, confirm: Bool = false) throws -> Passphrase {
        if let file {
            return try Passphrase(secureUTF8: try readSecretFile(file, what: "passphrase"))
        }
        if let value = takeEnvironmentSecret(variable) {
            return try Passphrase(secureUTF8: value)
        }
        guard isatty(STDIN_FILENO) == 1, let first = readHiddenSecret(prompt: "\(prompt): ") else {
            throw CLIError.couldNotRun("no passphrase: use the file option or set \(variable) (no terminal to prompt on)")
        }
        if confirm {
            guard let second = readHiddenSecret(prompt: "Repeat \(prompt.prefix(1).lowercased() + prompt.dropFirst()): "),
                  second.constantTimeEquals(first) else {
                throw CLIError.invalid("the passphrases do not match")
            }
        }
        return try Passphrase(secureUTF8: first)
    }

    /// Reads the environment variable `name` into secure memory, then overwrites the process's
    /// copy with zeros and removes it, so that the only copy left is the secure one.
    package static func takeEnvironmentSecret(_ name: String) -> SecureBytes? {
        guard let value = getenv(name) else { return nil }
        let length = strlen(value)
        let secret = SecureBytes(count: length) { buffer in
            if length > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(start: value, count: length)) }
        }
        memset(value, 0, length)
        unsetenv(name)
        return secret
    }

    /// Reads a secret (a passphrase or recovery phrase file, or `-` for stdin) into secure
    /// memory, at most ``maximumSecretBytes``; warns when the file is readable by others.
    package static func readSecretFile(_ path: String, what: String) throws -> SecureBytes {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CLIError.couldNotRun("cannot read \(path): \(String(cString: strerror(errno)))", code: "unreadableInput")
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_mode & 0o077 != 0 {
            Terminal.printWarning("\(path) is readable by other users (mode \(String(status.st_mode & 0o777, radix: 8))); make it private with chmod 600")
        }
        var length = 0
        var failure: Int32 = 0
        let buffer = SecureBytes(count: maximumSecretBytes + 1) { buffer in
            while length < buffer.count {
                let got = read(descriptor, buffer.baseAddress! + length, buffer.count - length)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failure = errno; break }
                if got == 0 { break }
                length += got
            }
        }
        guard failure == 0 else {
            throw CLIError.couldNotRun("cannot read \(path): \(String(cString: strerror(failure)))", code: "unreadableInput")
        }
        guard length <= maximumSecretBytes else {
            throw CLIError.invalid("the \(what) in \(path) is longer than \(maximumSecretBytes) bytes", code: "inputTooLarge")
        }
        return buffer.prefix(length)
    }

    /// Reads one line from the terminal with echo off, into secure memory (at most
    /// ``maximumSecretBytes``; the rest of a longer line is read and dropped).
    package static func readHiddenSecret(prompt: String) -> SecureBytes? {
        let descriptor = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        _ = prompt.withCString { write(descriptor, $0, strlen($0)) }
        var original = termios()
        tcgetattr(descriptor, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(descriptor, TCSAFLUSH, &silent)
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &original)
            _ = write(descriptor, "\n", 1)
        }
        var length = 0
        let buffer = SecureBytes(count: maximumSecretBytes) { buffer in
            var byte: UInt8 = 0
            while read(descriptor, &byte, 1) == 1 && byte != 0x0A {
                if length < buffer.count { buffer[length] = byte; length += 1 }
            }
            byte = 0
        }
        return buffer.prefix(length)
    }

    /// Asks a yes/no question on the terminal; `false` when there is no terminal.
    package static func confirm(_ question: String) -> Bool {
        guard isatty(STDIN_FILENO) == 1 else { return false }
        let descriptor = open("/dev/tty", O_RDWR)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        _ = "\(question) [type yes]: ".withCString { write(descriptor, $0, strlen($0)) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1 && byte != 0x0A { line.append(byte) }
        return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased() == "yes"
    }
}
