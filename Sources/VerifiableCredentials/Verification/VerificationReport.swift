public import StrictJSON
import Foundation

/// What a verification found: never thrown, always returned (the architecture's "checking
/// returns a result"). `verified` is true only when no error was recorded.
public struct VerificationReport: Sendable {
    /// One problem: a stable code, a human message, and the W3C problem type where one fits
    /// (VC Data Model 2.0 §7.1 problem details).
    public struct Problem: Sendable, Hashable {
        /// The problem's stable code.
        public let code: VCError.Code
        /// A human-readable explanation; its wording may change between releases.
        public let message: String
        /// The VC Data Model 2.0 §7.1 problem type URL, for the codes that have one.
        public var problemType: String? { Self.problemTypes[code] }

        /// A problem with `code` and `message`.
        public init(code: VCError.Code, message: String) {
            self.code = code
            self.message = message
        }

        static let base = "https://www.w3.org/TR/vc-data-model#"
        static let problemTypes: [VCError.Code: String] = {
            var table: [VCError.Code: String] = [:]
            for code in [VCError.Code.unknownFormat, .malformedJSON, .duplicateKey, .malformedJWS, .inputTooLarge] {
                table[code] = base + "PARSING_ERROR"
            }
            for code in [VCError.Code.invalidSignature, .invalidProofValue, .unsupportedAlgorithm, .forbiddenHeader, .unsupportedProof,
                         .verificationMethodNotFound, .verificationMethodNotAuthorized, .contextMismatch, .proofPurposeMismatch,
                         .invalidKeyId, .challengeMismatch, .domainMismatch, .invalidProofChain, .proofMissing, .keyTypeNotSupported,
                         .untrustedCertificate, .issuerNotBound] {
                table[code] = base + "CRYPTOGRAPHIC_SECURITY_ERROR"
            }
            for code in [VCError.Code.invalidCredential, .invalidPresentation, .invalidDate, .malformedProof, .invalidMediaType, .invalidClaims] {
                table[code] = base + "MALFORMED_VALUE_ERROR"
            }
            for code in [VCError.Code.expired, .notYetValid, .proofExpired] { table[code] = base + "RANGE_ERROR" }
            return table
        }()

        /// The problem as JSON: `code`, `message` and, where one fits, `type`.
        public var jsonValue: JSONValue {
            var object: JSONObject = ["code": .string(code.rawValue), "message": .string(message)]
            if let problemType { object["type"] = .string(problemType) }
            return .object(object)
        }
    }

    /// A check that ran, and whether it passed.
    public struct Check: Sendable, Hashable {
        /// The check's stable name.
        public let name: CheckName
        /// Whether it passed.
        public let passed: Bool
    }

    /// Whether the input was a credential or a presentation.
    public enum Kind: String, Sendable { case credential, presentation }

    /// A credential or a presentation; `nil` when the input could not be read as either.
    public internal(set) var kind: Kind?
    /// `vc+jwt`, `vp+jwt`, `jwt-vc-1.1`, `jwt-vp-1.1`, `di-eddsa-jcs-2022`, ...
    public internal(set) var format: CredentialFormat?
    /// The VC Data Model version of the input, when known.
    public internal(set) var dataModel: DataModelVersion?
    /// The issuer's identifier, for credentials.
    public internal(set) var issuer: String?
    /// The holder's identifier, for presentations.
    public internal(set) var holder: String?
    /// The DID URL of the key that signed, once known.
    public internal(set) var verificationMethod: String?
    /// The credential's (presentation's) `id`, when it has one.
    public internal(set) var credentialId: String?
    /// The `type` values.
    public internal(set) var types: [String] = []
    /// Every check that ran, in order, with its outcome.
    public internal(set) var checks: [Check] = []
    /// The problems that make the input invalid (or unverifiable).
    public internal(set) var errors: [Problem] = []
    /// What is worth knowing but does not make the input invalid (`statusNotChecked`...).
    public internal(set) var warnings: [Problem] = []
    /// Reports of the credentials inside a presentation.
    public internal(set) var credentials: [VerificationReport] = []
    /// The verified document (credential or presentation JSON), when it could be read.
    public internal(set) var document: JSONValue?
    /// What the credential or presentation states that decisions rest on, each value taken from
    /// signed data; set once its signature (proof) verified.
    public internal(set) var statements: VerifiedStatements?
    /// The moment the verification was made as of: the policy's clock
    /// (``VerificationPolicy/now``) when it started — a fixed moment when the policy pins one, as
    /// `wallet vc verify --at` does.
    public var verificationTime: DateTimeStamp? { verificationDate.map { DateTimeStamp($0) } }
    /// The clock's reading behind ``verificationTime`` (formatted only when asked for).
    var verificationDate: Date?
    /// The contexts the app pinned (`UserPinnedContext`, JSONLD) that verifying an RDF proof
    /// loaded, by URL and SHA-256: what the signature's meaning rests on beyond the library's
    /// own contexts (decision 0021). Empty when only compiled-in contexts were used.
    public internal(set) var userPinnedContexts: [ContextPin] = []

    /// A context the app pinned, as a report names it.
    public struct ContextPin: Sendable, Hashable {
        /// The context's URL, as the document's `@context` names it.
        public let url: String
        /// The SHA-256 of the pinned document's bytes, lowercase hex.
        public let sha256: String

        /// A context at `url` whose bytes hash to `sha256` (lowercase hex).
        public init(url: String, sha256: String) {
            self.url = url
            self.sha256 = sha256
        }
    }

    /// Whether the input verified: at least one check ran and no error was recorded.
    public var verified: Bool { errors.isEmpty && !checks.isEmpty }

    /// An empty report, for a ``VerifierPolicy`` test or an app's own verification steps.
    public init() { checks.reserveCapacity(12) }

    /// Records a passed check (for a ``VerifierPolicy`` of an app's own).
    public mutating func pass(_ check: CheckName) { checks.append(Check(name: check, passed: true)) }

    /// Records a failed check and its error (for a ``VerifierPolicy`` of an app's own).
    public mutating func fail(_ check: CheckName, _ error: VCError) {
        checks.append(Check(name: check, passed: false))
        errors.append(Problem(code: error.code, message: error.message))
    }

    /// Records a warning: something not checked or worth knowing, which does not make the input invalid.
    public mutating func warn(_ code: VCError.Code, _ message: String) { warnings.append(Problem(code: code, message: message)) }

    /// Runs `body` as the check `name`, recording its outcome; returns whether it passed.
    @discardableResult
    public mutating func check(_ name: CheckName, _ body: () throws(VCError) -> Void) -> Bool {
        do {
            try body()
            pass(name)
            return true
        } catch {
            fail(name, error)
            return false
        }
    }

    /// The report as JSON, for `--json` and batch output.
    public var jsonValue: JSONValue {
        var object: JSONObject = ["verified": .bool(verified)]
        if let kind { object["kind"] = .string(kind.rawValue) }
        if let format { object["format"] = .string(format.rawValue) }
        if let dataModel { object["dataModel"] = .string(dataModel.rawValue) }
        if let credentialId { object["id"] = .string(credentialId) }
        if !types.isEmpty { object["type"] = .array(types.map { .string($0) }) }
        if let issuer { object["issuer"] = .string(issuer) }
        if let holder { object["holder"] = .string(holder) }
        if let verificationMethod { object["verificationMethod"] = .string(verificationMethod) }
        if let verificationTime { object["verificationTime"] = .string(verificationTime.text) }
        object["checks"] = .array(checks.map { ["check": .string($0.name.rawValue), "passed": .bool($0.passed)] })
        object["errors"] = .array(errors.map(\.jsonValue))
        object["warnings"] = .array(warnings.map(\.jsonValue))
        if !userPinnedContexts.isEmpty {
            object["userPinnedContexts"] = .array(userPinnedContexts.map { ["url": .string($0.url), "sha256": .string($0.sha256)] })
        }
        if kind == .presentation && format != .sdJWT { object["credentials"] = .array(credentials.map(\.jsonValue)) }
        // An SD-JWT's report lists the claims that were disclosed, and only those.
        if format == .sdJWT, let document { object["disclosedClaims"] = document }
        return .object(object)
    }

    /// One line for people: "valid: …" or "invalid: <first error>".
    public var summary: String {
        let subject = [format?.rawValue, kind?.rawValue].compactMap { $0 }.joined(separator: " ")
        if verified {
            let issuerText = issuer.map { " issued by \($0)" } ?? holder.map { " presented by \($0)" } ?? ""
            let warningText = warnings.isEmpty ? "" : " (warnings: \(warnings.map(\.code.rawValue).joined(separator: ", ")))"
            return "valid: \(subject)\(issuerText)\(warningText)"
        }
        guard let first = errors.first else { return "invalid: nothing could be checked" }
        return "invalid: \(first.code): \(first.message)" + (errors.count > 1 ? " (and \(errors.count - 1) more)" : "")
    }

    /// What a verification concluded, as the `wallet` tool's exit status tells it.
    public enum Outcome: String, Sendable {
        /// Every check passed.
        case valid
        /// Something was checked and found wrong.
        case invalid
        /// Every problem is that something could not be checked (a DID that cannot be resolved, a
        /// status list that cannot be had, a JSON-LD context that is not pinned) — nothing was
        /// found wrong, but nothing can be relied on either.
        case couldNotCheck
    }

    /// The codes that say something could not be checked offline, as opposed to checked and found wrong.
    public static let couldNotCheckCodes: Set<VCError.Code> = [.didResolutionFailed, .statusUnknown, .contextNotAllowed, .issuerKeyUnavailable]

    /// Valid, invalid, or could not be checked (looking into a presentation's credentials).
    public var outcome: Outcome {
        if verified { return .valid }
        return onlyCouldNotCheck ? .couldNotCheck : .invalid
    }

    private var onlyCouldNotCheck: Bool {
        guard !verified else { return false }
        let codes = Set(errors.map(\.code))
        if codes.subtracting(Self.couldNotCheckCodes) == [.invalidEmbeddedCredential] {
            return credentials.filter { !$0.verified }.allSatisfy(\.onlyCouldNotCheck)
        }
        return codes.isSubset(of: Self.couldNotCheckCodes)
    }
}
