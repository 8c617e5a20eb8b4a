import CSecp256k1
import CSodium
import Crypto
import Foundation
import WalletCrypto

/// ECDSA verification through WalletCrypto beside the libraries called directly, in alternating
/// rounds of the same run (decision 0002): ES256K (SHA-256 + libsecp256k1) and ES256 (swift-crypto
/// P-256). Both sides hash the same message and take the same 64-byte signature bytes; the key is
/// parsed once on both sides.
enum ECDSABench {
    /// A JWS signing input's worth of bytes.
    static let message = [UInt8](repeating: 0x61, count: 256)

    static func run(_ bench: Bench) -> [Measurement] {
        var rows: [Measurement] = []

        // secp256k1: our primitive (low-S required) against SHA-256 + parse + secp256k1_ecdsa_verify.
        let k1Key = try! Secp256k1.PrivateKey(scalarBytes: [UInt8](repeating: 7, count: 32))
        let k1Signature = k1Key.signature(for: message).rawRepresentation
        let k1Public = k1Key.publicKey
        let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
        var rawKey = secp256k1_pubkey()
        let compressed = k1Public.compressedRepresentation
        precondition(secp256k1_ec_pubkey_parse(context, &rawKey, compressed, compressed.count) == 1)
        let (ours, raw) = bench.measurePair(
            "ECDSA", "ES256K verify 256 B (WalletCrypto)", { precondition(k1Public.isValidSignature(k1Signature, for: message)) },
            "ES256K verify 256 B (SHA-256 + libsecp256k1 direct)", {
                var digest = [UInt8](repeating: 0, count: 32)
                _ = crypto_hash_sha256(&digest, message, UInt64(message.count))
                var signature = secp256k1_ecdsa_signature()
                precondition(secp256k1_ecdsa_signature_parse_compact(context, &signature, k1Signature) == 1)
                precondition(secp256k1_ecdsa_verify(context, &signature, digest, &rawKey) == 1)
            })
        rows += [ours, raw]

        // P-256: our primitive against swift-crypto's public key and signature types.
        let p256Key = WalletCrypto.P256.PrivateKey()
        let p256Signature = p256Key.signature(for: message).rawRepresentation
        let p256Public = p256Key.publicKey
        let cryptoKey = try! Crypto.P256.Signing.PublicKey(x963Representation: p256Public.uncompressedRepresentation)
        let signatureData = Data(p256Signature)
        let (oursP256, rawP256) = bench.measurePair(
            "ECDSA", "ES256 verify 256 B (WalletCrypto)", { precondition(p256Public.isValidSignature(p256Signature, for: message)) },
            "ES256 verify 256 B (swift-crypto direct)", {
                let signature = try! Crypto.P256.Signing.ECDSASignature(rawRepresentation: signatureData)
                precondition(cryptoKey.isValidSignature(signature, for: message))
            })
        rows += [oursP256, rawP256]

        let keccakInput = [UInt8](repeating: 0x5A, count: 1024)
        rows.append(bench.measure("ECDSA", "Keccak-256 1 KB (Swift)", bytes: keccakInput.count) { blackHole(Keccak256.hash(keccakInput)) })
        rows.append(bench.measure("ECDSA", "Ethereum address of a public key") { blackHole(EthereumAddress(publicKey: k1Public)) })
        return rows
    }

    /// `ours / raw` for each pair above, in percent.
    static func ratios(_ rows: [Measurement]) -> [(String, Double)] {
        stride(from: 0, to: 4, by: 2).map { index in
            (rows[index].name + " / direct", 100 * rows[index].operationsPerSecond / rows[index + 1].operationsPerSecond)
        }
    }
}
