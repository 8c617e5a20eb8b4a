public import DIDCore
import Foundation
public import GuardedHTTP
import StrictJSON

extension DIDError.Code {
    /// A DID resolver service could not be reached or answered with something that is not a
    /// DID document (transport error, refused address, HTTP status other than 200 or 404, a
    /// response over the size cap): the DID could not be resolved, which is not a finding about it.
    public static let resolverFailed = DIDError.Code("resolverFailed")
    /// The resolver says the DID is deactivated (`didDocumentMetadata.deactivated`, DID Resolution §5.2).
    public static let deactivated = DIDError.Code("deactivated")
}

/// Resolves did:nda DIDs through an NDA DID resolver service (did:nda method specification §6:
/// `GET <endpoint>/{did}`), over the one guarded HTTP client (security requirements 24, 38 and
/// 45): HTTPS only, no refused address, a size cap and a deadline.
///
/// The answer may be a bare DID document or a DID resolution result (`didDocument`,
/// `didResolutionMetadata`, `didDocumentMetadata`); either way the document's `id` must be the
/// DID exactly. Which key the verifier then uses, and how it treats revoked methods, is the
/// verifier's part (decision 0028): the key must hash to the DID's address.
public struct NDAResolver: DIDResolver {
    /// The resolver's URL: the DID is appended, or replaces `{did}` where the URL has it.
    public let endpoint: String
    /// The guarded client's rules (allowed hosts, trust anchors, size cap, deadline).
    public let network: GuardedHTTPConfiguration

    /// A resolver asking `endpoint` (an `https` URL, checked here) through a client with `network`'s rules.
    ///
    /// - Throws: `resolverFailed` when `endpoint` is not a URL the guarded client would fetch.
    public init(endpoint: String, network: GuardedHTTPConfiguration = GuardedHTTPConfiguration()) throws(DIDError) {
        do { _ = try GuardedURL(parsing: endpoint.replacingOccurrences(of: "{did}", with: "did")) } catch {
            throw DIDError(.resolverFailed, "the did:nda resolver URL cannot be used: \(error.code): \(error.message)")
        }
        self.endpoint = endpoint
        self.network = network
    }

    /// `["nda"]`.
    public var supportedMethods: Set<String> { [DIDNDA.methodName] }

    /// The URL asked for `did`.
    public func url(for did: DID) -> String {
        endpoint.contains("{did}") ? endpoint.replacingOccurrences(of: "{did}", with: did.description) : endpoint + did.description
    }

    /// Fetches and checks the document of `did`; a failure is a result with the error set.
    public func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult {
        do throws(DIDError) {
            _ = try DIDNDA(did)
            let response: GuardedHTTPClient.Response
            do throws(GuardedHTTPError) {
                response = try await GuardedHTTPClient(configuration: network)
                    .get(url(for: did), accept: "application/did+ld+json, application/did+json, application/ld+json;q=0.9, application/json;q=0.8")
            } catch {
                if error.code == .httpStatus, error.status == 404 { throw DIDError(.notFound, "the did:nda resolver has no document for \(did)") }
                throw DIDError(.resolverFailed, "the did:nda resolver could not be asked: \(error.code): \(error.message)")
            }
            return try Self.result(of: response.body, for: did, maximumBytes: network.maximumBodyBytes)
        } catch {
            return .failure(error)
        }
    }

    /// Reads a resolver's answer: a DID resolution result or a bare DID document, whose `id` is `did`.
    static func result(of body: [UInt8], for did: DID, maximumBytes: Int) throws(DIDError) -> DIDResolutionResult {
        let value: JSONValue
        do { value = try JSONParser(options: .init(maxDepth: 32, maxBytes: maximumBytes)).parse(body) } catch {
            throw DIDError(.resolverFailed, "the did:nda resolver's answer is not strict JSON: \(error)")
        }
        guard let object = value.objectValue else { throw DIDError(.resolverFailed, "the did:nda resolver's answer is not a JSON object") }
        var documentValue = value
        var metadata = JSONObject()
        if object["didDocument"] != nil || object["didResolutionMetadata"] != nil {
            // A DID resolution result (DID Resolution §4.2).
            if let error = object["didResolutionMetadata"]?["error"]?.stringValue {
                throw DIDError(error == "notFound" ? .notFound : .resolverFailed, "the did:nda resolver answered with the error \(error)")
            }
            guard let document = object["didDocument"], document.objectValue != nil else {
                throw DIDError(.resolverFailed, "the did:nda resolver's result has no didDocument")
            }
            documentValue = document
            metadata = object["didDocumentMetadata"]?.objectValue ?? JSONObject()
            // DID Resolution §5.2: a deactivated DID's document authorises nothing.
            if metadata["deactivated"] == .bool(true) {
                throw DIDError(.deactivated, "the did:nda resolver says \(did) is deactivated")
            }
        }
        let document = try DIDDocument(json: documentValue)
        guard document.id.isWritten(as: did.description) else {
            throw DIDError(.invalidDocument, "the did:nda resolver answered with the document of \(document.id), not of \(did)")
        }
        return DIDResolutionResult(didDocument: document, contentType: DIDResolutionOptions.didLDJSON, error: nil, didDocumentMetadata: metadata)
    }
}
