import Foundation

/// Writing command results to stdout or to a file.
enum Output {
    static func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CLIError.couldNotRun("cannot write \(path)")
        }
    }
}
