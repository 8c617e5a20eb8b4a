import DIDCore
import WalletCrypto

/// Random values as base64url text (RFC 4648 §5, unpadded): PKCE verifiers, `state`, paths.
enum Base64URLText {
    /// `bytes` random bytes from the system's CSPRNG, base64url.
    static func random(bytes: Int) -> String { Base64URL.encode(SecureRandom.bytes(count: bytes)) }
}
