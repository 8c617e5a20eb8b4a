import DIDCore
import Foundation
import StrictJSON
import TestSupport
@testable import VerifiableCredentials
import WalletCrypto

/// Shared by the did:nda tests: the vectors, a pinned clock inside their validity window, an
/// in-memory did:nda resolver, and NDA-dialect signing with the SDK's test keys.
enum NDATestSupport {
    /// 2026-01-01T00:00:00Z: inside the vectors' window (2025-08-29 … 2026-08-29), after every signature.
    static let insideWindow = Date(timeIntervalSince1970: 1_767_225_600)
    /// 2026-09-01T00:00:00Z: after the vectors expired.
    static let afterExpiry = Date(timeIntervalSince1970: 1_788_220_800)

    static let credentialFile = "did-nda/credential-ecdsa-rdfc-2019-nda.json"
    static let issuer = "did:nda:testnet:0x222137fb0099115bd0b0446c4d66c81ccf41e0bb"

    static func credential() throws -> JSONObject { try Fixtures.json(credentialFile).objectValue! }

    static func bytes(_ object: JSONObject) -> [UInt8] { JSONSerializer().serialize(.object(object)) }

    static func policy(at date: Date = insideWindow) -> VerificationPolicy {
        var policy = VerificationPolicy()
        policy.now = { date }
        return policy
    }

    /// An offline verifier (did:key and did:jwk only) with the clock pinned.
    static func offlineVerifier(at date: Date = insideWindow, statusLists: (any StatusListProvider)? = nil) -> Verifier {
        Verifier(policy: policy(at: date), statusLists: statusLists)
    }

    /// A verifier whose did:nda resolver answers with `documents` (by DID) and fails otherwise.
    static func resolvingVerifier(_ documents: [String: DIDDocument], failing: Bool = false) -> Verifier {
        Verifier(resolver: DIDResolverRegistry.standard.registering(StubNDAResolver(documents: documents, failing: failing)), policy: policy())
    }

    static func document(_ name: String) throws -> DIDDocument {
        try DIDDocument(json: Fixtures.json("did-nda/did-documents/\(name).json"))
    }

    /// The SDK's test key 5a369512… and its did:nda (did:nda:0x084ce14e…).
    static func sdkKey() throws -> (Secp256k1.PrivateKey, String) {
        let key = try Secp256k1.PrivateKey(scalarBytes: hexBytes("5a369512f8f8a0e6973abd6241ce38103c232966c6153bf8377ac85582812aa4"))
        return (key, DIDNDA.did(for: EthereumAddress(publicKey: key.publicKey)).description)
    }

    /// `document` signed in NDA's dialect by `key` as `verificationMethod`.
    static func signNDA(_ document: JSONObject, key: Secp256k1.PrivateKey, verificationMethod: String,
                        created: String = "2025-12-01T00:00:00Z", purpose: String = "assertionMethod") throws -> JSONObject {
        let digest = try NDADataIntegrity.signedDigest(of: document, loader: PinnedContextLoader.bundled).digest
        let signature = try key.signature(forDigest: digest)
        var signed = document
        signed["proof"] = [
            "type": "DataIntegrityProof", "created": .string(created), "proofValue": .string(Hex.encode(signature.rawRepresentation)),
            "cryptosuite": "ecdsa-rdfc-2019", "proofPurpose": .string(purpose), "verificationMethod": .string(verificationMethod),
        ]
        return signed
    }
}

/// did:nda documents served from memory (a stand-in for an NDA resolver service).
struct StubNDAResolver: DIDResolver {
    let documents: [String: DIDDocument]
    var failing = false
    var supportedMethods: Set<String> { ["nda"] }

    func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult {
        if failing { return .failure(DIDError(.notFound, "the stub resolver is down")) }
        guard let document = documents[did.description] else { return .failure(DIDError(.notFound, "no document for \(did)")) }
        return .success(document, contentType: DIDResolutionOptions.didLDJSON)
    }
}
