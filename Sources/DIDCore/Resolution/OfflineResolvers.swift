import StrictJSON

/// Resolves `did:key` DIDs: pure computation, no I/O.
public struct DIDKeyResolver: DIDResolver {
    /// A did:key resolver.
    public init() {}

    /// `["key"]`.
    public var supportedMethods: Set<String> { [DIDKey.methodName] }

    /// Derives the document from the DID itself (did:key §3.1.1); a malformed DID or key is a failed result.
    public func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult {
        resolveSynchronously(did, options: options)
    }

    /// The same resolution without suspension, for hot paths that already hold the DID.
    public func resolveSynchronously(_ did: DID, options: DIDResolutionOptions = .init()) -> DIDResolutionResult {
        guard let contentType = MediaTypes.check(options.accept) else {
            return .failure(DIDError(.representationNotSupported, "representation \(options.accept) is not supported"))
        }
        do {
            var document = try DIDKey.document(for: did, representation: options.didKeyRepresentation,
                                               encryptionKeyDerivation: options.didKeyEncryptionKeyDerivation)
            if contentType == DIDResolutionOptions.didJSON { document.context = nil }
            return .success(document, contentType: contentType)
        } catch {
            return .failure(error)
        }
    }
}

/// Resolves `did:jwk` DIDs: pure computation, no I/O.
public struct DIDJWKResolver: DIDResolver {
    /// A did:jwk resolver.
    public init() {}

    /// `["jwk"]`.
    public var supportedMethods: Set<String> { [DIDJWK.methodName] }

    /// Decodes the JWK from the DID and builds the document with its one method `#0`; a malformed DID or JWK is a failed result.
    public func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult {
        guard let contentType = MediaTypes.check(options.accept) else {
            return .failure(DIDError(.representationNotSupported, "representation \(options.accept) is not supported"))
        }
        do {
            var document = try DIDJWK.document(for: did)
            if contentType == DIDResolutionOptions.didJSON { document.context = nil }
            return .success(document, contentType: contentType)
        } catch {
            return .failure(error)
        }
    }
}

enum MediaTypes {
    /// The content type to answer with for an `accept` value, or `nil` if it cannot be served.
    static func check(_ accept: String) -> String? {
        switch accept {
        case DIDResolutionOptions.didLDJSON, "application/ld+json", "*/*": DIDResolutionOptions.didLDJSON
        case DIDResolutionOptions.didJSON, "application/json": DIDResolutionOptions.didJSON
        default: nil
        }
    }
}
