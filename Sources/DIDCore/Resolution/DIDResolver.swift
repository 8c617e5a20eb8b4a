/// Resolves DIDs of one or more methods to DID documents (DID Resolution §4 `resolve`).
///
/// Resolution never throws: a failure is a ``DIDResolutionResult`` whose metadata carries the
/// error, as the DID Resolution spec defines. Implementations must be safe to call concurrently.
public protocol DIDResolver: Sendable {
    /// The method names this resolver handles, for example `["key"]`.
    var supportedMethods: Set<String> { get }

    /// Resolves `did` with `options`; a failure is a result whose ``DIDResolutionResult/error`` is set, never a thrown error.
    func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult
}

extension DIDResolver {
    /// Resolves a DID given as text: syntax errors become an `invalidDid` result.
    public func resolve(_ text: String, options: DIDResolutionOptions = .init()) async -> DIDResolutionResult {
        do {
            let did = try DID(parsing: text)
            return await resolve(did, options: options)
        } catch {
            return .failure(error)
        }
    }

    /// Dereferences a DID URL with a fragment to the verification method it names
    /// (DID Core §7.2, "Dereferencing a fragment"), throwing the resolution error on failure.
    public func verificationMethod(_ didURL: DIDURL, options: DIDResolutionOptions = .init()) async throws(DIDError) -> VerificationMethod {
        guard let fragment = didURL.fragment, didURL.path.isEmpty, didURL.query == nil else {
            throw DIDError(.notFound, "\(didURL) does not name a verification method (a DID URL with only a fragment is needed)")
        }
        let result = await resolve(didURL.did, options: options)
        if let error = result.error { throw error }
        guard let document = result.didDocument else { throw DIDError(.notFound, "no document for \(didURL.did)") }
        guard let method = document.verificationMethod(withId: "#" + fragment) else {
            throw DIDError(.notFound, "\(didURL.did) has no verification method #\(fragment)")
        }
        return method
    }

    /// Dereferences a DID URL given as text.
    public func verificationMethod(_ text: String, options: DIDResolutionOptions = .init()) async throws(DIDError) -> VerificationMethod {
        try await verificationMethod(DIDURL(parsing: text), options: options)
    }
}
