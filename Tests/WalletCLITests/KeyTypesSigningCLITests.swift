import DIDCore
import Foundation
import StrictJSON
import TestSupport
import Testing
import WalletCrypto

/// Credentials and presentations signed with the wallet's P-256 and secp256k1 keys, end to end:
/// the JOSE `alg` comes from the key type, and what the wallet signs verifies.
@Suite("wallet vc/vp with P-256 and secp256k1 keys")
struct KeyTypesSigningCLITests {
    static func header(_ jwt: String) throws -> JSONValue {
        try JSONValue(parsing: Base64URL.decode(String(jwt.split(separator: ".")[0])))
    }

    /// `jwt` with one signature character changed (a signature that no longer verifies).
    static func tamperedSignature(_ jwt: String) -> String {
        var parts = jwt.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var signature = Array(parts[2])
        signature[10] = signature[10] == "A" ? "B" : "A"
        parts[2] = String(signature)
        return parts.joined(separator: ".")
    }

    @Test("vc issue with P-256 and secp256k1 DIDs: ES256 / ES256K by key type, verify valid, tampered invalid; vp create with a P-256 holder")
    func issueVerifyPresent() throws {
        let issuer = try KeyTypesCLITests.Setup("cli-ec-issuer")
        let holder = try KeyTypesCLITests.Setup("cli-ec-holder")
        defer { issuer.directory.remove(); holder.directory.remove() }
        let p256DID = try issuer.line(["did", "create", "--method", "key", "--key-type", "p256", "--label", "p256"])
        let k1DID = try issuer.line(["did", "create", "--method", "jwk", "--key-type", "secp256k1", "--label", "k1"])
        let holderDID = try holder.line(["did", "create", "--method", "key", "--key-type", "p256", "--label", "me"])
        let subject = issuer.directory.appending("subject.json")
        try Data(#"{"id":"\#(holderDID)","alumniOf":"Đại học Bách khoa"}"#.utf8).write(to: subject)
        var credentials: [String] = []
        for (label, did, alg) in [("p256", p256DID, "ES256"), ("k1", k1DID, "ES256K")] {
            for format in ["jwt", "jwt-legacy"] {
                let jwt = try issuer.line(["vc", "issue", "--issuer", label, "--subject", subject.path, "--format", format])
                let header = try Self.header(jwt)
                #expect(header["alg"]?.stringValue == alg, "\(label) \(format)")
                #expect(header["kid"]?.stringValue?.hasPrefix(did + "#") == true)
                let report = try issuer.run(["vc", "verify", "-", "--json"], stdin: Array(jwt.utf8), environment: [:])
                #expect(report.status == 0, "\(label) \(format): \(report.stdoutText)")
                #expect(try JSONValue(parsing: report.stdout)["issuer"]?.stringValue == did)
                let tampered = try issuer.run(["vc", "verify", "-"], stdin: Array(Self.tamperedSignature(jwt).utf8), environment: [:])
                #expect(tampered.status == 1 && tampered.stdoutText.contains("invalidSignature"), "\(tampered.stdoutText)")
                if format == "jwt" { credentials.append(jwt) }
            }
        }
        // The P-256 holder presents both credentials: the vp+jwt is ES256 and verifies with holder binding.
        var arguments = ["vp", "create", "--holder", "me", "--challenge", "n-1", "--domain", "https://verifier.example"]
        for (index, credential) in credentials.enumerated() {
            let file = holder.directory.appending("credential-\(index).jwt")
            try Data(credential.utf8).write(to: file)
            arguments += ["--credential", file.path]
        }
        let vp = try holder.line(arguments)
        #expect(try Self.header(vp)["alg"]?.stringValue == "ES256")
        let verified = try holder.run(["vp", "verify", "-", "--challenge", "n-1", "--domain", "https://verifier.example",
                                       "--require-holder-binding", "--json"], stdin: Array(vp.utf8), environment: [:])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        let report = try JSONValue(parsing: verified.stdout)
        #expect(report["holder"]?.stringValue == holderDID && report["credentials"]?.arrayValue?.count == 2)
        let replayed = try holder.run(["vp", "verify", "-", "--challenge", "n-2", "--domain", "https://verifier.example"],
                                      stdin: Array(vp.utf8), environment: [:])
        #expect(replayed.status == 1)
    }

    @Test("SD-JWT bound to a P-256 holder key: the KB-JWT is ES256 and the presentation verifies")
    func sdJWTWithP256Holder() throws {
        let issuer = try KeyTypesCLITests.Setup("cli-ec-sd-issuer")
        let holder = try KeyTypesCLITests.Setup("cli-ec-sd-holder")
        defer { issuer.directory.remove(); holder.directory.remove() }
        _ = try issuer.line(["did", "create", "--method", "key", "--label", "ministry"])
        let holderDID = try holder.line(["did", "create", "--method", "jwk", "--key-type", "p256", "--label", "citizen"])
        let claims = issuer.directory.appending("claims.json")
        try Data(#"{"given_name":"An","birthdate":"1990-04-12"}"#.utf8).write(to: claims)
        let sdJWT = try issuer.line(["vc", "issue", "--issuer", "ministry", "--subject", claims.path, "--format", "sd-jwt", "--holder", holderDID,
                                     "--vct", "https://credentials.example/pid", "--disclosable", "given_name,birthdate"])
        let issuerJWT = String(sdJWT.split(separator: "~")[0])
        let payload = try JSONValue(parsing: Base64URL.decode(String(issuerJWT.split(separator: ".")[1])))
        #expect(payload["cnf"]?["jwk"]?["crv"]?.stringValue == "P-256")
        let file = holder.directory.appending("pid.sdjwt")
        try Data(sdJWT.utf8).write(to: file)
        let presented = try holder.line(["vp", "create", "--holder", "citizen", "--credential", file.path, "--disclose", "given_name",
                                         "--challenge", "n-7", "--domain", "https://verifier.example", "--format", "sd-jwt"])
        let keyBinding = try #require(presented.split(separator: "~", omittingEmptySubsequences: false).last.map(String.init))
        #expect(try Self.header(keyBinding)["alg"]?.stringValue == "ES256")
        let report = try holder.run(["vp", "verify", "-", "--challenge", "n-7", "--domain", "https://verifier.example", "--json"],
                                    stdin: Array(presented.utf8), environment: [:])
        #expect(report.status == 0, "\(report.stdoutText)")
        #expect(try JSONValue(parsing: report.stdout)["disclosedClaims"]?["given_name"]?.stringValue == "An")
        let forged = try holder.run(["vp", "verify", "-", "--challenge", "n-7", "--domain", "https://verifier.example"],
                                    stdin: Array((presented.dropLast(keyBinding.count) + Self.tamperedSignature(keyBinding)).utf8), environment: [:])
        #expect(forged.status == 1)
    }

    /// The did:nda addresses of the keys that can have made `jwt`'s ES256K signature (what an NDA
    /// verifier does offline: recover, then compare addresses).
    static func recoveredDIDs(_ jwt: String) throws -> [String] {
        let parts = jwt.split(separator: ".").map(String.init)
        let signature = try Secp256k1.Signature(rawRepresentation: Base64URL.decode(parts[2]))
        let candidates = try Secp256k1.PublicKey.recoveryCandidates(for: signature, forDigest: SHA256.hash(Array((parts[0] + "." + parts[1]).utf8)))
        return candidates.map { "did:nda:" + EthereumAddress(publicKey: $0.publicKey).lowercased }
    }

    @Test("A holder's did:nda signs VC 1.1 JWTs and vp+jwt with ES256K, kid did#key-1; they recover to the DID's address and verify offline")
    func ndaHolder() throws {
        let holder = try KeyTypesCLITests.Setup("cli-nda-holder", phrase: KeyTypesCLITests.developmentPhrase)
        defer { holder.directory.remove() }
        let did = try holder.line(["did", "create", "--method", "nda", "--label", "chain"])
        #expect(did == "did:nda:" + KeyTypesCLITests.hardhatAccount0)
        let subject = holder.directory.appending("subject.json")
        try Data(#"{"id":"did:example:an","name":"An"}"#.utf8).write(to: subject)
        let jwt = try holder.line(["vc", "issue", "--issuer", "chain", "--subject", subject.path, "--format", "jwt-legacy"])
        let header = try Self.header(jwt)
        #expect(header["alg"] == "ES256K" && header["typ"] == "JWT" && header["kid"]?.stringValue == did + "#key-1")
        #expect(try Self.recoveredDIDs(jwt).contains(did))
        #expect(!(try Self.recoveredDIDs(Self.tamperedSignature(jwt)).contains(did)))
        // The vc+jwt form too (a vp+jwt envelopes vc+jwt credentials).
        let vcJWT = try holder.line(["vc", "issue", "--issuer", "chain", "--subject", subject.path, "--format", "jwt"])
        #expect(try Self.header(vcJWT)["alg"] == "ES256K" && (try Self.header(vcJWT)["kid"]?.stringValue) == did + "#key-1")
        #expect(try Self.recoveredDIDs(vcJWT).contains(did))
        let file = holder.directory.appending("credential.jwt")
        try Data(vcJWT.utf8).write(to: file)
        let vp = try holder.line(["vp", "create", "--holder", "chain", "--credential", file.path, "--challenge", "n-1", "--domain", "https://verifier.example"])
        #expect(try Self.header(vp)["alg"] == "ES256K" && (try Self.header(vp)["kid"]?.stringValue) == did + "#key-1")
        #expect(try Self.recoveredDIDs(vp).contains(did))
        // A verifier without a did:nda resolver checks both offline by key recovery: valid, with
        // the warning that the DID document was not consulted; a changed signature is invalid.
        let verified = try holder.run(["vc", "verify", "-", "--json"], stdin: Array(jwt.utf8), environment: [:])
        #expect(verified.status == 0, "\(verified.stdoutText)")
        #expect(try JSONValue(parsing: verified.stdout)["issuer"]?.stringValue == did)
        #expect(verified.stdoutText.contains("didDocumentNotConsulted"))
        #expect(try holder.run(["vc", "verify", "-"], stdin: Array(Self.tamperedSignature(jwt).utf8), environment: [:]).status == 1)
        let verifiedVC = try holder.run(["vc", "verify", "-", "--json"], stdin: Array(vcJWT.utf8), environment: [:])
        #expect(verifiedVC.status == 0 && verifiedVC.stdoutText.contains("didDocumentNotConsulted"), "\(verifiedVC.stdoutText)")
        let presented = try holder.run(["vp", "verify", "-", "--challenge", "n-1", "--domain", "https://verifier.example", "--json"],
                                       stdin: Array(vp.utf8), environment: [:])
        #expect(presented.status == 0, "\(presented.stdoutText)")
        #expect(try JSONValue(parsing: presented.stdout)["holder"]?.stringValue == did)
        #expect(try holder.run(["vp", "verify", "-", "--challenge", "n-1", "--domain", "https://verifier.example"],
                               stdin: Array(Self.tamperedSignature(vp).utf8), environment: [:]).status == 1)
        // NDAChain's own JWT shape: a VC 2.0 credential in the VC 1.1 envelope, ES256K, verified
        // offline like the NDA testnet vectors.
        let ndaShaped = try holder.line(["vc", "issue", "--issuer", "chain", "--subject", subject.path, "--format", "jwt-legacy", "--data-model", "2.0"])
        let ndaPayload = try JSONValue(parsing: try Base64URL.decode(String(ndaShaped.split(separator: ".")[1])))
        #expect(try Self.header(ndaShaped)["alg"] == "ES256K" && ndaPayload["vc"]?["@context"]?[0] == "https://www.w3.org/ns/credentials/v2")
        let ndaVerified = try holder.run(["vc", "verify", "-", "--json"], stdin: Array(ndaShaped.utf8), environment: [:])
        #expect(ndaVerified.status == 0 && ndaVerified.stdoutText.contains("didDocumentNotConsulted"), "\(ndaVerified.stdoutText)")
        #expect(try JSONValue(parsing: ndaVerified.stdout)["dataModel"] == "2.0")
        #expect(try holder.run(["vc", "verify", "-"], stdin: Array(Self.tamperedSignature(ndaShaped).utf8), environment: [:]).status == 1)
        // The eddsa Data Integrity suites take only Ed25519 keys.
        let refused = try holder.run(["vc", "issue", "--issuer", "chain", "--subject", subject.path, "--format", "di-jcs", "--json"])
        #expect(refused.status == 1 && refused.stdoutText.contains("keyTypeNotSupported"), "\(refused.stdoutText)")
    }
}
