public import DIDCore
import Foundation
public import JSONLD
import StrictJSON
public import WalletCrypto

/// Verifies credentials and presentations in every supported format and returns one
/// ``VerificationReport``: it never throws for an invalid input.
///
/// A thin orchestrator: it tells the format from the input and hands it to the securing
/// mechanism (`Verifier+JOSE`, `Verifier+SDJWT`, `Verifier+DataIntegrity`), which parses it
/// strictly, resolves and checks the key (`Verifier+VerificationMethod`), verifies the signature
/// and states what was signed as ``VerifiedStatements``. The ``policies`` then decide on those
/// statements alone — validity, trust, status, holder binding, and any an app adds — and a
/// presentation's credentials are verified in turn (`Verifier+Presentation`).
public struct Verifier: Sendable {
    /// Resolves issuer and holder DIDs to their keys; the offline did:key and did:jwk registry, cached, unless stated.
    public var resolver: any DIDResolver
    /// The verifier's settings: clock, skew, trusted issuers, accepted formats, challenge, domain.
    public var policy: VerificationPolicy
    /// Keys of issuers that are not DIDs (for example `https://` issuers), configured out of
    /// band; a `kid` that is not a DID URL is looked up here, for its stated controller only.
    public var issuerKeys: [IssuerKey]
    /// Where the keys of SD-JWT VC issuers that are not DIDs come from (`x5c` with trust anchors,
    /// JWT VC Issuer Metadata); `nil`, the default, obtains none: such a credential verifies only
    /// with a configured ``issuerKeys`` entry, and an `x5c` header is then not used.
    public var sdJWTIssuerKeys: (any SDJWTIssuerKeyResolver)?
    /// Where status list credentials come from; `nil` leaves statuses unchecked (a warning).
    public var statusLists: (any StatusListProvider)?
    /// Where JSON-LD contexts come from for the RDF suites: the pinned, bundled contexts unless an
    /// app pins its own as well (`PinnedContextLoader(pinning:)` (JSONLD), which never lets one
    /// replace a bundled context); the report then names those it used
    /// (``VerificationReport/userPinnedContexts``). Nothing is fetched.
    public var contextLoader: any JSONLDDocumentLoader
    /// The checks run on what a verified credential or presentation states, in order.
    public var policies: [any VerifierPolicy] {
        didSet { hasStandardPolicies = false }
    }
    /// Whether ``policies`` are the standard ones as built by the initializer: then they are
    /// called directly (this runs for every credential verified).
    private var hasStandardPolicies = false
    /// Shared by the verifications of a batch, so that each status list is obtained once; `nil`
    /// gives each verification its own.
    public var session: VerificationSession?
    /// Keys already decoded, shared by copies of this verifier.
    let keyMemo = VerificationKeyMemo()

    /// A configured key: `controller` (the issuer or holder URL) signs with `publicKey` under `keyId`.
    public struct IssuerKey: Sendable, Hashable {
        /// The issuer (or holder) identifier the key belongs to.
        public let controller: String
        /// The `kid` or `verificationMethod` that names the key.
        public let keyId: String
        /// The public key; its type fixes the algorithm it verifies.
        public let publicKey: PublicSigningKey

        /// A key `controller` signs with under `keyId`.
        public init(controller: String, keyId: String, publicKey: PublicSigningKey) {
            self.controller = controller
            self.keyId = keyId
            self.publicKey = publicKey
        }

        /// An Ed25519 key `controller` signs with under `keyId`.
        public init(controller: String, keyId: String, publicKey: Ed25519.PublicKey) {
            self.init(controller: controller, keyId: keyId, publicKey: .ed25519(publicKey))
        }
    }

    /// The standard checks: ``ValidityPolicy``, ``TrustPolicy``, ``StatusPolicy``, ``HolderBindingPolicy``.
    public static var standardPolicies: [any VerifierPolicy] { [ValidityPolicy(), TrustPolicy(), StatusPolicy(), HolderBindingPolicy()] }

    /// The default resolver is the offline registry (did:key, did:jwk) behind a resolution cache,
    /// so that a verifier that sees an issuer again does not derive its document again.
    public init(resolver: any DIDResolver = DIDResolutionCache(DIDResolverRegistry.standard), policy: VerificationPolicy = VerificationPolicy(),
                issuerKeys: [IssuerKey] = [], statusLists: (any StatusListProvider)? = nil,
                contextLoader: any JSONLDDocumentLoader = PinnedContextLoader.bundled, policies: [any VerifierPolicy] = Verifier.standardPolicies) {
        self.resolver = resolver
        self.policy = policy
        self.issuerKeys = issuerKeys
        self.statusLists = statusLists
        self.contextLoader = contextLoader
        self.policies = policies
        hasStandardPolicies = policies.count == 4 && policies[0] is ValidityPolicy && policies[1] is TrustPolicy && policies[2] is StatusPolicy
            && policies[3] is HolderBindingPolicy
    }

    /// Verifies a credential or presentation given as bytes (JSON, or a compact JWT).
    public func verify(_ bytes: [UInt8]) async -> VerificationReport {
        await verify(bytes, depth: 0, session: session)
    }

    /// Verifies a credential or presentation given as text (JSON, or a compact JWT).
    public func verify(_ text: String) async -> VerificationReport { await verify(Array(text.utf8)) }

    /// Verifies input that must be a presentation: anything else — a credential, however valid —
    /// is `verified: false` with `invalidPresentation` (security requirement 35).
    public func verifyPresentation(_ bytes: [UInt8]) async -> VerificationReport {
        var report = await verify(bytes)
        if report.kind != .presentation {
            let what = report.kind == .credential ? "a credential" : "neither a credential nor a presentation"
            report.fail(.presentation, VCError(.invalidPresentation, "the input is \(what), not a presentation"))
        }
        return report
    }

    /// Verifies a presentation as it was made (an ``IssuedCredential`` from `Wallet.present` or
    /// ``Issuer``), without re-encoding: anything but a presentation is `invalidPresentation`.
    public func verifyPresentation(_ presented: IssuedCredential) async -> VerificationReport {
        await verifyPresentation(presented.bytes)
    }

    /// Verifies a credential or presentation as ``Issuer`` returned it.
    public func verify(_ issued: IssuedCredential) async -> VerificationReport {
        switch issued {
        case .compact(let text): await verify(Array(text.utf8))
        case .document(let document): await verify(JSONSerializer().serialize(document))
        }
    }

    func verify(_ bytes: [UInt8], depth: Int, session: VerificationSession?) async -> VerificationReport {
        var report = VerificationReport()
        report.verificationDate = policy.now()
        guard checkSettings(&report) else { return report }
        guard bytes.count <= policy.maximumInputBytes else {
            report.fail(.parse, VCError(.inputTooLarge, "input of \(bytes.count) bytes exceeds the limit of \(policy.maximumInputBytes)"))
            return report
        }
        var start = 0, end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        if start < end, bytes[start] == UInt8(ascii: "{") {
            return await verifyJSON(bytes, report: report, depth: depth, session: session)
        }
        let token = start == 0 && end == bytes.count ? bytes : Array(bytes[start..<end])
        // Compact JWTs are base64url segments separated by dots; the JWS parser checks every
        // character, so only the dots and an SD-JWT's '~' are looked for here (with memchr:
        // this runs over every byte of every JWT verified).
        if Self.containsByte(token, UInt8(ascii: "~")) {
            return await verifySDJWT(String(decoding: token, as: UTF8.self), report: report, depth: depth, session: session)
        }
        if Self.containsByte(token, UInt8(ascii: ".")) {
            return await verifyJWT(token, report: report, depth: depth, session: session)
        }
        report.fail(.format, Self.unknownFormat)
        return report
    }

    static let unknownFormat = VCError(.unknownFormat, "the input is neither a JSON credential/presentation nor a compact JWT")

    /// The settings a verification cannot run without: a finite clock skew of 0…86,400 s (a NaN
    /// or infinite skew would turn every time check off; security requirement 36).
    func checkSettings(_ report: inout VerificationReport) -> Bool {
        guard VerificationPolicy.clockSkewRange.contains(policy.clockSkew) else {
            report.fail(.policy, VCError(.invalidPolicy, "the clock skew \(policy.clockSkew) s is outside 0…86,400 s"))
            return false
        }
        return true
    }

    static func containsByte(_ bytes: [UInt8], _ byte: UInt8) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }

    /// The format gate of ``VerificationPolicy/acceptedFormats``, before any key is resolved.
    func checkFormat(_ report: inout VerificationReport) -> Bool {
        guard let accepted = policy.acceptedFormats else { return true }
        let format = report.format
        return report.check(.format) { () throws(VCError) in
            guard let format, accepted.contains(format) else {
                throw VCError(.formatNotAccepted, "format \(format?.rawValue ?? "?") is not accepted by the policy")
            }
        }
    }

    /// Records `statements` in the report — when everything before verified, so that they come
    /// from signed data — and runs every policy on them.
    func decide(_ statements: VerifiedStatements, depth: Int, session: VerificationSession?, report: inout VerificationReport) async {
        if report.errors.isEmpty { report.statements = statements }
        let subject: PolicySubject = statements.kind == .credential ? .credential(statements) : .presentation(statements)
        await evaluatePolicies(subject, depth: depth, session: session, report: &report)
    }

    func evaluatePolicies(_ subject: PolicySubject, depth: Int, session: VerificationSession?, report: inout VerificationReport) async {
        guard hasStandardPolicies else {
            let context = PolicyContext(verifier: self, depth: depth, session: session)
            for policy in policies { await policy.evaluate(subject, in: context, report: &report) }
            return
        }
        // The same four, in the same order, without the dynamic calls.
        ValidityPolicy.evaluate(subject, settings: policy, report: &report)
        TrustPolicy.evaluate(subject, settings: policy, report: &report)
        if case .credential(let statements) = subject, statements.hasStatusEntries {
            await StatusPolicy().evaluate(subject, in: PolicyContext(verifier: self, depth: depth, session: session), report: &report)
        }
        HolderBindingPolicy.evaluate(subject, settings: policy, report: &report)
    }
}
