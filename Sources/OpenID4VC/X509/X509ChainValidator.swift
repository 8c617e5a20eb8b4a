import Crypto
import DIDCore
public import Foundation
import SwiftASN1
import WalletCrypto
@_spi(FixedExpiryValidationTime) import X509

/// Validates a JOSE `x5c` chain (RFC 7515 §4.1.6) against ``X509TrustAnchors`` with
/// swift-certificates' path building and `RFC5280Policy` (RFC 5280 §6: signatures, validity at
/// the given time, basic constraints, name constraints), plus the key usage of every certificate
/// (`X509KeyUsagePolicy`).
///
/// The chain is bounded before anything is decoded: at most ``maximumChainLength`` certificates
/// of at most ``maximumCertificateBytes`` each, so the path search and the parsing an input can
/// cause stay small. The leaf's key must be P-256 or P-384 (`ES256` / `ES384`, what HAIP and
/// SD-JWT VC issuers sign with); any other key is refused.
public struct X509ChainValidator: Sendable {
    /// The certificates a chain must lead to.
    public let anchors: X509TrustAnchors

    /// The most certificates an `x5c` may hold (leaf, intermediates and, if sent, the anchor).
    public static let maximumChainLength = 6
    /// The largest DER certificate accepted, in bytes.
    public static let maximumCertificateBytes = 16 << 10

    /// A validator that trusts `anchors` only.
    public init(anchors: X509TrustAnchors) {
        self.anchors = anchors
    }

    /// Validates `x5c` at `time` and returns its leaf.
    ///
    /// - Parameters:
    ///   - x5c: base64 (not url) DER, leaf first (RFC 7515 §4.1.6).
    ///   - time: The instant every certificate must be valid at.
    /// - Throws: ``OpenID4VCError`` `messageTooLarge` for a chain over ``maximumChainLength``
    ///   certificates or an entry over ``maximumCertificateBytes``, `invalidCertificate` for an
    ///   empty chain, an entry that is not canonical padded base64 of a DER certificate, or a leaf
    ///   whose key is neither P-256 nor P-384, and `untrustedChain` when no path from the leaf to
    ///   an anchor satisfies the policy (unknown root, expired or not yet valid certificate, an
    ///   issuer that is not a CA or may not sign certificates, a bad signature).
    public func validate(x5c: [String], at time: Date) async throws(OpenID4VCError) -> ValidatedLeaf {
        guard !x5c.isEmpty else { throw OpenID4VCError(.invalidCertificate, "x5c holds no certificate") }
        guard x5c.count <= Self.maximumChainLength else {
            throw OpenID4VCError(.messageTooLarge, "x5c holds \(x5c.count) certificates; at most \(Self.maximumChainLength) are accepted")
        }
        var certificates: [Certificate] = []
        var leafDER: [UInt8] = []
        for (index, encoded) in x5c.enumerated() {
            // base64 is 4 characters per 3 bytes: bound the text before decoding it.
            guard encoded.utf8.count <= (Self.maximumCertificateBytes + 2) / 3 * 4 else {
                throw OpenID4VCError(.messageTooLarge, "x5c[\(index)] is over \(Self.maximumCertificateBytes) bytes")
            }
            let der: [UInt8]
            do { der = try Multibase.decode("M" + encoded, expecting: .base64pad) } catch {
                throw OpenID4VCError(.invalidCertificate, "x5c[\(index)] is not base64 with padding (RFC 4648 §4)")
            }
            do { certificates.append(try Certificate(derEncoded: der)) } catch {
                throw OpenID4VCError(.invalidCertificate, "x5c[\(index)] is not a DER X.509 certificate")
            }
            if index == 0 { leafDER = der }
        }
        let leaf = certificates[0]
        let publicKey = try Self.signingKey(of: leaf)
        var verifier = X509.Verifier(rootCertificates: CertificateStore(anchors.certificates)) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            X509KeyUsagePolicy()
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(certificates.dropFirst()))
        guard case .validCertificate = result else {
            var reasons: [String] = []
            if case .couldNotValidate(let failures) = result {
                reasons = failures.prefix(3).map { $0.policyFailureReason.description }
            }
            let detail = reasons.isEmpty ? "no path leads to a trust anchor" : reasons.joined(separator: "; ")
            throw OpenID4VCError(.untrustedChain, "the x5c chain is not trusted: \(detail)")
        }
        let names: SubjectAlternativeNames?
        do { names = try leaf.extensions.subjectAlternativeNames } catch {
            throw OpenID4VCError(.invalidCertificate, "the leaf's subject alternative names cannot be read")
        }
        var dnsNames: [String] = [], uris: [String] = []
        for name in names ?? SubjectAlternativeNames() {
            switch name {
            case .dnsName(let dns): dnsNames.append(dns)
            case .uniformResourceIdentifier(let uri): uris.append(uri)
            default: continue
            }
        }
        return ValidatedLeaf(publicKey: publicKey, dnsNames: dnsNames, uris: uris,
                             derSHA256: Array(Crypto.SHA256.hash(data: leafDER)), certificate: leaf)
    }

    /// The leaf's key as a JOSE signing key: P-256 or P-384 only.
    static func signingKey(of leaf: Certificate) throws(OpenID4VCError) -> PublicSigningKey {
        do throws(WalletCrypto.CryptoError) {
            if let key = Crypto.P256.Signing.PublicKey(leaf.publicKey) {
                return .p256(try WalletCrypto.P256.PublicKey(uncompressedRepresentation: key.x963Representation))
            }
            if let key = Crypto.P384.Signing.PublicKey(leaf.publicKey) {
                return .p384(try WalletCrypto.P384.PublicKey(uncompressedRepresentation: key.x963Representation))
            }
        } catch {
            throw OpenID4VCError(.invalidCertificate, "the leaf's EC key is not a valid point: \(error.message)")
        }
        throw OpenID4VCError(.invalidCertificate, "the leaf's key is not P-256 or P-384 (ES256 / ES384)")
    }
}
