import StrictJSON

/// Bitstring Status List entries (W3C Bitstring Status List §3.2, security requirements 31 and
/// 36), checked once the credential itself verified: the list credential must verify, have the
/// URL it was obtained from as its `id`, be issued by the same issuer and have the entry's
/// purpose; a list that cannot be had makes the status unknown, never valid. An entry of a type
/// this library does not check (`StatusList2021Entry`, an SD-JWT VC's `status`) is a
/// `statusNotChecked` warning, as is any entry when no status list source was given.
public struct StatusPolicy: VerifierPolicy {
    /// The most status entries one credential may have.
    public static let maximumEntries = 32

    /// The status policy.
    public init() {}

    /// Checks each status entry of a verified credential against its list, recording `status` and `status.list` checks, or a warning.
    public func evaluate(_ subject: PolicySubject, in context: PolicyContext, report: inout VerificationReport) async {
        guard case .credential(let statements) = subject, statements.hasStatusEntries else { return }
        guard let provider = context.verifier.statusLists else {
            report.warn(.statusNotChecked, "the credential has a credentialStatus that was not checked")
            return
        }
        guard report.errors.isEmpty else { return }
        let entries = statements.statusEntries
        guard entries.count <= Self.maximumEntries else {
            report.fail(.status, VCError(.complexityLimit, "the credential has \(entries.count) status entries, more than \(Self.maximumEntries)"))
            return
        }
        // Each list once for all the entries (and, with a shared session, for the whole batch).
        let session = context.session ?? VerificationSession()
        for entry in entries {
            let types = DataModelChecks.strings(entry["type"])
            guard types.contains("BitstringStatusListEntry") else {
                report.warn(.statusNotChecked, "a status entry of type \(types.isEmpty ? "(none)" : types.joined(separator: ", ")) was not checked")
                continue
            }
            let fields: Entry
            do { fields = try Entry(entry) } catch {
                report.fail(.status, error)
                continue
            }
            let list: VerificationSession.StatusList
            switch await context.verifier.statusList(at: fields.url, provider: provider, session: session) {
            case .obtained(let verified): list = verified
            case .failed(let check, let error):
                report.fail(check, error)
                continue
            }
            var statusMessage: String?
            report.check(.statusList) { () throws(VCError) in
                guard let issuer = statements.issuer, list.issuer?.hasSameScalars(as: issuer) == true else {
                    throw VCError(.invalidStatusList, "the status list is issued by \(list.issuer ?? "?"), not by the credential's issuer")
                }
                guard list.types.contains("BitstringStatusListCredential") else {
                    throw VCError(.invalidStatusList, "\(fields.url) is not a BitstringStatusListCredential")
                }
                guard list.purposes.contains(fields.purpose) else { throw VCError(.invalidStatusList, "the list's statusPurpose is not \(fields.purpose)") }
                let value = try BitstringStatusList(bytes: list.bytes, statusSize: fields.size).status(at: fields.index)
                switch fields.purpose {
                case "revocation" where value != 0: throw VCError(.revoked, "the credential is revoked (\(fields.url) index \(fields.index))")
                case "suspension" where value != 0: throw VCError(.suspended, "the credential is suspended (\(fields.url) index \(fields.index))")
                case "message":
                    let message = fields.messages.first { $0.status == value }
                    statusMessage = "status 0x\(String(value, radix: 16))\(message.map { ": \($0.message)" } ?? "")"
                default: break
                }
            }
            if let statusMessage { report.warn(.statusMessage, statusMessage) }
        }
    }

    /// The members of a `BitstringStatusListEntry` (§2.1).
    struct Entry {
        let url: String
        let purpose: String
        let index: Int
        let size: Int
        let messages: [StatusMessage]

        init(_ entry: JSONObject) throws(VCError) {
            guard let url = entry["statusListCredential"]?.stringValue, let purpose = entry["statusPurpose"]?.stringValue,
                  let indexText = entry["statusListIndex"]?.stringValue else {
                throw VCError(.invalidStatusList, "a BitstringStatusListEntry needs statusListCredential, statusPurpose and a numeric statusListIndex")
            }
            // §2.1: statusListIndex is an integer written in decimal digits.
            guard !indexText.isEmpty, indexText.utf8.count <= 18, indexText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let index = Int(indexText) else {
                throw VCError(.invalidStatusList, "statusListIndex \(indexText) is not a non-negative integer in decimal digits")
            }
            // §2.1: statusSize, when present, is a positive integer (a number, never a string).
            var size = 1
            if let sizeValue = entry["statusSize"] {
                guard let number = sizeValue.numberValue?.int64Value, (1...8).contains(number) else {
                    throw VCError(.invalidStatusList, "statusSize must be a number from 1 to 8, not \(sizeValue.compactString)")
                }
                size = Int(number)
            }
            let messages = entry["statusMessage"]?.arrayValue?.compactMap(StatusMessage.init(json:)) ?? []
            // §2.1: statusMessage is required when statusSize > 1.
            guard size == 1 || !messages.isEmpty else {
                throw VCError(.invalidStatusList, "a status entry with statusSize \(size) needs statusMessage")
            }
            (self.url, self.purpose, self.index, self.size, self.messages) = (url, purpose, index, size, messages)
        }
    }
}
