import Foundation
import WalletKeystore
import Testing
import WalletCrypto

/// The unencrypted backup form is security-relevant input: parsed with StrictJSON (decision
/// 0001), exact members, and checked as a whole before a restore writes anything.
@Suite("Keystore backup parsing and validation")
struct KeystoreBackupTests {
    static let record = #"{"kind":"did","id":"a","payload":"AAEC"}"#

    @Test("The plaintext form round-trips, names and payloads byte for byte")
    func roundTrip() throws {
        let entries = [KeystoreBackup.Entry(kind: "did", id: "ключ \"1\"\n", payload: SecureBytes(copying: [0, 1, 2, 255]))]
        let parsed = try KeystoreBackup.parseUnsafePlaintext(KeystoreBackup.unsafePlaintext(entries))
        #expect(parsed.count == 1 && parsed[0].kind == "did" && parsed[0].id == "ключ \"1\"\n")
        #expect(parsed[0].payload.withUnsafeBytes { Array($0) } == [0, 1, 2, 255])
    }

    @Test("Duplicate or unknown members, non-I-JSON text, another format or version: invalidBackup", arguments: [
        // A duplicate member: Foundation's JSONDecoder took one of the two silently.
        #"{"format":"swift-did-wallet-unencrypted-backup","version":1,"records":[],"records":[\#(record)]}"#,
        #"{"format":"swift-did-wallet-unencrypted-backup","version":1,"records":[{"kind":"did","id":"a","id":"b","payload":"AAEC"}]}"#,
        #"{"format":"swift-did-wallet-unencrypted-backup","version":1,"records":[\#(record)],"extra":true}"#,
        #"{"format":"swift-did-wallet-unencrypted-backup","version":1,"records":[{"kind":"did","id":"a","payload":"AAEC","note":1}]}"#,
        #"{"format":"swift-did-wallet-unencrypted-backup","version":2,"records":[]}"#,
        #"{"format":"other","version":1,"records":[]}"#,
        #"{"format":"swift-did-wallet-unencrypted-backup","version":1,"records":[\#(record)]"#,
        #"{"format":"swift-did-wallet-unencrypted-backup","version":1,"records":[{"kind":"did","id":"a","payload":"not base64!"}]}"#,
    ])
    func refused(_ text: String) {
        #expect(throws: KeystoreError(.invalidBackup, "")) { try KeystoreBackup.parseUnsafePlaintext(Array(text.utf8)) }
    }

    @Test("Validation refuses reserved kinds, invalid names and a kind and id twice", arguments: [
        [("_manifest", "did")], [("", "a")], [("did", "")], [("did", String(repeating: "i", count: 257))], [("did", "a"), ("did", "a")],
    ])
    func validation(_ names: [(String, String)]) {
        let entries = names.map { KeystoreBackup.Entry(kind: $0.0, id: $0.1, payload: SecureBytes(copying: [1])) }
        #expect(throws: KeystoreError(.invalidBackup, "")) { try KeystoreBackup.validate(entries) }
    }

    @Test("Validation accepts distinct records, the same id under two kinds included")
    func validationAccepts() throws {
        try KeystoreBackup.validate([("did", "a"), ("key", "a"), ("did", "b")].map {
            KeystoreBackup.Entry(kind: $0.0, id: $0.1, payload: SecureBytes(copying: [1]))
        })
    }
}
