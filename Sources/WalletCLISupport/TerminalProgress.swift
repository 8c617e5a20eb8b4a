package import ArgumentParser
package import Foundation
import Synchronization

/// Progress for people at a terminal: a counter for long work (`vc verify --batch`, status
/// checks in `vc list`) and a spinner while a key is derived at the `sensitive` Argon2id preset
/// and while the whole credential store or disclosure log is read (`vc list`, `log list`,
/// `log export`).
/// Written only to stderr, and only when stderr is a terminal and `--quiet` was not given: a
/// script (stderr a pipe or file) never sees it, and stdout never carries it.
package enum TerminalProgress {
    private static let silenced = Atomic<Bool>(false)

    /// `--quiet`: no progress for the rest of the run.
    package static func silence(_ quiet: Bool) { if quiet { silenced.store(true, ordering: .relaxed) } }

    /// Whether progress is shown: stderr is a terminal and `--quiet` was not given.
    package static var isEnabled: Bool { !silenced.load(ordering: .relaxed) && isatty(STDERR_FILENO) == 1 }

    /// "\r" then erase to the end of the line (ECMA-48 EL): the progress line disappears.
    package static let clearLine = "\r\u{1B}[K"

    package static func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// Runs `body` with a spinner and `message` on stderr (when ``isEnabled``), cleared after.
    package static func spinning<T>(_ message: String, _ body: () async throws -> T) async throws -> T {
        guard isEnabled else { return try await body() }
        let frames = ["|", "/", "-", "\\"]
        // The first frame is written before the work starts, so even short work shows it.
        write("\r\(frames[0]) \(message)")
        let spinner = Task {
            var frame = 1
            while !Task.isCancelled {
                write("\r\(frames[frame % frames.count]) \(message)")
                frame += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        // The spinner has stopped writing before its line is cleared.
        spinner.cancel()
        await spinner.value
        write(clearLine)
        return try result.get()
    }

    /// A counter line ("checked 300 of 1200"), rewritten at most every `step` items; nil when
    /// progress is not shown.
    package final class Counter {
        package let label: String
        package let total: Int?
        package let step: Int

        package init?(_ label: String, total: Int? = nil, step: Int = 100) {
            guard TerminalProgress.isEnabled else { return nil }
            self.label = label
            self.total = total
            self.step = max(1, step)
        }

        package func update(_ done: Int, detail: String = "") {
            guard done % step == 0 || done == total else { return }
            let of = total.map { " of \($0)" } ?? ""
            TerminalProgress.write("\r\(label) \(done)\(of)\(detail.isEmpty ? "" : " (\(detail))")")
        }

        package func finish() { TerminalProgress.write(TerminalProgress.clearLine) }
    }
}

/// `--quiet` on the commands that take no ``GlobalOptions`` (`vc verify`).
package struct ProgressOptions: ParsableArguments {
    package init() {}

    @Flag(name: .long, help: "Show no progress on the terminal (progress goes to stderr, only when it is a terminal).")
    package var quiet = false

    package func apply() { TerminalProgress.silence(quiet) }
}
