import WalletCLISupport
import Foundation
import JSONLD
import StrictJSON

/// What `wallet offer create` offers, checked before anything is stored: the format with its
/// `vct` (an https URL, SD-JWT VC §3.2.2.1) or W3C types and contexts (OpenID4VCI 1.0 Appendix
/// A.1), and the subject's claims as the issuer will sign them. Every refusal is
/// `invalidArgument` (exit 1).
struct OfferKind {
    let format: String
    let vct: String?
    /// `VerifiableCredential` first, then the given types.
    let types: [String]
    /// For `ldp_vc`: the VC 2.0 base context, then the given ones.
    let contexts: [String]

    /// Claims an SD-JWT VC's issuer sets itself (RFC 9901 §4, SD-JWT VC §3.2.2): a subject holding
    /// one would be overwritten or dropped.
    static let reservedSDJWTClaims: Set<String> = ["iss", "vct", "vct#integrity", "cnf", "iat", "exp", "nbf", "status", "_sd", "_sd_alg"]

    init(format: String, vct: String?, types: [String], contexts: [String]) throws(CLIError) {
        self.format = format
        if let vct {
            guard Self.isHTTPSURL(vct) else { throw Self.refused("--vct must be an https URL without a fragment") }
        }
        self.vct = vct
        for type in types where type.isEmpty || type.utf8.count > 256 || type == "VerifiableCredential"
            || !type.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }) {
            throw Self.refused("--type \(type.prefix(80)): a type is 1 to 256 printable ASCII characters, other than VerifiableCredential (always first)")
        }
        guard Set(types).count == types.count else { throw Self.refused("a --type is given twice") }
        self.types = types.isEmpty ? [] : ["VerifiableCredential"] + types
        for context in contexts where !Self.isHTTPSURL(context) { throw Self.refused("--context \(context.prefix(80)) is not an https URL") }
        self.contexts = format == "ldp_vc" ? ["https://www.w3.org/ns/credentials/v2"] + contexts.filter { $0 != "https://www.w3.org/ns/credentials/v2" } : []
    }

    /// The subject: a non-empty JSON object (strict RFC 8259) whose members the issuer may sign
    /// as given — no `id` in a W3C subject (the holder's DID becomes it), no reserved SD-JWT claim.
    func claims(_ bytes: [UInt8]) throws(CLIError) -> JSONObject {
        let value: JSONValue
        do { value = try JSONValue(parsing: bytes) } catch { throw Self.refused("the subject is not valid JSON: \(error)") }
        guard let object = value.objectValue, !object.isEmpty else { throw Self.refused("the subject must be a non-empty JSON object") }
        if format == "dc+sd-jwt" {
            if let reserved = object.keys.first(where: Self.reservedSDJWTClaims.contains) {
                throw Self.refused("the subject claim \(reserved) is set by the issuer of an SD-JWT VC")
            }
        } else if object["id"] != nil {
            throw Self.refused("the subject has an id: the holder's DID becomes credentialSubject.id")
        }
        return object
    }

    /// For `ldp_vc`: the credential as the issuer will sign it must expand without loss under the
    /// pinned contexts — the RDF suites refuse a claim no context defines (decision 0010) — checked
    /// now, not when the holder asks for the credential. A context only the wallet pinned (`wallet
    /// context add`) is not known here: that credential is checked when it is issued.
    func checkLinkedData(_ claims: JSONObject) throws(CLIError) {
        guard format == "ldp_vc" else { return }
        var subject = claims
        subject["id"] = "did:example:holder"
        let document: JSONValue = [
            "@context": .array(contexts.map { .string($0) }), "type": .array(types.map { .string($0) }),
            "issuer": "did:example:issuer", "validFrom": "2026-01-01T00:00:00Z", "credentialSubject": .object(subject),
        ]
        var processor = JSONLDProcessor(loader: PinnedContextLoader.bundled, safeMode: true)
        processor.requireUnambiguousForm = true
        do { _ = try processor.dataset(of: document) } catch {
            if error.code == .contextNotAllowed { return }
            throw Self.refused("the subject does not fit the contexts (\(error.message)): give a --context that defines every claim and type")
        }
    }

    /// `--disclosable` (repeatable or comma-separated) as top-level claims of `claims`; `nil`
    /// when none is given (every claim is then disclosable).
    func disclosable(_ given: [String], of claims: JSONObject) throws(CLIError) -> [String]? {
        let names = given.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        guard !names.isEmpty else { return nil }
        for name in names where claims[name] == nil {
            throw Self.refused("--disclosable \(name.prefix(80)) is not a top-level claim of the subject")
        }
        return Array(Set(names)).sorted()
    }

    static func isHTTPSURL(_ text: String) -> Bool {
        guard text.utf8.count <= 2048, text.hasPrefix("https://"), let url = URL(string: text), url.host?.isEmpty == false,
              url.fragment == nil, url.user == nil else { return false }
        return true
    }

    static func refused(_ message: String) -> CLIError { CLIError.invalid(message, code: "invalidArgument") }
}
