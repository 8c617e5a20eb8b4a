import JSONLD
public import StrictJSON

/// The EdDSA proof suites: the Data Integrity cryptosuites of W3C vc-di-eddsa §3, and the
/// Linked Data proof types deployed issuers still use (§4 Ed25519Signature2020; the 2018 suite
/// of the Ed25519 Signature 2018 report, verify only). All sign
/// `SHA-256(canonical proof configuration) || SHA-256(canonical document)` with Ed25519; they
/// differ in the canonicalization — RFC 8785 JCS for `eddsa-jcs-2022` (§3.3), JSON-LD to RDF
/// then RDFC-1.0 for the others, in safe mode both when signing and when verifying — and in how
/// the signature is written (`proofValue`, or a detached `b64:false` JWS for the 2018 suite).
public enum DataIntegrityCryptosuite: String, Sendable, CaseIterable {
    case eddsaJcs2022 = "eddsa-jcs-2022"
    case eddsaRdfc2022 = "eddsa-rdfc-2022"
    case ed25519Signature2020 = "Ed25519Signature2020"
    /// Verification only.
    case ed25519Signature2018 = "Ed25519Signature2018"

    /// The proof's `type`.
    public var proofType: String {
        switch self {
        case .eddsaJcs2022, .eddsaRdfc2022: "DataIntegrityProof"
        case .ed25519Signature2020, .ed25519Signature2018: rawValue
        }
    }

    /// The proof's `cryptosuite`, for `DataIntegrityProof` suites.
    public var cryptosuiteName: String? {
        proofType == "DataIntegrityProof" ? rawValue : nil
    }

    /// The suite a proof object names, if supported.
    public static func named(in proof: JSONObject) -> DataIntegrityCryptosuite? {
        switch proof["type"]?.stringValue {
        case "DataIntegrityProof": proof["cryptosuite"]?.stringValue.flatMap { DataIntegrityCryptosuite(rawValue: $0) }.flatMap { $0.cryptosuiteName != nil ? $0 : nil }
        case "Ed25519Signature2020": .ed25519Signature2020
        case "Ed25519Signature2018": .ed25519Signature2018
        default: nil
        }
    }

    static let sharedProcessor = JSONLDProcessor(loader: PinnedContextLoader.bundled, safeMode: true)

    /// A document made ready for canonicalization: JCS bytes, or the RDF dataset (deserialized
    /// once, so that both escapings of a Linked Data proof cost one JSON-LD expansion).
    enum Prepared {
        case canonical([UInt8])
        case dataset(JSONLDProcessor.Dataset)
    }

    func prepare(_ document: JSONObject, loader: any JSONLDDocumentLoader) throws(VCError) -> Prepared {
        switch self {
        case .eddsaJcs2022:
            do { return .canonical(try JCS.canonicalize(.object(document))) } catch {
                throw VCError(.malformedJSON, "the document cannot be canonicalised: \(error)")
            }
        case .eddsaRdfc2022, .ed25519Signature2020, .ed25519Signature2018:
            // The shared processor keeps the bundled contexts processed between documents.
            let processor = (loader as? PinnedContextLoader)?.isBundled == true ? Self.sharedProcessor : JSONLDProcessor(loader: loader, safeMode: true)
            do { return .dataset(try processor.dataset(of: .object(document))) } catch { throw Self.error(error) }
        }
    }

    func canonicalBytes(_ prepared: Prepared, escaping: NQuads.Escaping) throws(VCError) -> [UInt8] {
        switch prepared {
        case .canonical(let bytes): return bytes
        case .dataset(let dataset):
            do { return try dataset.canonicalize(escaping: escaping).canonicalBytes } catch { throw Self.error(error) }
        }
    }

    static func error(_ error: JSONLDError) -> VCError {
        let code: VCError.Code = switch error.code {
        case .contextNotAllowed: .contextNotAllowed
        case .dataLoss: .dataLoss
        case .complexityLimit: .complexityLimit
        default: .invalidJSONLD
        }
        return VCError(code, "JSON-LD / RDFC-1.0: \(error.message)")
    }
}
