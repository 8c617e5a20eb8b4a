import StrictJSON

/// Presentations (VC Data Model 2.0 §4.13): the binding to the verifier's challenge and domain,
/// the policies on the presentation, and each credential it carries, verified on its own.
extension Verifier {
    /// The most credentials one presentation may carry.
    public static let maximumPresentedCredentials = 64

    /// The expected challenge (nonce) and domain (audience), when the policy expects them.
    func checkBinding(challenge: String?, domains: [String], report: inout VerificationReport) {
        if let expected = policy.expectedChallenge {
            report.check(.challenge) { () throws(VCError) in
                guard let challenge, challenge.hasSameScalars(as: expected) else { throw VCError(.challengeMismatch, challenge == nil ? "no challenge, expected one" : "the challenge differs from the expected one") }
            }
        }
        if let expected = policy.expectedDomain {
            report.check(.domain) { () throws(VCError) in
                guard domains.contains(where: { $0.hasSameScalars(as: expected) }) else { throw VCError(.domainMismatch, domains.isEmpty ? "no domain, expected \(expected)" : "the domain \(domains) is not \(expected)") }
            }
        }
    }

    /// Runs the policies on a presentation whose proof was checked, then verifies each credential
    /// it carries. A presentation is never a credential: one inside another is refused.
    func verifyPresentation(_ presentation: VerifiablePresentation, holder: String, depth: Int, session: VerificationSession?,
                            report: inout VerificationReport) async {
        guard depth == 0 else {
            report.fail(.credentials, VCError(.invalidPresentation, "a presentation inside a presentation (or given as a status list) is not a credential"))
            return
        }
        await decide(VerifiedStatements(presentation, format: report.format ?? .dataIntegrityProofSet, holder: holder.isEmpty ? nil : holder),
                     depth: depth, session: session, report: &report)
        // Each credential is a verification of its own (and may name status lists): a bounded number.
        guard presentation.credentials.count <= Self.maximumPresentedCredentials else {
            report.fail(.credentials, VCError(.complexityLimit, "\(presentation.credentials.count) credentials, more than \(Self.maximumPresentedCredentials)"))
            return
        }
        // One session for every credential presented, so a status list they share is obtained once.
        let session = session ?? VerificationSession()
        var inner = self
        inner.policy.expectedChallenge = nil
        inner.policy.expectedDomain = nil
        for (index, entry) in presentation.credentials.enumerated() {
            var bytes: [UInt8]
            var enveloped = false
            if let jwt = entry.stringValue {
                bytes = Array(jwt.utf8)
            } else if let object = entry.objectValue, DataModelChecks.strings(object["type"]).contains("EnvelopedVerifiableCredential") {
                guard let id = object["id"]?.stringValue, id.hasPrefix("data:application/vc+jwt,") else {
                    report.fail(.credential(index), VCError(.invalidEmbeddedCredential, "an enveloped credential needs a data:application/vc+jwt, URL"))
                    continue
                }
                bytes = Array(id.dropFirst("data:application/vc+jwt,".count).utf8)
                enveloped = true
            } else {
                bytes = JSONSerializer().serialize(entry)
            }
            let embedded = await inner.verify(bytes, depth: depth + 1, session: session)
            report.credentials.append(embedded)
            if embedded.kind == .presentation {
                report.fail(.credential(index), VCError(.invalidEmbeddedCredential, "entry \(index) is a presentation, not a credential"))
            } else if enveloped, embedded.format != .vcJWT {
                // VC-JOSE-COSE §3.3: the data: URL's media type says what it holds.
                report.fail(.credential(index), VCError(.invalidEmbeddedCredential,
                                                        "entry \(index) is enveloped as application/vc+jwt but is \(embedded.format?.rawValue ?? "not a vc+jwt")"))
            } else if embedded.verified {
                report.pass(.credential(index))
            } else {
                report.fail(.credential(index), VCError(.invalidEmbeddedCredential, "credential \(index) is invalid: \(embedded.errors.first.map { "\($0.code): \($0.message)" } ?? "")"))
            }
            await evaluatePolicies(.embeddedCredential(index: index, report: embedded, holder: holder), depth: depth, session: session, report: &report)
        }
    }
}
