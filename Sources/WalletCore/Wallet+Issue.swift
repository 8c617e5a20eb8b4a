import Foundation
public import StrictJSON
public import VerifiableCredentials

extension Wallet {
    /// Issues a credential about `subject`, signed with the assertion key of `issuer` — one of
    /// this wallet's DIDs, or its label — in `format`, and returns it as `IssuedCredential`, which
    /// `Verifier.verify(_:)` accepts as it is.
    ///
    /// The credential is built by `Issuer/credential(issuer:subject:types:contexts:id:validFrom:validUntil:dataModel:)`:
    /// `VerifiableCredential` first among the types, the data model's context first among the
    /// contexts, `validFrom` the current whole second unless given. The data model is 1.1 for
    /// `CredentialFormat/jwtVC11` (the VC 1.1 JWT encoding exists only there) and 2.0 otherwise,
    /// unless `dataModel` says; 2.0 with `CredentialFormat/jwtVC11` is refused. `statusList` (the
    /// URL of one of the issuer's lists, ``createStatusList(url:purpose:issuer:statusSize:messages:)``) gives the
    /// credential a status entry there, and an id (`urn:uuid:`) when it has none.
    ///
    /// Formats: `CredentialFormat/vcJWT`, `CredentialFormat/jwtVC11` and the Data Integrity
    /// formats of `CredentialFormat/issuable`. The RDF suites (`eddsa-rdfc-2022`,
    /// `Ed25519Signature2020`) read their contexts from the pinned, compiled-in set (every term must
    /// be defined there, e.g. with the `https://www.w3.org/ns/credentials/examples/v2` context). An
    /// SD-JWT VC needs its disclosable claims and the holder's key: issue it with
    /// ``issue(claims:vct:issuer:disclosable:holder:validFrom:validUntil:)``.
    ///
    /// Errors: `notFound` for an unknown issuer, `invalidArgument` for a format or option this call
    /// does not take; issuing errors keep their `VCError` codes (`invalidCredential`, …).
    public func issue(subject: JSONValue, issuer: String, format: CredentialFormat = .vcJWT, types: [String] = [],
                      contexts: [String] = [], id: String? = nil, validFrom: DateTimeStamp? = nil,
                      validUntil: DateTimeStamp? = nil, dataModel: DataModelVersion? = nil,
                      statusList: String? = nil) async throws(WalletError) -> IssuedCredential {
        guard CredentialFormat.issuable.contains(format), format != .sdJWT else {
            let names = CredentialFormat.issuable.filter { $0 != .sdJWT }.map(\.rawValue).joined(separator: ", ")
            let hint = format == .sdJWT ? " (an SD-JWT VC is issued by issue(claims:vct:issuer:…))" : ""
            throw WalletError(.invalidArgument, "Wallet.issue issues \(names), not \(format)\(hint)")
        }
        let model = dataModel ?? (format == .jwtVC11 ? .v1_1 : .v2)
        if format == .jwtVC11 && model == .v2 {
            throw WalletError(.invalidArgument, "the VC 1.1 JWT encoding (\(format)) is for the 1.1 data model, not 2.0")
        }
        let issuerInfo = try await did(issuer)
        let signer = try await signer(for: issuerInfo.did.description)
        let credentialId = id ?? (statusList == nil ? nil : "urn:uuid:\(UUID().uuidString.lowercased())")
        var credential = Issuer.credential(issuer: issuerInfo.did.description, subject: subject, types: types, contexts: contexts,
                                           id: credentialId, validFrom: validFrom ?? DateTimeStamp(wholeSecondsOf: Date()),
                                           validUntil: validUntil, dataModel: model)
        if let statusList, let credentialId {
            guard try await statusLists().contains(where: { $0.url == statusList && $0.issuer == issuerInfo.did.description }) else {
                throw WalletError(.notFound, "\(issuerInfo.did) has no status list \(statusList) in this wallet")
            }
            credential["credentialStatus"] = .object(try await allocateStatus(list: statusList, credentialId: credentialId))
        }
        do { return try await Issuer.issue(.object(credential), format: format, signer: signer) } catch { throw WalletError(error) }
    }

    /// Issues a credential whose subject is an app's `Codable` value, encoded exactly as
    /// ``StrictJSON/JSONValue/init(encoding:)`` does (numbers without an exact I-JSON form, NaN and
    /// infinities are refused with `invalidArgument`); otherwise as
    /// the `issue(subject:…)` that takes a `JSONValue`.
    public func issue(subject: some Encodable, issuer: String, format: CredentialFormat = .vcJWT, types: [String] = [],
                      contexts: [String] = [], id: String? = nil, validFrom: DateTimeStamp? = nil,
                      validUntil: DateTimeStamp? = nil, dataModel: DataModelVersion? = nil,
                      statusList: String? = nil) async throws(WalletError) -> IssuedCredential {
        try await issue(subject: try JSONValue(encoding: subject), issuer: issuer, format: format, types: types, contexts: contexts,
                        id: id, validFrom: validFrom, validUntil: validUntil, dataModel: dataModel, statusList: statusList)
    }
}

extension WalletError {
    /// A credential error from issuing or presenting, with its code kept.
    init(_ error: VCError) {
        self.init(Code(error.code.rawValue), error.message)
    }
}
