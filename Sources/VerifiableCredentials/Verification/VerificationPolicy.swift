public import Foundation
public import WalletCrypto

/// What the verifier requires beyond the standards: injected, with safe defaults.
public struct VerificationPolicy: Sendable {
    /// Tolerance for clocks that disagree, applied to validity periods and JWT times (default 5 min);
    /// within ``clockSkewRange``, or the verifier refuses to run (`invalidPolicy`).
    public var clockSkew: TimeInterval = 300
    /// The clock skews a verifier accepts: 0 to 24 hours (a NaN or infinite skew would turn every
    /// time check off; security requirement 36).
    public static let clockSkewRange: ClosedRange<TimeInterval> = 0...86_400
    /// The current time.
    public var now: @Sendable () -> Date = { Date() }
    /// Issuers to accept, for every format (``TrustPolicy``); a presentation is accepted only with
    /// credentials, each from one of them. `nil` accepts any issuer whose signature verifies.
    public var trustedIssuers: Set<String>? = nil
    /// Formats to accept (`.vcJWT`, `.dataIntegrity(.eddsaJcs2022)`, ...), for every credential and
    /// presentation, embedded ones included; `nil` accepts all supported.
    public var acceptedFormats: Set<CredentialFormat>? = nil
    /// The challenge (nonce) a presentation must carry; `nil` when none is expected.
    public var expectedChallenge: String? = nil
    /// The domain (audience) a presentation must carry; `nil` when none is expected.
    public var expectedDomain: String? = nil
    /// Whether every credential in a presentation must name the holder as a subject.
    public var requireHolderBinding: Bool = false
    /// How old a key-binding JWT may be (its `iat`), beyond the clock skew (default 5 min).
    public var keyBindingMaximumAge: TimeInterval = 300
    /// The largest decompressed status list accepted, in bytes (default 16 MiB).
    public var maximumStatusListBytes: Int = 16 << 20
    /// The largest input accepted, in bytes (default 1 MiB).
    public var maximumInputBytes: Int = 1 << 20
    /// Whether NDAChain's `ecdsa-rdfc-2019` dialect (secp256k1, unsigned proof options, numbers
    /// signed as strings, hex `proofValue`) is verified, with a warning for each deviation
    /// (default `true`); `false` refuses it with `ndaDialectRefused` (decision 0028).
    public var allowsNDADialect: Bool = true
    /// The JOSE algorithms accepted (``defaultAllowedAlgorithms``: `EdDSA`, `ES256`, `ES256K`);
    /// any other is refused with `algorithmNotAllowed`. Apps narrow it (a HAIP verifier: `[.es256]`).
    /// The allow-list never picks a key's algorithm: `alg` must also be the resolved key's own.
    public var allowedAlgorithms: Set<SignatureAlgorithm> = VerificationPolicy.defaultAllowedAlgorithms
    /// `EdDSA`, `ES256` and `ES256K` (decision 0026); `ES384` is verified only when an app adds it.
    public static let defaultAllowedAlgorithms: Set<SignatureAlgorithm> = [.eddsa, .es256, .es256k]

    /// The defaults: the system clock, a 5-minute clock skew, every issuer and format accepted, no challenge or domain expected, no holder binding.
    public init() {}
}
