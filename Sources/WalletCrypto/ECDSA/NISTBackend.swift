internal import Crypto

/// swift-crypto's ECDSA for one NIST curve: the only code here that names its types, so that
/// ``NISTECDSA`` is written once for both curves (decision 0025).
enum NISTBackend: Sendable {
    case p256, p384

    init<Curve: NISTCurve>(_ curve: Curve.Type) {
        self = Curve.coordinateLength == P256Curve.coordinateLength ? .p256 : .p384
    }

    /// A parsed public key of either curve (kept so that verification does not parse again).
    enum PublicKey: Sendable {
        case p256(Crypto.P256.Signing.PublicKey)
        case p384(Crypto.P384.Signing.PublicKey)

        var compressedRepresentation: [UInt8] {
            switch self {
            case .p256(let key): Array(key.compressedRepresentation)
            case .p384(let key): Array(key.compressedRepresentation)
            }
        }

        var x963Representation: [UInt8] {
            switch self {
            case .p256(let key): Array(key.x963Representation)
            case .p384(let key): Array(key.x963Representation)
            }
        }

        /// Whether `signature` (`r || s`) is valid over the curve's hash of `message`.
        func isValidSignature(_ signature: UnsafeRawBufferPointer, for message: UnsafeRawBufferPointer) -> Bool {
            switch self {
            case .p256(let key):
                guard let parsed = try? Crypto.P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
                return key.isValidSignature(parsed, for: message)
            case .p384(let key):
                guard let parsed = try? Crypto.P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
                return key.isValidSignature(parsed, for: message)
            }
        }
    }

    /// A SEC 1 compressed point, if it is on the curve.
    func publicKey(compressed bytes: [UInt8]) -> PublicKey? {
        switch self {
        case .p256: (try? Crypto.P256.Signing.PublicKey(compressedRepresentation: bytes)).map(PublicKey.p256)
        case .p384: (try? Crypto.P384.Signing.PublicKey(compressedRepresentation: bytes)).map(PublicKey.p384)
        }
    }

    /// A SEC 1 uncompressed point, if it is on the curve.
    func publicKey(uncompressed bytes: [UInt8]) -> PublicKey? {
        switch self {
        case .p256: (try? Crypto.P256.Signing.PublicKey(x963Representation: bytes)).map(PublicKey.p256)
        case .p384: (try? Crypto.P384.Signing.PublicKey(x963Representation: bytes)).map(PublicKey.p384)
        }
    }

    /// The public key of a scalar read straight from secure memory, if 1 ≤ k < n. swift-crypto's
    /// private key object (BoringSSL's `EC_KEY`, zeroed when freed) lives only for this call.
    func publicKey(scalar: UnsafeRawBufferPointer) -> PublicKey? {
        switch self {
        case .p256: (try? Crypto.P256.Signing.PrivateKey(rawRepresentation: scalar)).map { .p256($0.publicKey) }
        case .p384: (try? Crypto.P384.Signing.PrivateKey(rawRepresentation: scalar)).map { .p384($0.publicKey) }
        }
    }

    /// The signature `r || s` of the curve's hash of `message` (BoringSSL draws the nonce), or nil
    /// if the scalar is not 1 ≤ k < n.
    func signature(scalar: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8]? {
        switch self {
        case .p256:
            guard let key = try? Crypto.P256.Signing.PrivateKey(rawRepresentation: scalar) else { return nil }
            return (try? key.signature(for: message)).map { Array($0.rawRepresentation) }
        case .p384:
            guard let key = try? Crypto.P384.Signing.PrivateKey(rawRepresentation: scalar) else { return nil }
            return (try? key.signature(for: message)).map { Array($0.rawRepresentation) }
        }
    }
}
