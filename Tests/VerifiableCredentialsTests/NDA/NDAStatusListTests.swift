import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
@testable import VerifiableCredentials
import WalletCrypto

/// NDA's status lists (decision 0028): `{"data": …}`-wrapped, `encodedList` without a multibase
/// prefix, bits least-significant first — read by their adapter only when the list is wrapped,
/// and never a W3C list with NDA's bit order or the reverse.
@Suite("did:nda — NDA status lists")
struct NDAStatusListTests {
    static let listURL = "https://status.example/api/v1/issuers/list/0"

    /// Byte 0 is 0x08: LSB-first that is entry 3 set; read MSB-first it would be entry 4.
    static let listBytes: [UInt8] = [0x08, 0x00, 0x00, 0x00]

    /// An NDA list credential signed in the dialect by the SDK's test key, as the endpoint serves it.
    static func listResponse(encodedList: String, wrapped: Bool = true) throws -> [UInt8] {
        let (key, did) = try NDATestSupport.sdkKey()
        let list: JSONObject = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "id": .string(listURL),
            "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": .string(did),
            "validFrom": "2025-01-01T00:00:00Z",
            "credentialSubject": ["id": .string(listURL + "#list"), "type": "BitstringStatusList", "statusPurpose": "revocation",
                                  "encodedList": .string(encodedList)],
        ]
        let signed = try NDATestSupport.signNDA(list, key: key, verificationMethod: did + "#key-1")
        return JSONSerializer().serialize(wrapped ? ["data": .object(signed)] : .object(signed))
    }

    static var ndaEncodedList: String { Base64URL.encode(GZIP.compress(listBytes)) }

    /// A credential of the same issuer whose status entry is `index`.
    static func credential(index: Int) throws -> [UInt8] {
        let (key, did) = try NDATestSupport.sdkKey()
        let credential: JSONObject = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": .string(did),
            "validFrom": "2025-08-29T09:01:51Z", "credentialSubject": ["id": "did:example:subject"],
            "credentialStatus": ["id": .string(listURL + "#\(index)"), "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                                 "statusListIndex": .string(String(index)), "statusListCredential": .string(listURL)],
        ]
        return NDATestSupport.bytes(try NDATestSupport.signNDA(credential, key: key, verificationMethod: did + "#key-1"))
    }

    func verify(index: Int, response: [UInt8]) async throws -> VerificationReport {
        let provider = StaticStatusListProvider(lists: [Self.listURL: response])
        return await NDATestSupport.offlineVerifier(statusLists: provider).verify(try Self.credential(index: index))
    }

    @Test("Entry 3 is revoked and entry 4 is not: bits are read least-significant first")
    func bitOrder() async throws {
        let response = try Self.listResponse(encodedList: Self.ndaEncodedList)
        let revoked = try await verify(index: 3, response: response)
        #expect(revoked.errors.map(\.code) == [.revoked], "\(revoked.errors)")
        let valid = try await verify(index: 4, response: response)
        #expect(valid.verified, "\(valid.errors)")
        #expect(valid.checks.contains { $0.name == .statusList && $0.passed })
    }

    @Test("A wrapped list in the W3C form (multibase u…), or an unwrapped list in NDA's form, is refused, not read by guessing")
    func noGuessing() async throws {
        let w3cEncoded = Multibase.base64url.encode(GZIP.compress(Self.listBytes))
        let wrappedW3C = try await verify(index: 4, response: try Self.listResponse(encodedList: w3cEncoded))
        #expect(wrappedW3C.errors.map(\.code) == [.invalidStatusList], "\(wrappedW3C.errors)")
        let unwrappedNDA = try await verify(index: 4, response: try Self.listResponse(encodedList: Self.ndaEncodedList, wrapped: false))
        #expect(unwrappedNDA.errors.map(\.code) == [.invalidStatusList], "\(unwrappedNDA.errors)")
    }

    @Test("Bit reversal", arguments: [(UInt8(0x01), UInt8(0x80)), (0x08, 0x10), (0xF0, 0x0F), (0xA5, 0xA5), (0x00, 0x00)])
    func reversal(input: UInt8, output: UInt8) {
        #expect(NDAStatusList.reversedBits(input) == output)
    }
}
