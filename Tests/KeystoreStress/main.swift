import Foundation
import WalletKeystore
import WalletCore
import WalletCrypto

// keystore-stress DIRECTORY PREFIX COUNT
// keystore-stress keys DIRECTORY COUNT
// keystore-stress dids DIRECTORY COUNT
//
// Test helper for the crash and concurrency tests, which kill it at random points.
//
// The first form opens the keystore in DIRECTORY (created by the test with test-speed KDF
// parameters) with the passphrase in STRESS_PASSPHRASE, then inserts COUNT records "PREFIX-0",
// "PREFIX-1", ... one transaction each, printing each id on stdout (flushed) only after its
// transaction has committed.
//
// `keys` and `dids` open the wallet (WalletCore) in DIRECTORY instead and create COUNT keys or
// did:key DIDs one after the other, printing each key id (or DID, tab, key id) once it is stored.

let arguments = CommandLine.arguments
let policy = KDFPolicy(floor: .libraryMinimum, ceiling: .sensitive)

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("keystore-stress: \(message)\n".utf8))
    exit(status)
}

func report(_ line: String) {
    FileHandle.standardOutput.write(Data("\(line)\n".utf8))
}

do {
    let passphrase = try Passphrase(ProcessInfo.processInfo.environment["STRESS_PASSPHRASE"] ?? "stress")
    if arguments.count == 4, ["keys", "dids"].contains(arguments[1]), let count = Int(arguments[3]) {
        let wallet = try Wallet.open(at: URL(fileURLWithPath: arguments[2]), policy: policy)
        try await wallet.unlock(passphrase)
        for _ in 0..<count {
            if arguments[1] == "keys" {
                report(try await wallet.createKey().id)
            } else {
                let did = try await wallet.createDID(method: .key)
                report("\(did.did)\t\(did.keyId)")
            }
        }
        await wallet.close()
    } else if arguments.count == 4, let count = Int(arguments[3]) {
        let prefix = arguments[2]
        let keystore = try Keystore.open(at: URL(fileURLWithPath: arguments[1]), policy: policy)
        try await keystore.unlock(passphrase)
        for index in 0..<count {
            let id = "\(prefix)-\(index)"
            let payload = Array("payload of \(id) ".utf8) + SecureRandom.bytes(count: 200)
            try await keystore.insert(kind: "stress", id: id, payload: payload, indexes: ["prefix": prefix])
            report(id)
        }
    } else {
        fail("usage: keystore-stress DIRECTORY PREFIX COUNT | keystore-stress keys|dids DIRECTORY COUNT", status: 64)
    }
} catch {
    fail("\(error)", status: 1)
}
