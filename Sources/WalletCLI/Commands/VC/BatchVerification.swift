import ArgumentParser
import Foundation
import StrictJSON
import VerifiableCredentials

/// `wallet vc verify --batch`: JSON Lines in, JSON Lines out, in input order, on all cores, with
/// memory bounded by a fixed window of lines in flight however long the input is.
struct BatchVerification {
    let verifier: Verifier
    let source: String

    /// Lines in flight at once.
    static let window = max(4, ProcessInfo.processInfo.activeProcessorCount * 32)

    func run() async throws {
        let handle: FileHandle
        if source == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let file = FileHandle(forReadingAtPath: source) else {
                Terminal.printError("cannot read \(source)")
                throw ExitCode(WalletExitCode.couldNotRun)
            }
            handle = file
        }
        let progress = isatty(STDERR_FILENO) == 1
        var reader = LineReader(handle: handle)
        var total = 0, valid = 0, invalid = 0, unreadable = 0
        var output = Data()
        let verifier = self.verifier
        try await withThrowingTaskGroup(of: (Int, VerificationReport?, String?).self) { group in
            var next = 0
            var pending: [Int: (VerificationReport?, String?)] = [:]
            var emitted = 0
            func emit() {
                while let (report, problem) = pending.removeValue(forKey: emitted) {
                    let line: JSONValue
                    if let report {
                        line = report.jsonValue
                        if report.verified { valid += 1 } else { invalid += 1 }
                    } else {
                        line = ["verified": false, "line": .number(JSONNumber(emitted + 1)), "errors": [["code": "malformedJSON", "message": .string(problem ?? "")]]]
                        unreadable += 1
                    }
                    output.append(contentsOf: JSONSerializer().serialize(line))
                    output.append(0x0A)
                    emitted += 1
                }
                if output.count > 1 << 16 {
                    FileHandle.standardOutput.write(output)
                    output.removeAll(keepingCapacity: true)
                }
                if progress && emitted % 100 == 0 {
                    FileHandle.standardError.write(Data("\rverified \(emitted) (\(valid) valid, \(invalid + unreadable) invalid)".utf8))
                }
            }
            while let line = try reader.nextLine() {
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let index = next
                next += 1
                group.addTask {
                    // A line is a JSON object (the credential) or a JSON string (a compact JWT).
                    guard let value = try? JSONParser().parse(line) else { return (index, nil, "line \(index + 1) is not JSON") }
                    if let jwt = value.stringValue { return (index, await verifier.verify(Array(jwt.utf8)), nil) }
                    return (index, await verifier.verify(line), nil)
                }
                if next - emitted >= Self.window, let (index, report, problem) = try await group.next() {
                    pending[index] = (report, problem)
                    emit()
                }
            }
            total = next
            for try await (index, report, problem) in group {
                pending[index] = (report, problem)
                emit()
            }
        }
        FileHandle.standardOutput.write(output)
        if progress { FileHandle.standardError.write(Data("\r".utf8)) }
        FileHandle.standardError.write(Data("wallet: verified \(total) credentials: \(valid) valid, \(invalid + unreadable) invalid\n".utf8))
        throw ExitCode(valid == total ? WalletExitCode.success : WalletExitCode.invalid)
    }
}

/// Reads lines from a file handle in 64 KiB chunks (no line longer than 16 MiB).
struct LineReader {
    let handle: FileHandle
    var buffer: [UInt8] = []
    var start = 0
    var finished = false

    init(handle: FileHandle) { self.handle = handle }

    mutating func nextLine() throws -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return line
            }
            if finished {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            guard buffer.count < 16 << 20 else { throw CLIError.couldNotRun("a line longer than 16 MiB") }
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty { finished = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
