import CSecp256k1
import CSodium
import Crypto
import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCrypto

/// `vc+jwt` verification with ES256 (P-256) and ES256K (secp256k1) issuers — the whole
/// `Verifier.verify`: parse, did:key resolution (remembered), key, signature, policies — beside the
/// library's own verification of the same signing input called directly (swift-crypto's P-256;
/// SHA-256 + libsecp256k1), measured in alternating rounds of the same run (decision 0002). The
/// target (issue 15) is ≥ 95 % of the direct rate.
enum ECDSAJWTBench {
    static func run(quick: Bool) async throws -> [CredentialBench.Row] {
        let fixture = try Workloads.issuedCredential()
        let p256Key = try WalletCrypto.P256.PrivateKey(scalarBytes: [UInt8](repeating: 11, count: 32))
        let k1Key = try Secp256k1.PrivateKey(scalarBytes: [UInt8](repeating: 12, count: 32))
        var tokens: [(label: String, jwt: [UInt8], jws: CompactJWS)] = []
        for key in [PrivateSigningKey.p256(p256Key), .secp256k1(k1Key)] {
            let did = DIDKey.did(for: key.publicKey)
            let signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")
            var document = fixture.credential.objectValue!
            document["issuer"] = .string(did.description)
            let jwt = try await Issuer.issueJOSE(.object(document), signer: signer)
            tokens.append((key.algorithm.rawValue, Array(jwt.utf8), try CompactJWS(parsing: jwt)))
        }
        let verifier = Verifier()
        for token in tokens {
            let ok = await verifier.verify(token.jwt).verified
            precondition(ok, "the benchmark's \(token.label) credential must verify")
        }

        // The libraries called directly on the same signing input and signature bytes.
        let es256 = tokens[0], es256k = tokens[1]
        let cryptoKey = try Crypto.P256.Signing.PublicKey(x963Representation: p256Key.publicKey.uncompressedRepresentation)
        let p256Input = es256.jws.signingInput, p256Signature = Data(es256.jws.signature)
        let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        defer { secp256k1_context_destroy(context) }
        var rawKey = secp256k1_pubkey()
        let compressed = k1Key.publicKey.compressedRepresentation
        precondition(secp256k1_ec_pubkey_parse(context, &rawKey, compressed, compressed.count) == 1)
        let k1Input = es256k.jws.signingInput, k1Signature = es256k.jws.signature

        let rounds = quick ? 3 : 8
        let perRound = quick ? 300 : 1000
        var best = [String: Double]()
        func keep(_ name: String, _ value: Double) { best[name] = max(best[name] ?? 0, value) }
        for _ in 0..<rounds {
            keep("es256-jwt", await CredentialBench.rate(count: perRound, rounds: 1) {
                let report = await verifier.verify(es256.jwt); precondition(report.verified)
            })
            keep("es256-jws", await CredentialBench.rate(count: perRound, rounds: 1) {
                try! CompactJWS(bytes: es256.jwt).verify(with: .p256(p256Key.publicKey))
            })
            keep("es256-raw", await CredentialBench.rate(count: perRound, rounds: 1) {
                let signature = try! Crypto.P256.Signing.ECDSASignature(rawRepresentation: p256Signature)
                precondition(cryptoKey.isValidSignature(signature, for: p256Input))
            })
            keep("es256k-jwt", await CredentialBench.rate(count: perRound, rounds: 1) {
                let report = await verifier.verify(es256k.jwt); precondition(report.verified)
            })
            keep("es256k-jws", await CredentialBench.rate(count: perRound, rounds: 1) {
                try! CompactJWS(bytes: es256k.jwt).verify(with: .secp256k1(k1Key.publicKey))
            })
            keep("es256k-raw", await CredentialBench.rate(count: perRound, rounds: 1) {
                // The fastest SHA-256 at hand (BoringSSL's, as the library path uses), so the ratio shows overhead only.
                let digest = Array(Crypto.SHA256.hash(data: k1Input))
                var signature = secp256k1_ecdsa_signature()
                precondition(secp256k1_ecdsa_signature_parse_compact(context, &signature, k1Signature) == 1)
                precondition(secp256k1_ecdsa_verify(context, &signature, digest, &rawKey) == 1)
            })
        }
        return [
            CredentialBench.Row(name: "ES256 vc+jwt verify (\(es256.jwt.count) B), one core", perSecond: best["es256-jwt"]!),
            CredentialBench.Row(name: "raw P-256 verify of its signing input (swift-crypto direct)", perSecond: best["es256-raw"]!),
            CredentialBench.Row(name: "ES256 JWS parse + verify(with: PublicSigningKey), one core", perSecond: best["es256-jws"]!),
            CredentialBench.Row(name: "ES256K vc+jwt verify (\(es256k.jwt.count) B), one core", perSecond: best["es256k-jwt"]!),
            CredentialBench.Row(name: "raw secp256k1 verify of its signing input (BoringSSL SHA-256 + libsecp256k1)", perSecond: best["es256k-raw"]!),
            CredentialBench.Row(name: "ES256K JWS parse + verify(with: PublicSigningKey), one core", perSecond: best["es256k-jws"]!),
        ]
    }

    /// Each JWT (and JWS-only) rate as a share of the direct library rate beside it.
    static func ratios(_ rows: [CredentialBench.Row]) -> [(String, String)] {
        guard rows.count == 6 else { return [] }
        return [(rows[0], rows[1]), (rows[2], rows[1]), (rows[3], rows[4]), (rows[5], rows[4])].map { jwt, raw in
            ("  \(jwt.name) / \(raw.name)", String(format: "%.3f", jwt.perSecond / raw.perSecond))
        }
    }
}
