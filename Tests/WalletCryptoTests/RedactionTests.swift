import Foundation
import TestSupport
import Testing
@testable import WalletCrypto

/// Security requirement 14: a marker secret never appears in a description, debug description,
/// mirror or `dump()`.
@Suite("Redaction of secrets")
struct RedactionTests {
    /// 32 bytes that spell a marker, so a leak is visible in text or hex.
    static let marker = Array("MARKER-SEED-0123456789-abcdefghi".utf8)

    static func renderings(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped,
                "\(Mirror(reflecting: value).children.map { "\($0.label ?? ""): \($0.value)" })"]
    }

    static func assertNoMarker(in value: Any) {
        let markerText = String(decoding: marker, as: UTF8.self)
        let markerHex = Hex.encode(marker)
        for text in renderings(of: value) {
            #expect(!text.contains(markerText), "marker leaked: \(text)")
            #expect(!text.lowercased().contains(markerHex), "marker leaked as hex: \(text)")
            #expect(!text.contains("77, 65, 82, 75"), "marker leaked as bytes: \(text)")  // "MARK"
        }
    }

    @Test("SecureBytes, private keys and X25519 private keys are redacted everywhere")
    func redacted() throws {
        let secure = SecureBytes(copying: Self.marker)
        Self.assertNoMarker(in: secure)
        #expect(String(describing: secure).contains("redacted"))
        let key = try Ed25519.PrivateKey(seed: secure)
        Self.assertNoMarker(in: key)
        Self.assertNoMarker(in: key.x25519PrivateKey())
        Self.assertNoMarker(in: [key])
        Self.assertNoMarker(in: key.unsafeExportSeed())
        // The public key is not secret and is shown.
        #expect(String(describing: key).contains(Hex.encode(key.publicKey.rawRepresentation)))
        // Sanity: the renderer would find the marker in a plain array.
        #expect(Self.renderings(of: Self.marker).contains { $0.contains("77, 65, 82, 75") })
    }

    @Test("Errors about keys carry no key material")
    func errorsCarryNoMaterial() {
        do {
            _ = try Ed25519.PrivateKey(seedBytes: Self.marker + [0])
            Issue.record("expected an error")
        } catch {
            Self.assertNoMarker(in: error)
        }
    }
}
