import Foundation
import Keystore

/// Reading passphrases and recovery phrases: from a file, then an environment variable, then a
/// prompt on the terminal that does not echo — never from a command-line argument.
enum Secrets {
    /// A passphrase from `file`, else the environment variable `variable`, else a no-echo prompt
    /// (asked twice when `confirm`). Fails with exit code 2 when none is available.
    static func passphrase(file: String?, variable: String, prompt: String, confirm: Bool = false) throws -> Passphrase {
        if let file {
            return try Passphrase(utf8: try readFile(file))
        }
        if let value = ProcessInfo.processInfo.environment[variable] {
            return try Passphrase(value)
        }
        guard isatty(STDIN_FILENO) == 1, let first = readHidden(prompt: "\(prompt): ") else {
            throw CLIError.couldNotRun("no passphrase: use the file option or set \(variable) (no terminal to prompt on)")
        }
        if confirm {
            guard let second = readHidden(prompt: "Repeat \(prompt.prefix(1).lowercased() + prompt.dropFirst()): "), second == first else {
                throw CLIError.invalid("the passphrases do not match")
            }
        }
        return try Passphrase(utf8: first)
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.couldNotRun("cannot read \(path)")
        }
        return Array(data)
    }

    /// Reads one line from the terminal with echo off.
    static func readHidden(prompt: String) -> [UInt8]? {
        let descriptor = open("/dev/tty", O_RDWR)
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
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1 && byte != 0x0A { line.append(byte) }
        return line
    }

    /// Asks a yes/no question on the terminal; `false` when there is no terminal.
    static func confirm(_ question: String) -> Bool {
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
