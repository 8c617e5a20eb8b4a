import WalletCLISupport
import ArgumentParser
import Foundation
import StrictJSON
import VerifiableCredentials

/// `wallet vc verify --batch`: JSON Lines in, JSON Lines out, in input order, on all cores, with
/// memory bounded by a fixed window of chunks in flight however long the input is. One task
/// reads lines into chunks and writes the finished chunks' reports in order; each chunk is
/// parsed, verified and serialised by a task of its own (decision 0023). A line over
/// the verifier's limit (1 MiB) gets its `inputTooLarge` report without being held; a line over
/// ``BoundedInput/Limit/batchLine`` (4 MiB) stops the batch (`lineTooLong`, exit 2) after the
/// reports of the lines before it are written.
struct BatchVerification {
    let verifier: Verifier
    let source: String

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

    /// One line to verify, numbered among the non-blank lines (from 0), or the report of a line
    /// refused for its length, which is not held.
    enum Item: Sendable {
        case line(index: Int, bytes: [UInt8])
        case tooLarge(index: Int, message: String)
    }

    /// How a line came out, for the counts on stderr.
    enum Verdict: Sendable { case valid, invalid, unreadable }

    /// The reports of one chunk of lines as JSON Lines, and each line's verdict, in input order.
    struct ChunkResult: Sendable {
        let chunk: Int
        let output: [UInt8]
        let verdicts: [Verdict]
    }

    /// Lines given to one task: a chunk closes at this many lines, or earlier at ``chunkBytes``.
    static let chunkLines = 64
    static let chunkBytes = 256 << 10
    /// Chunks read and not yet written, at most: every core stays busy while the reader fills the
    /// next chunk, and the bytes held stay under window × (chunkBytes + the verifier's limit).
    static let window = max(4, ProcessInfo.processInfo.activeProcessorCount * 4)

    /// Verifies and serialises one chunk, on whichever core is free: parsing, verification and the
    /// report's JSON all happen here, so the reading and writing task only moves bytes.
    static func verify(_ items: [Item], chunk: Int, verifier: Verifier) async -> ChunkResult {
        var output: [UInt8] = []
        var verdicts: [Verdict] = []
        verdicts.reserveCapacity(items.count)
        for item in items {
            let line: JSONValue
            switch item {
            case .tooLarge(_, let message):
                var tooLarge = VerificationReport()
                tooLarge.fail(.parse, VCError(.inputTooLarge, message))
                line = tooLarge.jsonValue
                verdicts.append(.invalid)
            case .line(let index, let bytes):
                // A line is a JSON object (the credential), a JSON string (a compact JWT or
                // SD-JWT), or that compact form bare, as `vc issue` writes it.
                let report: VerificationReport
                if let value = try? JSONParser().parse(bytes) {
                    report = await verifier.verify(value.stringValue.map { Array($0.utf8) } ?? bytes)
                } else if let compact = bareCompact(bytes) {
                    report = await verifier.verify(compact)
                } else {
                    line = ["verified": false, "line": .number(JSONNumber(index + 1)),
                            "errors": [["code": "malformedJSON", "message": .string("line \(index + 1) is neither JSON nor a compact JWT")]]]
                    verdicts.append(.unreadable)
                    output += TerminalText.jsonEscaped(JSONSerializer().serialize(line))
                    output.append(0x0A)
                    continue
                }
                line = report.jsonValue
                verdicts.append(report.verified ? .valid : .invalid)
            }
            output += TerminalText.jsonEscaped(JSONSerializer().serialize(line))
            output.append(0x0A)
        }
        return ChunkResult(chunk: chunk, output: output, verdicts: verdicts)
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
        var total = 0, valid = 0, invalid = 0, unreadable = 0, done = 0
        var output: [UInt8] = []
        let verifier = self.verifier

        /// One line done: its report is in `output`, in input order. The one place that counts lines.
        func lineDone(_ verdict: Verdict) {
            switch verdict {
            case .valid: valid += 1
            case .invalid: invalid += 1
            case .unreadable: unreadable += 1
            }
            done += 1
            if progress && done % 100 == 0 {
                FileHandle.standardError.write(Data("\rverified \(done) (\(valid) valid, \(invalid + unreadable) invalid)".utf8))
            }
        }

        await withTaskGroup(of: ChunkResult.self) { group in
            var items: [Item] = []
            var itemBytes = 0
            var submitted = 0, written = 0
            var finished: [Int: ChunkResult] = [:]
            func submit() {
                let chunk = items, number = submitted
                group.addTask { await Self.verify(chunk, chunk: number, verifier: verifier) }
                submitted += 1
                items = []
                itemBytes = 0
            }
            func collect(_ result: ChunkResult) {
                finished[result.chunk] = result
                while let next = finished.removeValue(forKey: written) {
                    output += next.output
                    for verdict in next.verdicts { lineDone(verdict) }
                    written += 1
                }
                if output.count > 1 << 16 {
                    FileHandle.standardOutput.write(Data(output))
                    output.removeAll(keepingCapacity: true)
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
                let index = total
                total += 1
                // A line longer than a credential may be is refused now, not held in flight: the
                // lines in flight stay within the window × (chunk + the verifier's limit).
                if line.count > verifier.policy.maximumInputBytes {
                    items.append(.tooLarge(index: index, message: "line \(reader.linesRead): \(line.count) bytes, over the limit of \(BoundedInput.describe(verifier.policy.maximumInputBytes))"))
                } else {
                    items.append(.line(index: index, bytes: line))
                    itemBytes += line.count
                }
                guard items.count >= Self.chunkLines || itemBytes >= Self.chunkBytes else { continue }
                submit()
                while submitted - written >= Self.window, let result = await group.next() { collect(result) }
            }
            if !items.isEmpty { submit() }
            while let result = await group.next() { collect(result) }
        }
        FileHandle.standardOutput.write(Data(output))
        if progress { FileHandle.standardError.write(Data("\r".utf8)) }
        FileHandle.standardError.write(Data("wallet: verified \(total) credentials: \(valid) valid, \(invalid + unreadable) invalid\n".utf8))
        if let failure {
            let done = total == 0 ? "no report was written" : "the reports of the \(total) credentials before it are on stdout"
            throw report(CLIError(code: failure.code, message: "\(failure.message); stopped there: \(done)", exitCode: failure.exitCode), json: false)
        }
        throw ExitCode(valid == total ? WalletExitCode.success : WalletExitCode.invalid)
    }
}
