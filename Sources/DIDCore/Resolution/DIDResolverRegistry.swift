public import Logging

/// A resolver that dispatches on the DID method to the resolver registered for it.
///
/// ``standard`` knows `did:key` and `did:jwk`, both offline. Register more (for example a
/// `did:web` resolver with network access) with ``registering(_:)``.
public struct DIDResolverRegistry: DIDResolver {
    private var resolvers: [String: any DIDResolver]
    private let logger: Logger

    /// An empty registry. Libraries never configure logging: pass a logger to see resolution
    /// events (method and outcome; never key material).
    public init(logger: Logger = Logger(label: "DIDCore.resolver", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.resolvers = [:]
        self.logger = logger
    }

    /// The offline methods: `did:key` and `did:jwk`.
    public static var standard: DIDResolverRegistry { standard(logger: Logger(label: "DIDCore.resolver", factory: { _ in SwiftLogNoOpLogHandler() })) }

    /// The offline methods, `did:key` and `did:jwk`, logging resolution events to `logger`.
    public static func standard(logger: Logger) -> DIDResolverRegistry {
        DIDResolverRegistry(logger: logger).registering(DIDKeyResolver()).registering(DIDJWKResolver())
    }

    /// A copy of this registry that also routes `resolver`'s methods to it.
    public func registering(_ resolver: some DIDResolver) -> DIDResolverRegistry {
        var copy = self
        for method in resolver.supportedMethods { copy.resolvers[method] = resolver }
        return copy
    }

    /// Every method a resolver is registered for.
    public var supportedMethods: Set<String> { Set(resolvers.keys) }

    /// Resolves with the resolver registered for the DID's method; `methodNotSupported` when there is none.
    public func resolve(_ did: DID, options: DIDResolutionOptions) async -> DIDResolutionResult {
        guard let resolver = resolvers[did.method] else {
            logger.debug("DID method not supported", metadata: ["method": "\(did.method)"])
            return .failure(DIDError(.methodNotSupported, "the DID method \"\(did.method)\" is not supported (supported: \(supportedMethods.sorted().joined(separator: ", ")))"))
        }
        let result = await resolver.resolve(did, options: options)
        if let error = result.error {
            logger.debug("DID resolution failed", metadata: ["method": "\(did.method)", "error": "\(error.code)"])
        } else {
            logger.trace("DID resolved", metadata: ["method": "\(did.method)"])
        }
        return result
    }
}
