import WalletCLISupport
import WalletCrypto

/// The Transaction Code of a pre-authorized offer (OpenID4VCI 1.0 §4.1.1 `tx_code`, §13.5.3):
/// generated, or read from a file; it reaches the holder out of band, never inside the offer.
enum OfferTransactionCode {
    /// The length of a generated code.
    static let generatedLength = 6
    /// The lengths a given code may have.
    static let lengths = 4...32

    /// Six decimal digits, each drawn uniformly from the system's CSPRNG.
    static func generate() -> String {
        String((0..<generatedLength).map { _ in Character(String(SecureRandom.uniform(10))) })
    }

    /// A code from `--tx-code-file`: its first line, 4 to 32 printable ASCII characters without
    /// spaces (a numeric code is offered with `input_mode` numeric, any other as text).
    static func read(file: String) throws -> String {
        let secret = try Secrets.readSecretFile(file, what: "transaction code")
        var text = secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        while let last = text.last, last.isNewline || last == "\r" { text.removeLast() }
        guard lengths.contains(text.count), text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw CLIError.invalid("the transaction code must be 4 to 32 printable ASCII characters without spaces", code: "invalidArgument")
        }
        return text
    }
}
