public import Foundation

/// What the verifier requires beyond the standards: injected, with safe defaults.
public struct VerificationPolicy: Sendable {
    /// Tolerance for clocks that disagree, applied to validity periods and JWT times (default 5 min).
    public var clockSkew: TimeInterval = 300
    /// The current time.
    public var now: @Sendable () -> Date = { Date() }
    /// Issuers to accept; `nil` accepts any issuer whose signature verifies.
    public var trustedIssuers: Set<String>? = nil
    /// Formats to accept (`vc+jwt`, `di-eddsa-jcs-2022`, ...); `nil` accepts all supported.
    public var acceptedFormats: Set<String>? = nil
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

    public init() {}
}
