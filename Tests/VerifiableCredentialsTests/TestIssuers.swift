import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCrypto

/// An issuer (or holder) with a did:key and an in-memory signer.
struct TestParty {
    let key: Ed25519.PrivateKey
    let did: DID
    let signer: InMemorySigner

    init(seed: UInt8) {
        key = try! Ed25519.PrivateKey(seedBytes: [UInt8](repeating: seed, count: 32))
        did = DIDKey.did(for: key.publicKey)
        signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")
    }

    func credential(subject: String = "did:example:subject", dataModel: DataModelVersion = .v2, validUntil: Date? = nil,
                    validFrom: Date? = Date(timeIntervalSince1970: 1_700_000_000)) -> JSONValue {
        .object(Issuer.credential(issuer: did.description, subject: ["id": .string(subject), "degree": ["name": "Cử nhân Khoa học"]],
                                  types: ["AlumniCredential"], id: "urn:uuid:0a0e3e57-6f4c-4b8a-9ad0-1f0c4ef7a001",
                                  validFrom: validFrom.map { DateTimeStamp($0) }, validUntil: validUntil.map { DateTimeStamp($0) },
                                  dataModel: dataModel))
    }
}

extension String {
    /// Flips one character of a compact JWS segment (0 header, 1 payload, 2 signature).
    func tamperingSegment(_ index: Int) -> String {
        var parts = split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var characters = Array(parts[index])
        let position = characters.count / 2
        characters[position] = characters[position] == "A" ? "B" : "A"
        parts[index] = String(characters)
        return parts.joined(separator: ".")
    }
}
