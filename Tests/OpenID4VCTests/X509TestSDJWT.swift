import Crypto
import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCrypto

/// SD-JWT VCs as a HAIP issuer makes them, for the tests: an `https` `iss`, the issuer's chain in
/// `x5c` (or a `kid` into its JWT VC Issuer Metadata), ES256, a P-256 holder key in `cnf`.
enum X509TestSDJWT {
    /// A signer over a swift-crypto P-256 key (the test PKI's leaf key).
    static func signer(_ key: Crypto.P256.Signing.PrivateKey) throws -> InMemorySigner {
        InMemorySigner(privateKey: .p256(try WalletCrypto.P256.PrivateKey(scalarBytes: key.rawRepresentation)), verificationMethodId: "x5c")
    }

    /// A holder: a fresh P-256 key.
    static func holder() throws -> InMemorySigner {
        InMemorySigner(privateKey: .p256(WalletCrypto.P256.PrivateKey()), verificationMethodId: "holder")
    }

    /// Issues `given_name` and `family_name` as disclosures, `vct`, `iat` and `cnf` in the clear.
    static func issue(iss: String, header: JSONObject, signer: some Signer, holder: (any Signer)?, issuedAt: Date = X509TestPKI.now,
                      payloadExtras: JSONObject = [:]) async throws -> String {
        let disclosures = [Disclosure(claimName: "given_name", value: "Erika"), Disclosure(claimName: "family_name", value: "Mustermann")]
        var payload: JSONObject = [
            "iss": .string(iss), "iat": .number(JSONNumber(Int(issuedAt.timeIntervalSince1970))),
            "vct": "https://credentials.example.com/identity_credential",
            "_sd": .array(disclosures.map { $0.digest() }.sorted().map { .string($0) }), "_sd_alg": "sha-256",
        ]
        if let holder { payload["cnf"] = ["jwk": JWK(publicSigningKey: holder.publicKey).jsonValue] }
        for member in payloadExtras { payload[member.key] = member.value }
        var fullHeader: JSONObject = ["alg": .string(signer.algorithm.rawValue), "typ": "dc+sd-jwt"]
        for member in header { fullHeader[member.key] = member.value }
        let jwt = try await CompactJWS.sign(header: fullHeader, payload: JSONSerializer().serialize(.object(payload)), signer: signer)
        return ([jwt] + disclosures.map(\.encoded)).joined(separator: "~") + "~"
    }

    /// The `x5c` header value of `chain`.
    static func x5c(_ chain: [X509TestPKI.Issued]) -> JSONValue { .array(chain.map { .string($0.x5c) }) }
}
