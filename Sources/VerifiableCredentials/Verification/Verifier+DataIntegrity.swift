import DIDCore
import Foundation
import JSONLD
import StrictJSON

/// Data Integrity (VC Data Integrity §4.3): a JSON credential or presentation with one proof or a
/// proof set (chains through `previousProof`), each verified by ``DataIntegrityProof``.
extension Verifier {
    /// The most proofs one document may carry (a proof set or chain).
    public static let maximumProofs = 8

    func verifyJSON(_ bytes: [UInt8], report initial: consuming VerificationReport, depth: Int, session: VerificationSession?) async -> VerificationReport {
        var report = initial
        let value: JSONValue
        do { value = try JSONParser(options: .init(maxDepth: 64, maxBytes: policy.maximumInputBytes)).parse(bytes) } catch {
            report.fail(.parse, VCError(error.code == .duplicateKey ? .duplicateKey : .malformedJSON, "\(error)"))
            return report
        }
        guard var object = value.objectValue else {
            report.fail(.parse, VCError(.malformedJSON, "the document is not a JSON object"))
            return report
        }
        report.pass(.parse)
        let isPresentation = DataModelChecks.strings(object["type"]).contains("VerifiablePresentation")
        report.kind = isPresentation ? .presentation : .credential
        report.document = value
        let proofValue = object.removeValue(forKey: "proof")
        // Data model first (on the document without its proof).
        var credential: VerifiableCredential?
        var presentation: VerifiablePresentation?
        guard report.check(.dataModel, { () throws(VCError) in
            if isPresentation { presentation = try VerifiablePresentation(json: .object(object)) } else { credential = try VerifiableCredential(json: .object(object)) }
        }) else { return report }
        if let credential { describe(credential, into: &report) }
        if let presentation { report.dataModel = presentation.dataModel; report.holder = presentation.holder }
        guard let proofValue, !proofValue.isNull else {
            report.fail(.proof, VCError(.proofMissing, "the document has no proof (unsecured credentials are not verifiable)"))
            return report
        }
        let proofs = proofValue.arrayValue ?? [proofValue]
        guard !proofs.isEmpty, proofs.allSatisfy({ $0.objectValue != nil }) else {
            report.fail(.proof, VCError(.malformedProof, "proof must be an object or an array of objects"))
            return report
        }
        // Each proof costs a canonicalization of the whole document: a bounded set, each proof once
        // (security requirement 36).
        guard proofs.count <= Self.maximumProofs else {
            report.fail(.proof, VCError(.complexityLimit, "\(proofs.count) proofs, more than \(Self.maximumProofs)"))
            return report
        }
        for (index, proof) in proofs.enumerated() where proofs[..<index].contains(proof) {
            report.fail(.proof, VCError(.malformedProof, "proof \(index) repeats an earlier proof"))
            return report
        }
        let controller = isPresentation ? (presentation?.holder ?? "") : (credential?.issuer ?? "")
        let suites = Set(proofs.compactMap { $0.objectValue.flatMap(DataIntegrityCryptosuite.named(in:)) })
        var format: CredentialFormat = suites.count == 1 ? .dataIntegrity(suites.first!) : .dataIntegrityProofSet
        // NDA's dialect is told from the signed issuer (holder), never as the W3C suite (decision 0028).
        if proofs.contains(where: { NDADataIntegrity.isDialect($0.objectValue!, controller: controller) }) {
            format = proofs.count == 1 ? .dataIntegrityNDA : .dataIntegrityProofSet
        }
        report.format = format
        guard checkFormat(&report) else { return report }
        let purpose: VerificationRelationship = isPresentation ? .authentication : .assertionMethod
        for (index, proof) in proofs.enumerated() where report.errors.isEmpty {
            await verifyDataIntegrityProof(proof.objectValue!, among: proofs, document: object, controller: controller, purpose: purpose,
                                           index: proofs.count == 1 ? nil : index, presentation: isPresentation,
                                           dataModel: credential?.dataModel ?? presentation?.dataModel ?? .v2, report: &report)
        }
        if let credential {
            await decide(VerifiedStatements(credential, format: format), depth: depth, session: session, report: &report)
        }
        if let presentation {
            if report.holder == nil { report.holder = controller.isEmpty ? nil : controller }
            let holder = presentation.holder ?? report.verificationMethod.flatMap { try? DIDURL(parsing: $0) }?.did.description ?? ""
            await verifyPresentation(presentation, holder: holder, depth: depth, session: session, report: &report)
        }
        return report
    }

    /// One proof of the set: its structure and purpose, its place in a chain, the challenge and
    /// domain it binds, its key, its signature, and for the RDF suites that the JSON read after it
    /// says what the signed dataset says.
    func verifyDataIntegrityProof(_ proof: JSONObject, among proofs: [JSONValue], document: JSONObject, controller: String,
                                  purpose: VerificationRelationship, index: Int?, presentation: Bool, dataModel: DataModelVersion,
                                  report: inout VerificationReport) async {
        if NDADataIntegrity.isDialect(proof, controller: controller) {
            await verifyNDAProof(proof, document: document, controller: controller, purpose: purpose, index: index, presentation: presentation,
                                 dataModel: dataModel, report: &report)
            return
        }
        if let refusal = NDADataIntegrity.legacyRefusal(proof) {
            report.fail(.proof(index, .structure), refusal)
            return
        }
        var signature: [UInt8] = []
        guard report.check(.proof(index, .structure), { () throws(VCError) in
            guard DataIntegrityCryptosuite.named(in: proof) != nil else {
                throw VCError(.unsupportedProof, "proof \(proof["type"]?.stringValue ?? "(no type)") \(proof["cryptosuite"]?.stringValue ?? "") is not supported (DataIntegrityProof with eddsa-jcs-2022, eddsa-rdfc-2022, ecdsa-rdfc-2019 or ecdsa-jcs-2019, Ed25519Signature2020, Ed25519Signature2018)")
            }
            guard let statedPurpose = proof["proofPurpose"]?.stringValue else {
                throw VCError(.proofPurposeMismatch, "the proof has no proofPurpose")
            }
            guard statedPurpose == purpose.rawValue else {
                throw VCError(.proofPurposeMismatch, "proofPurpose is \(statedPurpose), \(purpose.rawValue) is required")
            }
            signature = try DataIntegrityProof.signature(of: proof)
            if let created = proof["created"] {
                guard let text = created.stringValue, DateTimeStamp(parsing: text) != nil else {
                    throw VCError(.malformedProof, "the proof's created is not a dateTimeStamp")
                }
            }
            if let expires = proof["expires"] {
                guard let text = expires.stringValue, let stamp = DateTimeStamp(parsing: text) else {
                    throw VCError(.malformedProof, "the proof's expires is not a dateTimeStamp")
                }
                guard !stamp.isBefore(policy.now(), tolerance: policy.clockSkew) else { throw VCError(.proofExpired, "the proof expired at \(text)") }
            }
        }) else { return }
        // Proof chains: the previous proofs named are part of what this proof signs.
        var unsecured = document
        if let previous = proof["previousProof"] {
            let ids = previous.arrayValue?.compactMap(\.stringValue) ?? [previous.stringValue].compactMap { $0 }
            let matching = proofs.filter { entry in entry["id"]?.stringValue.map { id in ids.contains { $0.hasSameScalars(as: id) } } ?? false }
            guard report.check(.proof(index, .previousProof), { () throws(VCError) in
                guard !ids.isEmpty, matching.count == ids.count else {
                    throw VCError(.invalidProofChain, "previousProof names a proof that is not in the proof set")
                }
            }) else { return }
            unsecured["proof"] = matching.count == 1 ? matching[0] : .array(matching)
        }
        if presentation || policy.expectedChallenge != nil || policy.expectedDomain != nil {
            let domains = proof["domain"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue].compactMap { $0 } } ?? []
            checkBinding(challenge: proof["challenge"]?.stringValue, domains: domains, report: &report)
        }
        guard let key = await methodFromKeyId(proof["verificationMethod"]?.stringValue, controller: controller, relationship: purpose, report: &report) else { return }
        var verified: DataIntegrityProof.Verified?
        // Contexts the app pinned are recorded when used, with their SHA-256 (decision 0021).
        let recorder = UsedContextRecorder(contextLoader)
        report.check(.proof(index, .signature)) { () throws(VCError) in
            verified = try DataIntegrityProof.verifyProof(proof, signature: signature, unsecuredDocument: unsecured, publicKey: key,
                                                          loader: recorder.map { $0 as any JSONLDDocumentLoader } ?? contextLoader)
        }
        for pin in recorder?.used ?? [] where !report.userPinnedContexts.contains(pin) { report.userPinnedContexts.append(pin) }
        // RDF suites: the decision-relevant JSON against the expanded form the signature covers (decision 0010).
        guard let verified, let signedDocument = verified.expandedDocument, let signedConfiguration = verified.expandedConfiguration else { return }
        report.check(.proof(index, .signedData)) { () throws(VCError) in
            try SignedDataCheck.check(document: document, expanded: signedDocument, presentation: presentation, dataModel: dataModel)
            try SignedDataCheck.checkProof(proof, expanded: signedConfiguration)
        }
    }
}
