import JSONLD
public import StrictJSON

/// The EdDSA Data Integrity cryptosuites (W3C vc-di-eddsa §3): both sign
/// `SHA-256(canonical proofConfig) || SHA-256(canonical document)` with Ed25519; they differ in
/// the canonicalization — RFC 8785 JCS for `eddsa-jcs-2022` (§3.3), JSON-LD to RDF then
/// RDFC-1.0 for `eddsa-rdfc-2022` (§3.2), in safe mode both when signing and when verifying.
public enum DataIntegrityCryptosuite: String, Sendable, CaseIterable {
    case eddsaJcs2022 = "eddsa-jcs-2022"
    case eddsaRdfc2022 = "eddsa-rdfc-2022"

    /// The canonical bytes of `document` under this suite.
    func canonicalize(_ document: JSONObject, loader: any JSONLDDocumentLoader) throws(VCError) -> [UInt8] {
        switch self {
        case .eddsaJcs2022:
            do { return try JCS.canonicalize(.object(document)) } catch {
                throw VCError(.malformedJSON, "the document cannot be canonicalised: \(error)")
            }
        case .eddsaRdfc2022:
            do {
                return Array(try JSONLDProcessor(loader: loader, safeMode: true).canonicalize(.object(document)).canonicalNQuads.utf8)
            } catch {
                let code: VCError.Code = switch error.code {
                case .contextNotAllowed: .contextNotAllowed
                case .dataLoss: .dataLoss
                case .complexityLimit: .complexityLimit
                default: .invalidJSONLD
                }
                throw VCError(code, "JSON-LD / RDFC-1.0: \(error.message)")
            }
        }
    }
}
