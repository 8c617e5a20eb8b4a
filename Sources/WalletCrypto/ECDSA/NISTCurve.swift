/// A NIST prime curve and the hash ECDSA uses with it (FIPS 186-5 §6; SP 800-186 §3.2.1): the
/// parameters ``NISTECDSA`` needs. The conforming types are ``P256Curve`` and ``P384Curve``;
/// apps use them through ``P256`` and ``P384``.
public protocol NISTCurve: Sendable {
    /// The curve's name, `P-256` or `P-384`.
    static var name: String { get }
    /// The hash ECDSA uses with the curve, `SHA-256` or `SHA-384`.
    static var hashName: String { get }
    /// The JOSE algorithm (RFC 7518 §3.4), `ES256` or `ES384`.
    static var joseAlgorithm: String { get }
    /// Length in bytes of a private scalar and of one coordinate.
    static var coordinateLength: Int { get }
    /// The group order n, big-endian.
    static var order: [UInt8] { get }
    /// ⌊n / 2⌋, the largest `s` of a low-S signature.
    static var halfOrder: [UInt8] { get }
}

/// NIST P-256 (secp256r1) with SHA-256: JOSE `ES256`.
public enum P256Curve: NISTCurve {
    /// `P-256`.
    public static let name = "P-256"
    /// `SHA-256`.
    public static let hashName = "SHA-256"
    /// `ES256`.
    public static let joseAlgorithm = "ES256"
    /// 32 bytes.
    public static let coordinateLength = 32
    /// n of P-256 (SP 800-186 §3.2.1.3).
    public static let order: [UInt8] = Hex.decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")!
    /// ⌊n / 2⌋ of P-256.
    public static let halfOrder: [UInt8] = Hex.decode("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8")!
}

/// NIST P-384 (secp384r1) with SHA-384: JOSE `ES384`.
public enum P384Curve: NISTCurve {
    /// `P-384`.
    public static let name = "P-384"
    /// `SHA-384`.
    public static let hashName = "SHA-384"
    /// `ES384`.
    public static let joseAlgorithm = "ES384"
    /// 48 bytes.
    public static let coordinateLength = 48
    /// n of P-384 (SP 800-186 §3.2.1.4).
    public static let order: [UInt8] = Hex.decode("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973")!
    /// ⌊n / 2⌋ of P-384.
    public static let halfOrder: [UInt8] = Hex.decode("7fffffffffffffffffffffffffffffffffffffffffffffffe3b1a6c0fa1b96efac0d06d9245853bd76760cb5666294b9")!
}

/// ECDSA on P-256 with SHA-256 (`ES256`).
public typealias P256 = NISTECDSA<P256Curve>
/// ECDSA on P-384 with SHA-384 (`ES384`).
public typealias P384 = NISTECDSA<P384Curve>
