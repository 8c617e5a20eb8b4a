import NIOSSL

/// Certificates trusted as roots in addition to the system's (the command line's
/// `--ca-file PEM`): for an intranet's own certificate authority, and for tests. They are added
/// to — never replace — the system's roots, and full verification (chain and host name, RFC 6125
/// §6) stays on.
public struct TrustAnchors: Sendable {
    let certificates: [NIOSSLCertificate]

    /// The certificates of a PEM file (RFC 7468 §5, one or more `CERTIFICATE` blocks).
    public init(pemFile path: String) throws(GuardedHTTPError) {
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw GuardedHTTPError(.invalidTrustAnchors, "cannot read certificates from \(path): \(error)")
        }
        guard !certificates.isEmpty else { throw GuardedHTTPError(.invalidTrustAnchors, "\(path) holds no certificate") }
    }

    /// The certificates of PEM text.
    public init(pemBytes: [UInt8]) throws(GuardedHTTPError) {
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(pemBytes)
        } catch {
            throw GuardedHTTPError(.invalidTrustAnchors, "cannot read certificates from the PEM text: \(error)")
        }
        guard !certificates.isEmpty else { throw GuardedHTTPError(.invalidTrustAnchors, "the PEM text holds no certificate") }
    }

    /// How many certificates were read.
    public var count: Int { certificates.count }
}
