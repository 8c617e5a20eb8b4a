import Crypto
import Foundation
public import VerifiableCredentials
import WalletCrypto
import SwiftASN1
import X509

/// The verifier's certificate chain and signing key, from the PEM files `wallet serve
/// --verifier-cert` and `--verifier-key` name: what an `x509_hash:` client identifier needs
/// (OpenID4VP §5.9.3; HAIP: a P-256 key).
public struct VerifierCredentials: Sendable {
    /// The chain as the `x5c` header carries it: base64 DER, leaf first.
    public let certificateChain: [String]
    /// Signs request objects with the leaf's key.
    public let signer: InMemorySigner

    /// Reads the chain (`CERTIFICATE` blocks, leaf first) and the leaf's P-256 private key
    /// (`PRIVATE KEY`, PKCS #8, or `EC PRIVATE KEY`, SEC 1).
    /// - Parameters:
    ///   - certificatePEM: The chain's PEM text.
    ///   - privateKeyPEM: The key's PEM text.
    /// - Throws: ``WalletServerError/Code/invalidConfiguration`` when a file holds no certificate,
    ///   a block that is not one, a key that is not P-256, or a key that is not the leaf's.
    public init(certificatePEM: String, privateKeyPEM: String) throws(WalletServerError) {
        let documents: [PEMDocument]
        do { documents = try PEMDocument.parseMultiple(pemString: certificatePEM) } catch {
            throw WalletServerError(.invalidConfiguration, "the verifier certificate file is not PEM text")
        }
        guard !documents.isEmpty, documents.count <= 6, documents.allSatisfy({ $0.discriminator == "CERTIFICATE" }) else {
            throw WalletServerError(.invalidConfiguration, "the verifier certificate file must hold 1 to 6 CERTIFICATE blocks, leaf first")
        }
        let leaf: Certificate
        do { leaf = try Certificate(derEncoded: documents[0].derBytes) } catch {
            throw WalletServerError(.invalidConfiguration, "the verifier's leaf certificate is not X.509")
        }
        let key: Crypto.P256.Signing.PrivateKey
        do { key = try Crypto.P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM) } catch {
            throw WalletServerError(.invalidConfiguration, "the verifier key file holds no P-256 private key")
        }
        guard let leafKey = Crypto.P256.Signing.PublicKey(leaf.publicKey),
              leafKey.x963Representation == key.publicKey.x963Representation else {
            throw WalletServerError(.invalidConfiguration, "the verifier key is not the key of the leaf certificate")
        }
        let scalar: WalletCrypto.P256.PrivateKey
        do { scalar = try WalletCrypto.P256.PrivateKey(scalarBytes: key.rawRepresentation) } catch {
            throw WalletServerError(.invalidConfiguration, "the verifier key cannot be used")
        }
        certificateChain = documents.map { Data($0.derBytes).base64EncodedString() }
        signer = InMemorySigner(privateKey: .p256(scalar), verificationMethodId: "x5c")
    }
}
