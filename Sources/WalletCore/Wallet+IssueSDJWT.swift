public import DIDCore
import Foundation
public import StrictJSON
public import VerifiableCredentials

extension Wallet {
    /// Issues an SD-JWT VC (`dc+sd-jwt`, RFC 9901 and SD-JWT VC) about `claims`, signed with the
    /// assertion key of `issuer` — one of this wallet's DIDs, or its label — and returns it as
    /// `IssuedCredential.compact`, which `Verifier.verify(_:)` accepts as it is.
    ///
    /// The top-level claims named in `disclosable` become selectively disclosable; the rest, and
    /// `iss`, `vct`, `cnf`, `iat`, `exp`, `nbf`, stay in the issuer-signed JWT (those names cannot be
    /// made disclosable). `holder`, a DID (of this wallet or not), binds the credential to that
    /// DID's first `authentication` key (`cnf`: Ed25519, P-256 or secp256k1, resolved offline for did:key and did:jwk), so
    /// only that holder can present it with a key-binding JWT; `nil` issues it unbound.
    ///
    /// Errors: `notFound` for an unknown issuer, `invalidArgument` for a holder DID without an
    /// authentication key it can resolve; issuing errors keep their `VCError` codes (`invalidClaims`, …).
    public func issue(claims: JSONObject, vct: String, issuer: String, disclosable: Set<String> = [], holder: String? = nil,
                      validFrom: DateTimeStamp? = nil, validUntil: DateTimeStamp? = nil) async throws(WalletError) -> IssuedCredential {
        let issuerInfo = try await did(issuer)
        let signer = try await signer(for: issuerInfo.did.description)
        var holderKey: JWK?
        if let holder {
            let holderDID: DID
            do { holderDID = try DID(parsing: holder) } catch {
                throw WalletError(.invalidArgument, "the holder \(holder) is not a DID: \(error.message)")
            }
            let document = await DIDResolverRegistry.standard.resolve(holderDID, options: .init()).didDocument
            guard let method = document?.verificationMethods(for: .authentication).first, let key = try? method.publicSigningKey() else {
                throw WalletError(.invalidArgument, "the holder \(holder) has no authentication key to bind the credential to")
            }
            holderKey = JWK(publicSigningKey: key)
        }
        do {
            let text = try await SDJWT.issue(claims: claims, disclosable: disclosable, vct: vct, issuer: issuerInfo.did.description,
                                             holderKey: holderKey, signer: signer, expires: validUntil, notBefore: validFrom)
            return .compact(text)
        } catch { throw WalletError(error) }
    }
}
