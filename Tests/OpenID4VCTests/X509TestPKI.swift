import Crypto
import DIDCore
import Foundation
import SwiftASN1
import X509

/// Certificates made in the test with swift-certificates (nothing is committed): a root, CAs and
/// leaves whose validity, basic constraints, key usage and names each test chooses, and their
/// `x5c` (padded base64 DER) encodings.
enum X509TestPKI {
    /// A certificate and the P-256 key it certifies.
    struct Issued: @unchecked Sendable {
        let certificate: Certificate
        let key: Certificate.PrivateKey
        /// The P-256 key, for signing JWTs with the leaf (`nil` for other key types).
        let p256Key: Crypto.P256.Signing.PrivateKey?

        var der: [UInt8] {
            var serializer = DER.Serializer()
            try! serializer.serialize(certificate)
            return serializer.serializedBytes
        }
        /// The `x5c` entry: base64 with padding (RFC 7515 §4.1.6).
        var x5c: String { String(Multibase.base64pad.encode(der).dropFirst()) }
        var pem: String { try! certificate.serializeAsPEM().pemString }
    }

    /// The instants the certificates are valid between, and one inside: tests pass `now`
    /// explicitly, never the clock.
    static let notBefore = Date(timeIntervalSince1970: 1_767_225_600)   // 2026-01-01
    static let notAfter = Date(timeIntervalSince1970: 1_830_297_600)    // 2028-01-01
    static let now = Date(timeIntervalSince1970: 1_785_542_400)         // 2026-08-01

    static func name(_ commonName: String) -> DistinguishedName {
        try! DistinguishedName { CommonName(commonName) }
    }

    /// A self-signed root with CA basic constraints and keyCertSign (`key`: a fresh P-256 key unless given).
    static func root(_ commonName: String = "x5c test root", notBefore: Date = notBefore, notAfter: Date = notAfter,
                     key p256Key: Crypto.P256.Signing.PrivateKey = .init()) -> Issued {
        let key = Certificate.PrivateKey(p256Key)
        let certificate = try! Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey, notValidBefore: notBefore, notValidAfter: notAfter,
            issuer: name(commonName), subject: name(commonName), signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try! Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: key)
        return Issued(certificate: certificate, key: key, p256Key: p256Key)
    }

    /// A certificate for `commonName` signed by `issuer` (or by `signingKey`, to forge one).
    static func issue(
        _ commonName: String, by issuer: Issued, isCA: Bool, keyUsage: KeyUsage?, dnsNames: [String] = [], uris: [String] = [],
        notBefore: Date = notBefore, notAfter: Date = notAfter, key: Certificate.PrivateKey? = nil, signingKey: Certificate.PrivateKey? = nil,
        p256Key: Crypto.P256.Signing.PrivateKey? = nil
    ) -> Issued {
        let p256 = key == nil ? p256Key ?? Crypto.P256.Signing.PrivateKey() : nil
        let subjectKey = key ?? Certificate.PrivateKey(p256!)
        var names: [GeneralName] = dnsNames.map { .dnsName($0) }
        names += uris.map { .uniformResourceIdentifier($0) }
        let certificate = try! Certificate(
            version: .v3, serialNumber: .init(), publicKey: subjectKey.publicKey, notValidBefore: notBefore, notValidAfter: notAfter,
            issuer: issuer.certificate.subject, subject: name(commonName), signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try! Certificate.Extensions {
                Critical(isCA ? BasicConstraints.isCertificateAuthority(maxPathLength: nil) : BasicConstraints.notCertificateAuthority)
                if let keyUsage { Critical(keyUsage) }
                if !names.isEmpty { SubjectAlternativeNames(names) }
                SubjectKeyIdentifier(hash: subjectKey.publicKey)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: issuer.key.publicKey).keyIdentifier)
            },
            issuerPrivateKey: signingKey ?? issuer.key)
        return Issued(certificate: certificate, key: subjectKey, p256Key: p256)
    }

    /// An intermediate CA under `root`.
    static func intermediate(under root: Issued, keyUsage: KeyUsage? = KeyUsage(keyCertSign: true, cRLSign: true), isCA: Bool = true) -> Issued {
        issue("x5c test intermediate", by: root, isCA: isCA, keyUsage: keyUsage)
    }

    /// An issuer's leaf under `issuer`, naming `issuer.example` and `https://issuer.example/tenant`.
    static func leaf(under issuer: Issued, keyUsage: KeyUsage? = KeyUsage(digitalSignature: true), notAfter: Date = notAfter,
                     dnsNames: [String] = ["issuer.example"], uris: [String] = ["https://issuer.example/tenant"],
                     key: Certificate.PrivateKey? = nil) -> Issued {
        issue("issuer.example", by: issuer, isCA: false, keyUsage: keyUsage, dnsNames: dnsNames, uris: uris, notAfter: notAfter, key: key)
    }
}
