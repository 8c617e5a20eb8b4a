import DIDCore
import JSONLD
import StrictJSON
import WalletCrypto

/// `Ed25519Signature2018` (the W3C CCG Ed25519 Signature 2018 report), verification only: the
/// signature is a detached RFC 7797 JWS (`b64: false`) over the same hash data as
/// Ed25519Signature2020, in the proof's `jws`.
struct Ed25519Signature2018: Cryptosuite {
    var suite: DataIntegrityCryptosuite { .ed25519Signature2018 }
    var canonicalization: Canonicalization { .rdfc }
    var escapings: [NQuads.Escaping] { [.canonical, .urdna2015] }
    var proofContextIsOwn: Bool { true }
    var canSign: Bool { false }

    /// The detached JWS's signature; its header must be exactly `alg` EdDSA, `b64` false, `crit` ["b64"].
    func signature(in proof: JSONObject) throws(VCError) -> [UInt8] {
        guard let jws = proof["jws"]?.stringValue else { throw VCError(.invalidProofValue, "the proof has no jws") }
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].isEmpty, let headerBytes = try? Base64URL.decode(String(parts[0])),
              let header = (try? JSONValue(parsing: headerBytes))?.objectValue,
              header["alg"] == "EdDSA", header["b64"] == false, header["crit"] == ["b64"], header.count == 3 else {
            throw VCError(.invalidProofValue, "the jws is not a detached EdDSA JWS with b64:false")
        }
        guard let signature = try? Base64URL.decode(String(parts[2])), signature.count == Ed25519.signatureLength else {
            throw VCError(.invalidProofValue, "the jws signature is not 64 bytes of base64url")
        }
        return signature
    }

    func encode(_ signature: [UInt8], into proof: inout JSONObject) {
        preconditionFailure("Ed25519Signature2018 proofs are verified, not created")
    }

    /// RFC 7797 unencoded payload: the JWS signing input is `BASE64URL(header) || "." || data`.
    func signingInput(_ hashData: [UInt8], proof: JSONObject) -> [UInt8] {
        guard let jws = proof["jws"]?.stringValue, let dot = jws.firstIndex(of: ".") else { return hashData }
        return Array(jws[..<dot].utf8) + [UInt8(ascii: ".")] + hashData
    }
}
