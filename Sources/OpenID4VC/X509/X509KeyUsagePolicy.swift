import SwiftASN1
import X509

/// RFC 5280 §4.2.1.3 and §6.1.4 (n), which swift-certificates' `RFC5280Policy` leaves unchecked:
/// a certificate that signs another must, when it has a key usage extension, assert
/// `keyCertSign`; the leaf, when it has one, must assert `digitalSignature` (it signs JWTs). The
/// anchor itself is trusted as configured.
struct X509KeyUsagePolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.keyUsage]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        for (index, certificate) in chain.enumerated() where index < chain.count - 1 || index == 0 {
            let usage: KeyUsage?
            do { usage = try certificate.extensions.keyUsage } catch {
                return .failsToMeetPolicy(reason: "certificate \(index) has an unreadable key usage extension")
            }
            guard let usage else { continue }
            if index == 0 {
                guard usage.digitalSignature else { return .failsToMeetPolicy(reason: "the leaf's key usage lacks digitalSignature") }
            } else if !usage.keyCertSign {
                return .failsToMeetPolicy(reason: "certificate \(index) signs a certificate but its key usage lacks keyCertSign")
            }
        }
        return .meetsPolicy
    }
}
