package import Foundation

/// Reads lines from a file descriptor with read(2), in chunks, none longer than a cap: the input
/// as a whole may be endless, the memory held is at most one line plus one chunk (security
/// requirement 39). Each byte is searched for a line end once, however long the lines and
/// however small the chunks (``scannedBytes`` counts them), so reading is linear in the input.
package struct LineReader {
    package let descriptor: Int32
    /// The input's name in messages.
    package let name: String
    /// The longest line accepted, without its line feed.
    package let maximumLineBytes: Int
    /// The bytes asked for in one read(2).
    package let chunkSize: Int

    private var buffer: [UInt8] = []
    private var chunk: [UInt8]
    /// Where the current line starts in `buffer`.
    private var start = 0
    /// How far `buffer` has been searched for a line feed (from `start` on).
    private var searched = 0
    private var finished = false
    /// The lines returned so far (blank ones included): the next line is number `linesRead + 1`.
    package private(set) var linesRead = 0
    /// The bytes searched for a line feed so far: never more than the bytes read.
    package private(set) var scannedBytes = 0
    /// The bytes read so far.
    package private(set) var bytesRead = 0

    package init(descriptor: Int32, name: String, maximumLineBytes: Int, chunkSize: Int = BoundedInput.chunkSize) {
        precondition(maximumLineBytes > 0 && chunkSize > 0)
        self.descriptor = descriptor
        self.name = name
        self.maximumLineBytes = maximumLineBytes
        self.chunkSize = chunkSize
        self.chunk = [UInt8](repeating: 0, count: chunkSize)
    }

    /// The next line without its line feed, or `nil` at the end of the input. Throws
    /// `lineTooLong` (exit 2) as soon as a line grows past the cap, and `unreadableInput` when
    /// read(2) fails.
    package mutating func nextLine() throws(CLIError) -> [UInt8]? {
        while true {
            if let newline = searchNewBytes() {
                guard newline - start <= maximumLineBytes else { throw tooLong() }
                let line = Array(buffer[start..<newline])
                start = newline + 1
                searched = start
                linesRead += 1
                return line
            }
            guard buffer.count - start <= maximumLineBytes else { throw tooLong() }
            if finished {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                searched = start
                linesRead += 1
                return line
            }
            if start > 0 {
                // Only the unfinished line is kept: at most the cap plus one chunk.
                buffer.removeSubrange(0..<start)
                searched -= start
                start = 0
            }
            try fill()
        }
    }

    /// The index of the first line feed in the bytes not searched yet, searching each byte once.
    private mutating func searchNewBytes() -> Int? {
        let from = searched
        let count = buffer.count - from
        guard count > 0 else { return nil }
        let found: Int? = buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, let match = memchr(base + from, 0x0A, count) else { return nil }
            return base.distance(to: UnsafeRawPointer(match))
        }
        scannedBytes += (found.map { $0 + 1 } ?? buffer.count) - from
        searched = found.map { $0 + 1 } ?? buffer.count
        return found
    }

    /// Appends one chunk from the descriptor, or marks the end of the input.
    private mutating func fill() throws(CLIError) {
        var got = 0
        var failure: Int32 = 0
        repeat {
            got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            failure = errno
        } while got < 0 && failure == EINTR
        if got < 0 { throw BoundedInput.unreadable(name, failure) }
        if got == 0 { finished = true; return }
        buffer.append(contentsOf: chunk[0..<got])
        bytesRead += got
    }

    private func tooLong() -> CLIError {
        CLIError(code: "lineTooLong",
                 message: "\(name): line \(linesRead + 1) is longer than the limit of \(BoundedInput.describe(maximumLineBytes))",
                 exitCode: WalletExitCode.couldNotRun)
    }
}
