public import X509
import SwiftASN1

/// The certificates an `x5c` chain must lead to (RFC 5280 §6.1: the trust anchors of path
/// validation): the `--ca-file` of the command line, or what an app configures.
///
/// Only these are trusted: the system's roots are never added, since an issuer's or verifier's
/// certificate is vouched for by the ecosystem's own authority, not by a web PKI.
public struct X509TrustAnchors: Sendable {
    /// The anchors, as parsed.
    public let certificates: [Certificate]

    /// The most anchors one set holds; a PEM file with more is refused (`messageTooLarge`).
    public static let maximumCount = 1_000

    /// The `CERTIFICATE` blocks of PEM text (RFC 7468 §5); text without one, or with a block that
    /// is not a certificate, is refused (`invalidCertificate`).
    public init(pem: String) throws(OpenID4VCError) {
        let documents: [PEMDocument]
        do { documents = try PEMDocument.parseMultiple(pemString: pem) } catch {
            throw OpenID4VCError(.invalidCertificate, "the trust anchors are not PEM text: \(error)")
        }
        guard !documents.isEmpty else { throw OpenID4VCError(.invalidCertificate, "the trust anchors' PEM text holds no certificate") }
        guard documents.count <= Self.maximumCount else {
            throw OpenID4VCError(.messageTooLarge, "more than \(Self.maximumCount) trust anchors")
        }
        var certificates: [Certificate] = []
        for (index, document) in documents.enumerated() {
            guard document.discriminator == "CERTIFICATE" else {
                throw OpenID4VCError(.invalidCertificate, "PEM block \(index + 1) is a \(document.discriminator), not a CERTIFICATE")
            }
            do { certificates.append(try Certificate(derEncoded: document.derBytes)) } catch {
                throw OpenID4VCError(.invalidCertificate, "PEM block \(index + 1) is not an X.509 certificate: \(error)")
            }
        }
        self.certificates = certificates
    }

    /// Anchors given as certificates.
    public init(certificates: [Certificate]) {
        self.certificates = certificates
    }
}
