public import DIDCore

extension DIDResolverRegistry {
    /// The offline methods (`did:key`, `did:jwk`, behind a `DIDResolutionCache` that keeps their
    /// computed documents) and `did:web` through `web`, which caches with its own bounds (a
    /// document fetched over the network is kept only for the resolver's lifetime, never
    /// indefinitely as a computed one may be).
    ///
    /// - Parameter web: The did:web resolver, built with the guarded client the app allows.
    public static func networked(web: DIDWebResolver) -> DIDResolverRegistry {
        DIDResolverRegistry().registering(DIDResolutionCache(DIDResolverRegistry.standard)).registering(web)
    }
}
