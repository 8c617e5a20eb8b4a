import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import WalletCrypto

/// One Wycheproof ECDSA P1363 verification case (schema ecdsa_p1363_verify_schema_v1.json).
struct WycheproofECDSACase: Sendable, CustomTestStringConvertible {
    let id: Int, comment: String, flags: [String]
    let publicKey: [UInt8], message: [UInt8], signature: [UInt8]
    let valid: Bool
    var testDescription: String { "tcId \(id): \(comment)" }

    /// Every case of a Wycheproof file; `acceptable` would be a third answer, and these files have none.
    static func load(_ path: String) -> [WycheproofECDSACase] {
        let document = try! Fixtures.json(path)
        var cases: [WycheproofECDSACase] = []
        for group in document["testGroups"]!.arrayValue! {
            let publicKey = hexBytes(group["publicKey"]!["uncompressed"]!.stringValue!)
            for test in group["tests"]!.arrayValue! {
                let result = test["result"]!.stringValue!
                precondition(result == "valid" || result == "invalid", "unexpected Wycheproof result \(result)")
                cases.append(WycheproofECDSACase(
                    id: Int(test["tcId"]!.numberValue!.int64Value!), comment: test["comment"]!.stringValue!,
                    flags: test["flags"]!.arrayValue!.map { $0.stringValue! },
                    publicKey: publicKey, message: hexBytes(test["msg"]!.stringValue!),
                    signature: hexBytes(test["sig"]!.stringValue!), valid: result == "valid"))
            }
        }
        return cases
    }

    static func declaredCount(_ path: String) -> Int {
        Int(try! Fixtures.json(path)["numberOfTests"]!.numberValue!.int64Value!)
    }
}

/// base64url without padding (RFC 4648 §5), for the JOSE fixtures; traps on malformed fixture text.
func base64URLBytes(_ text: String) -> [UInt8] {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while standard.count % 4 != 0 { standard += "=" }
    return Array(Data(base64Encoded: standard)!)
}
