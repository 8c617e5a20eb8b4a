import ArgumentParser
import Foundation
import StrictJSON
import VerifiableCredentials

/// `wallet vc verify --batch`: JSON Lines in, JSON Lines out, in input order, on all cores, with
/// memory bounded by a fixed window of lines in flight however long the input is. A line over
/// the verifier's limit (1 MiB) gets its `inputTooLarge` report without being held; a line over
/// ``BoundedInput/Limit/batchLine`` (4 MiB) stops the batch (`lineTooLong`, exit 2) after the
/// reports of the lines before it are written.
struct BatchVerification {
    let verifier: Verifier
    let source: String

    /// Lines in flight at once.
    static let window = max(4, ProcessInfo.processInfo.activeProcessorCount * 32)

    /// A line that is a bare compact JWS or SD-JWT — base64url segments joined by `.` (and `~`
    /// for an SD-JWT), with surrounding blanks — as its bytes without the blanks; else nil.
    /// Anything else that is not JSON stays a `malformedJSON` line.
    static func bareCompact(_ line: [UInt8]) -> [UInt8]? {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        guard let first = line.firstIndex(where: { !isBlank($0) }), let last = line.lastIndex(where: { !isBlank($0) }) else { return nil }
        let compact = Array(line[first...last])
        let isCompactByte: (UInt8) -> Bool = { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): true
            default: false
            }
        }
        guard compact.allSatisfy(isCompactByte), compact.contains(UInt8(ascii: ".")) else { return nil }
        return compact
    }

    func run() async throws {
        let isStandardInput = source == "-"
        let name = isStandardInput ? "standard input" : source
        let descriptor = isStandardInput ? STDIN_FILENO : open(source, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw report(BoundedInput.unreadable(name, errno), json: false) }
        defer { if !isStandardInput { close(descriptor) } }
        // Lines stream through a reader that holds at most one line (security requirement 39).
        var reader = LineReader(descriptor: descriptor, name: name, maximumLineBytes: BoundedInput.Limit.batchLine.bytes)
        // A line that cannot be read stops the batch; the reports of the lines before it are still written.
        var failure: CLIError?
        let progress = TerminalProgress.isEnabled  // stderr a terminal, no --quiet (TerminalProgress.swift)
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
                    output.append(contentsOf: TerminalText.jsonEscaped(JSONSerializer().serialize(line)))
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
            while true {
                let line: [UInt8]
                do throws(CLIError) {
                    guard let next = try reader.nextLine() else { break }
                    line = next
                } catch {
                    failure = error
                    break
                }
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let index = next
                next += 1
                // A line longer than a credential may be is refused now, not held in flight: the
                // lines in flight stay within the window × the verifier's limit.
                if line.count > verifier.policy.maximumInputBytes {
                    var tooLarge = VerificationReport()
                    tooLarge.fail(.parse, VCError(.inputTooLarge, "line \(reader.linesRead): \(line.count) bytes, over the limit of \(BoundedInput.describe(verifier.policy.maximumInputBytes))"))
                    pending[index] = (tooLarge, nil)
                    emit()
                    continue
                }
                group.addTask {
                    // A line is a JSON object (the credential), a JSON string (a compact JWT or
                    // SD-JWT), or that compact form bare, as `vc issue` writes it.
                    guard let value = try? JSONParser().parse(line) else {
                        if let compact = Self.bareCompact(line) { return (index, await verifier.verify(compact), nil) }
                        return (index, nil, "line \(index + 1) is neither JSON nor a compact JWT")
                    }
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
        if let failure {
            let done = total == 0 ? "no report was written" : "the reports of the \(total) credentials before it are on stdout"
            throw report(CLIError(code: failure.code, message: "\(failure.message); stopped there: \(done)", exitCode: failure.exitCode), json: false)
        }
        throw ExitCode(valid == total ? WalletExitCode.success : WalletExitCode.invalid)
    }
}
