import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials
import WalletCrypto

/// Test documents for the JSON benchmarks, built deterministically.
enum Workloads {
    /// A credential-like document of about 2 KB: nested objects, arrays, strings with escapes
    /// and non-ASCII text, integers and decimals.
    static func credential(index: Int) -> String {
        """
        {"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],\
        "id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc\(String(format: "%02d", index % 100))",\
        "type":["VerifiableCredential","AlumniCredential","NationalIdentityCredential"],\
        "name":"Alumni Credential","description":"A minimum viable example of an Alumni Credential.",\
        "issuer":{"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","name":"Đại học Quốc gia Hà Nội"},\
        "validFrom":"2023-01-01T00:00:00Z","validUntil":"2033-01-01T00:00:00Z",\
        "credentialSubject":{"id":"did:example:abcdefgh\(index)","alumniOf":{"name":"Example University","id":"did:example:c276e12ec21ebfeb1f712ebc6f1"},\
        "givenName":"Nguyễn Văn","familyName":"An","birthDate":"1990-04-\(String(format: "%02d", index % 28 + 1))",\
        "address":{"streetAddress":"12 Tràng Tiền","locality":"Hoàn Kiếm","region":"Hà Nội","postalCode":"100000","country":"VN"},\
        "degree":{"type":"BachelorDegree","name":"Bachelor of Science and Arts","gpa":3.\(index % 10)7,"credits":128,"honours":true},\
        "courses":[{"code":"CS101","grade":"A","credits":4},{"code":"CS102","grade":"B+","credits":4},{"code":"MA201","grade":"A-","credits":3},\
        {"code":"PH110","grade":"B","credits":3},{"code":"EN100","grade":"A","credits":2}],\
        "languages":["vi","en","fr"],"notes":"Graduated \\"with distinction\\"\\n\\tSecond line\\u00e9"},\
        "credentialStatus":{"id":"https://example.com/status/3#\(94567 + index)","type":"BitstringStatusListEntry",\
        "statusPurpose":"revocation","statusListIndex":"\(94567 + index)","statusListCredential":"https://example.com/status/3"},\
        "credentialSchema":{"id":"https://example.org/examples/degree.json","type":"JsonSchema"},\
        "evidence":[{"id":"https://example.edu/evidence/f2aeec97","type":["DocumentVerification"],"verifier":"https://example.edu/issuers/14",\
        "evidenceDocument":"DriversLicense","subjectPresence":"Physical","documentPresence":"Physical","licenseNumber":"123AB4567"}],\
        "proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022","created":"2023-02-24T23:36:38Z",\
        "verificationMethod":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",\
        "proofPurpose":"assertionMethod",\
        "proofValue":"z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"}}
        """
    }

    /// About 2 KB.
    static let smallDocument = Array(credential(index: 7).utf8)

    /// About 1 MB: an array of distinct credential-like documents.
    static let largeDocument: [UInt8] = {
        var text = "["
        var index = 0
        while text.utf8.count < 1_000_000 {
            if index > 0 { text += "," }
            text += credential(index: index)
            index += 1
        }
        return Array((text + "]").utf8)
    }()

    /// An RDF credential as N-Quads: a blank-node credential and subject, and `claims` blank-node
    /// claims each with a name and a value (distinct, so first-degree hashes tell them apart).
    static func rdfCredential(claims: Int) -> String {
        var text = """
            _:credential <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
            _:credential <https://www.w3.org/2018/credentials#issuer> <did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK> .
            _:credential <https://www.w3.org/2018/credentials#validFrom> "2023-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
            _:credential <https://www.w3.org/2018/credentials#credentialSubject> _:subject .

            """
        for index in 0..<claims {
            text += "_:subject <https://example.org/vocab#claim> _:claim\(index) .\n"
            text += "_:claim\(index) <https://schema.org/name> \"Claim \(index): Nguyễn Văn An\" .\n"
            text += "_:claim\(index) <https://schema.org/value> \"\(index * 7)\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        }
        return text
    }

    /// The vc-di-eddsa Alumni credential (`TestVectors/unsigned.json`), as the JSON-LD benchmarks use it.
    static let alumniCredential = try! JSONValue(parsing: """
        {"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],
         "id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33","type":["VerifiableCredential","AlumniCredential"],
         "name":"Alumni Credential","description":"A minimum viable example of an Alumni Credential.",
         "issuer":"https://vc.example/issuers/5678","validFrom":"2023-01-01T00:00:00Z",
         "credentialSubject":{"id":"did:example:abcdefgh","alumniOf":"The School of Examples"}}
        """)

    /// The vc-di-eddsa employment authorization document (`TestVectors/employmentAuth.json`).
    static let employmentCredential = try! JSONValue(parsing: """
        {"@context":["https://www.w3.org/ns/credentials/v2","https://w3id.org/citizenship/v4rc1"],
         "type":["VerifiableCredential","EmploymentAuthorizationDocumentCredential"],
         "issuer":{"id":"did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76",
                   "image":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVQIW2NgUPr/HwADaAIhG61j/AAAAABJRU5ErkJggg=="},
         "credentialSubject":{"type":["Person","EmployablePerson"],"givenName":"JOHN","additionalName":"JACOB","familyName":"SMITH",
           "image":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVQIW2Ng+M/wHwAEAQH/7yMK/gAAAABJRU5ErkJggg==",
           "gender":"Male","residentSince":"2015-01-01","birthCountry":"Bahamas","birthDate":"1999-07-17",
           "employmentAuthorizationDocument":{"type":"EmploymentAuthorizationDocument","identifier":"83627465","lprCategory":"C09","lprNumber":"999-999-999"}},
         "name":"Employment Authorization Document","description":"Example Employment Authorization Document.",
         "validFrom":"2019-12-03T00:00:00Z","validUntil":"2029-12-03T00:00:00Z"}
        """)

    /// `Fixtures/interop/didkit-Ed25519Signature2020.json`: issued by didkit 0.3.3.
    static let didkitEd25519Signature2020 = #"""
        {
          "@context": [
            "https://www.w3.org/2018/credentials/v1"
          ],
          "id": "urn:uuid:6a1c0d5e-9b1f-4a8e-8c39-5d7e2f0a4b11",
          "type": [
            "VerifiableCredential"
          ],
          "credentialSubject": {
            "id": "did:example:holder"
          },
          "issuer": "did:key:z6Mkg49NtQR2LyYRDCQFK4w1VVHqhypZSSRo7HsyuN7SV7v5",
          "issuanceDate": "2024-01-01T00:00:00Z",
          "proof": {
            "@context": [
              "https://w3id.org/security/suites/ed25519-2020/v1"
            ],
            "type": "Ed25519Signature2020",
            "proofPurpose": "assertionMethod",
            "proofValue": "z65fmLqBJjKuXKfPPVnFwFyYY4W8vHtcwQyMXgfYtsv3gS4Tui63a4Z7VZ1QNHMWu6qnUAsgF3xiaqpLWDrtJYCq",
            "verificationMethod": "did:key:z6Mkg49NtQR2LyYRDCQFK4w1VVHqhypZSSRo7HsyuN7SV7v5#z6Mkg49NtQR2LyYRDCQFK4w1VVHqhypZSSRo7HsyuN7SV7v5",
            "created": "2026-11-30T02:15:23.646Z"
          }
        }
        """#

    /// A JSON-LD credential (v2 + examples contexts) whose subject has `claims` claims, each an
    /// object with a name and a value (blank nodes in the RDF).
    static func jsonLDCredential(claims: Int) -> JSONValue {
        var subject: JSONObject = ["id": "did:example:abcdefgh"]
        subject["claims"] = .array((0..<claims).map { index in ["name": .string("Claim \(index): Nguyễn Văn An"), "value": .number(JSONNumber(index * 7))] })
        return .object(Issuer.credential(issuer: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", subject: .object(subject),
                                         types: ["AlumniCredential"], contexts: ["https://www.w3.org/ns/credentials/examples/v2"],
                                         id: "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33", validFrom: DateTimeStamp(Date(timeIntervalSince1970: 1_672_531_200))))
    }

    /// RDFC-1.0's poison example: `nodes` blank nodes all linked to each other.
    static func blankNodeClique(nodes: Int) -> String {
        var text = ""
        for a in 0..<nodes { for b in 0..<nodes where a != b { text += "_:n\(a) <http://example.org/vocab#p> _:n\(b) .\n" } }
        return text
    }

    /// The credential benchmarks' issuer (a did:key over a fixed seed) and a typical credential:
    /// the 2 KB document without its proof, issued by that DID.
    struct IssuedCredential {
        let key: Ed25519.PrivateKey
        let signer: InMemorySigner
        let credential: JSONValue
    }

    static func issuedCredential() throws -> IssuedCredential {
        let key = try Ed25519.PrivateKey(seedBytes: [UInt8](repeating: 9, count: 32))
        let did = DIDKey.did(for: key.publicKey)
        let signer = InMemorySigner(privateKey: key, verificationMethodId: "\(did)#\(did.methodSpecificId)")
        var document = try JSONValue(parsing: credential(index: 3)).objectValue!
        document.removeValue(forKey: "proof")
        document["issuer"] = .string(did.description)
        return IssuedCredential(key: key, signer: signer, credential: .object(document))
    }
}
