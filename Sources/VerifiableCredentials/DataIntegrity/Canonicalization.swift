import JSONLD
import StrictJSON

/// The two ways a Data Integrity suite turns a document into bytes to hash: RFC 8785 JCS
/// (vc-di-eddsa §3.3.3), or JSON-LD → RDF → RDFC-1.0 (§3.2.3), both refusing what the signature
/// could not pin down exactly — numbers outside I-JSON (RFC 8785 §3.1), and for RDF any JSON-LD
/// a second tree could state the same dataset with (``JSONLDProcessor/requireUnambiguousForm``,
/// decision 0010) — when signing and when verifying alike.
enum Canonicalization: Sendable {
    case jcs, rdfc

    /// A document made ready for hashing: JCS bytes, or the RDF dataset (deserialized once, so
    /// that both escapings of a Linked Data proof cost one JSON-LD expansion).
    enum Prepared {
        case canonical([UInt8])
        case dataset(JSONLDProcessor.Dataset)

        /// The expanded form an RDF dataset was made of.
        var expanded: [JSONValue]? {
            if case .dataset(let dataset) = self { return dataset.expanded }
            return nil
        }
    }

    /// The processor for the bundled contexts: it keeps them processed between documents.
    static let sharedProcessor = processor(loader: PinnedContextLoader.bundled)

    static func processor(loader: any JSONLDDocumentLoader) -> JSONLDProcessor {
        var processor = JSONLDProcessor(loader: loader, safeMode: true)
        processor.requireUnambiguousForm = true
        return processor
    }

    func prepare(_ document: JSONObject, loader: any JSONLDDocumentLoader) throws(VCError) -> Prepared {
        switch self {
        case .jcs:
            do { return .canonical(try JCS.canonicalize(.object(document))) } catch {
                throw VCError(error.code == .numberNotIJSON ? .numberNotIJSON : .malformedJSON, "the document cannot be canonicalised: \(error)")
            }
        case .rdfc:
            let processor = (loader as? PinnedContextLoader)?.isBundled == true ? Self.sharedProcessor : Self.processor(loader: loader)
            do { return .dataset(try processor.dataset(of: .object(document))) } catch { throw Self.error(error) }
        }
    }

    /// The canonical bytes; RDFC-1.0 labels blank nodes with `hash` (SHA-384 for P-384 keys, vc-di-ecdsa §3).
    func canonicalBytes(_ prepared: Prepared, escaping: NQuads.Escaping, hash: DataIntegrityHash = .sha256) throws(VCError) -> [UInt8] {
        switch prepared {
        case .canonical(let bytes): return bytes
        case .dataset(let dataset):
            do { return try dataset.canonicalize(hashAlgorithm: hash.rdfcHashAlgorithm, escaping: escaping).canonicalBytes } catch {
                throw Self.error(error)
            }
        }
    }

    static func error(_ error: JSONLDError) -> VCError {
        let code: VCError.Code = switch error.code {
        // A pinned context that is not as pinned is a broken build: "could not check", as an
        // unpinned context is, never "invalid" (decision 0016).
        case .contextNotAllowed, .invalidPinnedContext: .contextNotAllowed
        case .dataLoss: .dataLoss
        case .complexityLimit: .complexityLimit
        case .ambiguousJSONLD: .ambiguousJSONLD
        case .numberNotIJSON: .numberNotIJSON
        default: .invalidJSONLD
        }
        return VCError(code, "JSON-LD / RDFC-1.0: \(error.message)")
    }
}
