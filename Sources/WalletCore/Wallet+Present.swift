import Foundation
import StrictJSON
public import VerifiableCredentials
import WalletCrypto

extension Wallet {
    /// Presents `credentials` to a verifier, signed with the key of `holder` — one of this
    /// wallet's DIDs, or its label — and bound to the verifier's `challenge` and `domain`; records
    /// the presentation in the disclosure log (``disclosureLog()``) and returns it, ready to send
    /// (`IssuedCredential/bytes`) or to check with `Verifier.verifyPresentation(_:)`.
    ///
    /// Formats:
    /// - `CredentialFormat/vpJWT` (the default): a `vp+jwt` (VC-JOSE-COSE §3.1.2) whose `nonce`
    ///   is the challenge and `aud` the domain; compact credentials are enveloped
    ///   (`EnvelopedVerifiableCredential`, VC Data Model 2.0 §4.13).
    /// - a Data Integrity format (`CredentialFormat/dataIntegrity(_:)`): the presentation with a
    ///   proof for `authentication` carrying the challenge and domain.
    /// - `CredentialFormat/sdJWT`: exactly one SD-JWT VC, with only the claims named in
    ///   `disclosing` (`a`, `a.b`, `list[0]`) and a key-binding JWT (RFC 9901 §4.3).
    ///
    /// The log names each credential by `sha256:` and the hex SHA-256 of its bytes, so the owner can
    /// tell which one was shown without the log holding a copy; it records the disclosed claims
    /// (`*` for the whole credential). Errors: `notFound` for an unknown holder, `invalidArgument`
    /// for a format or input this call does not take; presenting errors keep their `VCError` codes.
    public func present(_ credentials: [IssuedCredential], holder: String, challenge: String, domain: String,
                        format: CredentialFormat = .vpJWT, disclosing: Set<String> = []) async throws(WalletError) -> IssuedCredential {
        guard !credentials.isEmpty else { throw WalletError(.invalidArgument, "a presentation needs at least one credential") }
        if format != .sdJWT && !disclosing.isEmpty {
            throw WalletError(.invalidArgument, "disclosing chooses the claims of an SD-JWT VC (format \(CredentialFormat.sdJWT))")
        }
        let holderInfo = try await did(holder)
        let signer = try await signer(for: holderInfo.did.description)
        let fingerprints = credentials.map { "sha256:" + Hex.encode(SHA256.hash($0.bytes)) }
        let presented: IssuedCredential
        let disclosed: [String]
        do {
            switch format {
            case .sdJWT:
                guard credentials.count == 1, case .compact(let sdJWT) = credentials[0], sdJWT.contains("~") else {
                    throw WalletError(.invalidArgument, "format \(format) presents exactly one SD-JWT VC")
                }
                presented = .compact(try await SDJWT.present(sdJWT, disclose: disclosing, audience: domain, nonce: challenge, holder: signer))
                disclosed = disclosing.sorted()
            case .vpJWT:
                let presentation = try Self.presentation(holder: holderInfo.did.description, credentials)
                presented = .compact(try await Issuer.presentJOSE(presentation, challenge: challenge, domain: domain, signer: signer))
                disclosed = ["*"]
            default:
                guard let suite = format.cryptosuite else {
                    throw WalletError(.invalidArgument, "a presentation is \(CredentialFormat.vpJWT), \(CredentialFormat.sdJWT) or a Data Integrity format, not \(format)")
                }
                let presentation = try Self.presentation(holder: holderInfo.did.description, credentials)
                presented = .document(try await Issuer.presentDataIntegrity(presentation, challenge: challenge, domain: domain,
                                                                            signer: signer, cryptosuite: suite))
                disclosed = ["*"]
            }
        } catch let error as VCError {
            throw WalletError(error)
        } catch let error as WalletError {
            throw error
        } catch {
            throw WalletError(.invalidArgument, "\(error)")
        }
        try await logPresentation(DisclosureLogEntry(audience: domain, challenge: challenge, format: format.rawValue,
                                                     credentials: fingerprints, disclosedClaims: disclosed))
        return presented
    }

    /// A presentation of `credentials` by `holder`: documents as they are, compact JWTs enveloped.
    /// An SD-JWT VC is refused here: it is presented on its own, with its key-binding JWT.
    static func presentation(holder: String, _ credentials: [IssuedCredential]) throws(WalletError) -> JSONObject {
        var entries: [JSONValue] = []
        for credential in credentials {
            switch credential {
            case .compact(let text):
                guard !text.contains("~") else {
                    throw WalletError(.invalidArgument, "an SD-JWT VC is presented on its own, with format \(CredentialFormat.sdJWT)")
                }
                do { try Issuer.checkEnvelopable(text) } catch { throw WalletError(.invalidArgument, error.message) }
                entries.append(.string(text))
            case .document(let document): entries.append(document)
            }
        }
        return Issuer.presentation(holder: holder, credentials: entries, id: "urn:uuid:\(UUID().uuidString.lowercased())")
    }
}
