public import StrictJSON

/// Options of a resolution (DID Resolution §4.1 `resolutionOptions`).
public struct DIDResolutionOptions: Sendable, Hashable {
    /// The requested media type: `application/did+json` or `application/did+ld+json` (default).
    public var accept: String
    /// How did:key documents write their verification methods.
    public var didKeyRepresentation: DIDKey.Representation
    /// did:key's `enableEncryptionKeyDerivation`: whether an Ed25519 did:key's document holds the
    /// X25519 key derived from it under `keyAgreement` (default `true`, the full document).
    /// ``signatureVerification`` turns it off (decision 0017).
    public var didKeyEncryptionKeyDerivation: Bool

    /// `application/did+json`: a document without `@context` (DID Core 1.0 §6.2).
    public static let didJSON = "application/did+json"
    /// `application/did+ld+json`: a document with `@context` (DID Core 1.0 §6.3).
    public static let didLDJSON = "application/did+ld+json"

    /// What a verifier resolves with: the document of the keys that sign — did:key documents
    /// without the derived X25519 key-agreement key, which verification never uses and whose
    /// derivation costs about as much as a signature verification. Resolve with the default
    /// options for the full document.
    public static let signatureVerification = DIDResolutionOptions(didKeyEncryptionKeyDerivation: false)

    /// Resolution options.
    ///
    /// - Parameters:
    ///   - accept: The requested media type; ``didLDJSON`` unless stated.
    ///   - didKeyRepresentation: How did:key documents write their verification methods.
    ///   - didKeyEncryptionKeyDerivation: Whether an Ed25519 did:key document holds the derived X25519 key.
    public init(accept: String = DIDResolutionOptions.didLDJSON, didKeyRepresentation: DIDKey.Representation = .multikey,
                didKeyEncryptionKeyDerivation: Bool = true) {
        self.accept = accept
        self.didKeyRepresentation = didKeyRepresentation
        self.didKeyEncryptionKeyDerivation = didKeyEncryptionKeyDerivation
    }
}

/// The result of `resolve` (DID Resolution §4.2): a document and its metadata, or an error in
/// the resolution metadata.
public struct DIDResolutionResult: Sendable, Hashable {
    /// The resolved document; `nil` when resolution failed.
    public var didDocument: DIDDocument?
    /// `didResolutionMetadata.contentType` of a successful resolution.
    public var contentType: String?
    /// `didResolutionMetadata.error` of a failed resolution.
    public var error: DIDError?
    /// `didDocumentMetadata`; empty for did:key and did:jwk, which have no history.
    public var didDocumentMetadata: JSONObject

    /// A result from its parts; see ``success(_:contentType:)`` and ``failure(_:)``.
    public init(didDocument: DIDDocument?, contentType: String?, error: DIDError?, didDocumentMetadata: JSONObject = JSONObject()) {
        self.didDocument = didDocument
        self.contentType = contentType
        self.error = error
        self.didDocumentMetadata = didDocumentMetadata
    }

    /// A successful resolution of `document`, served as `contentType`.
    public static func success(_ document: DIDDocument, contentType: String) -> DIDResolutionResult {
        DIDResolutionResult(didDocument: document, contentType: contentType, error: nil)
    }

    /// A failed resolution: no document, `error` in the metadata.
    public static func failure(_ error: DIDError) -> DIDResolutionResult {
        DIDResolutionResult(didDocument: nil, contentType: nil, error: error)
    }

    /// The result as JSON: `didDocument`, `didResolutionMetadata` (with `contentType`, or
    /// `error` and a `problemDetails`-style message) and `didDocumentMetadata`.
    public var jsonValue: JSONValue {
        var metadata = JSONObject()
        if let contentType { metadata["contentType"] = .string(contentType) }
        if let error {
            metadata["error"] = .string(error.code.rawValue)
            metadata["errorMessage"] = .string(error.message)
        }
        return [
            "@context": "https://w3id.org/did-resolution/v1",
            "didDocument": didDocument?.jsonValue ?? .null,
            "didResolutionMetadata": .object(metadata),
            "didDocumentMetadata": .object(didDocumentMetadata),
        ]
    }
}
