import Foundation
import Keystore
import WalletCrypto

// keystore-stress DIRECTORY PREFIX COUNT
//
// Test helper: opens the wallet in DIRECTORY (created by the test with test-speed KDF
// parameters) with the passphrase in STRESS_PASSPHRASE, then inserts COUNT records
// "PREFIX-0", "PREFIX-1", ... one transaction each, printing each id on stdout (flushed) only
// after its transaction has committed. The keystore tests kill it at random points.

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: keystore-stress DIRECTORY PREFIX COUNT\n".utf8))
    exit(64)
}
let directory = URL(fileURLWithPath: arguments[1])
let prefix = arguments[2]
let policy = KDFPolicy(floor: .libraryMinimum, ceiling: .sensitive)

do {
    let passphrase = try Passphrase(ProcessInfo.processInfo.environment["STRESS_PASSPHRASE"] ?? "stress")
    let keystore = try Keystore.open(at: directory, policy: policy)
    try await keystore.unlock(passphrase)
    for index in 0..<count {
        let id = "\(prefix)-\(index)"
        let payload = Array("payload of \(id) ".utf8) + SecureRandom.bytes(count: 200)
        try await keystore.insert(kind: "stress", id: id, payload: payload, indexes: ["prefix": prefix])
        FileHandle.standardOutput.write(Data("\(id)\n".utf8))
    }
} catch {
    FileHandle.standardError.write(Data("keystore-stress: \(error)\n".utf8))
    exit(1)
}
