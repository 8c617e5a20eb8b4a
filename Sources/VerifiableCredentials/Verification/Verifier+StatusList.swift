import StrictJSON

/// Status list credentials for ``StatusPolicy``: obtained from the provider, verified, and
/// inflated once per verification (or per batch, through a shared ``VerificationSession``).
extension Verifier {
    func statusList(at url: String, provider: any StatusListProvider, session: VerificationSession?) async -> VerificationSession.Obtained {
        if let known = session?.statusList(at: url) { return known }
        guard session?.mayObtainAnother() ?? true else {
            return .failed(.status, VCError(.complexityLimit, "more distinct status lists than the \(session!.maximumStatusLists) one verification may obtain"))
        }
        let obtained = await obtainStatusList(at: url, provider: provider)
        session?.remember(obtained, at: url)
        return obtained
    }

    /// The list must verify as a credential (with no status of its own checked, no challenge, no
    /// format restriction), have the URL it was obtained from as its `id`, and hold a valid
    /// `encodedList`; `statusUnknown` when it cannot be had or does not verify.
    func obtainStatusList(at url: String, provider: any StatusListProvider) async -> VerificationSession.Obtained {
        var bytes: [UInt8]
        do { bytes = try await provider.statusListCredential(at: url) } catch {
            let reason = (error as? VCError).map { ": \($0.code): \($0.message)" } ?? ""
            return .failed(.status, VCError(.statusUnknown, "the status list \(url) could not be obtained\(reason)"))
        }
        // NDA's wrapped list is read by its adapter, chosen by the wrapper alone (decision 0028).
        let ndaCredential = NDAStatusList.unwrap(bytes, maximumBytes: policy.maximumInputBytes)
        if let ndaCredential { bytes = ndaCredential }
        var listVerifier = self
        listVerifier.statusLists = nil
        listVerifier.session = nil
        listVerifier.policy.expectedChallenge = nil
        listVerifier.policy.expectedDomain = nil
        listVerifier.policy.acceptedFormats = nil
        let listReport = await listVerifier.verify(bytes, depth: 1, session: nil)
        guard listReport.verified, listReport.kind == .credential else {
            let reason = listReport.verified ? "it is a presentation" : "\(listReport.errors.first.map { "\($0.code)" } ?? "")"
            return .failed(.status, VCError(.statusUnknown, "the status list credential \(url) does not verify: \(reason)"))
        }
        // Bitstring Status List §3.2 step 6 (as the provider obtained it): the list is the one the entry names.
        guard let id = listReport.credentialId, id.hasSameScalars(as: url) else {
            return .failed(.statusList, VCError(.invalidStatusList, "the status list credential obtained for \(url) has the id \(listReport.credentialId ?? "(none)")"))
        }
        let subject = listReport.document?["credentialSubject"]
        guard let encoded = subject?["encodedList"]?.stringValue else {
            return .failed(.statusList, VCError(.invalidStatusList, "the list has no encodedList"))
        }
        do {
            let listBytes = ndaCredential != nil
                ? try NDAStatusList.bitstring(encodedList: encoded, maximumBytes: policy.maximumStatusListBytes)
                : try BitstringStatusList(encodedList: encoded, statusSize: 1, maximumBytes: policy.maximumStatusListBytes).bytes
            return .obtained(VerificationSession.StatusList(issuer: listReport.issuer, types: listReport.types,
                                                            purposes: DataModelChecks.strings(subject?["statusPurpose"]), bytes: listBytes))
        } catch {
            return .failed(.statusList, error)
        }
    }
}
