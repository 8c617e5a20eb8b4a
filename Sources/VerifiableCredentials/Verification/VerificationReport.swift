public import StrictJSON

/// What a verification found: never thrown, always returned (the architecture's "checking
/// returns a result"). `verified` is true only when no error was recorded.
public struct VerificationReport: Sendable {
    /// One problem: a stable code, a human message, and the W3C problem type where one fits
    /// (VC Data Model 2.0 §7.1 problem details).
    public struct Problem: Sendable, Hashable {
        public let code: VCError.Code
        public let message: String
        public var problemType: String? { Self.problemTypes[code] }

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
                         .invalidKeyId, .challengeMismatch, .domainMismatch, .invalidProofChain, .proofMissing] {
                table[code] = base + "CRYPTOGRAPHIC_SECURITY_ERROR"
            }
            for code in [VCError.Code.invalidCredential, .invalidPresentation, .invalidDate, .malformedProof, .invalidMediaType, .invalidClaims] {
                table[code] = base + "MALFORMED_VALUE_ERROR"
            }
            for code in [VCError.Code.expired, .notYetValid, .proofExpired] { table[code] = base + "RANGE_ERROR" }
            return table
        }()

        public var jsonValue: JSONValue {
            var object: JSONObject = ["code": .string(code.rawValue), "message": .string(message)]
            if let problemType { object["type"] = .string(problemType) }
            return .object(object)
        }
    }

    /// A check that ran, and whether it passed.
    public struct Check: Sendable, Hashable {
        public let name: String
        public let passed: Bool
    }

    public enum Kind: String, Sendable { case credential, presentation }

    public internal(set) var kind: Kind?
    /// `vc+jwt`, `vp+jwt`, `jwt-vc-1.1`, `jwt-vp-1.1`, `di-eddsa-jcs-2022`, ...
    public internal(set) var format: String?
    public internal(set) var dataModel: DataModelVersion?
    public internal(set) var issuer: String?
    public internal(set) var holder: String?
    public internal(set) var verificationMethod: String?
    public internal(set) var credentialId: String?
    public internal(set) var types: [String] = []
    public internal(set) var checks: [Check] = []
    public internal(set) var errors: [Problem] = []
    public internal(set) var warnings: [Problem] = []
    /// Reports of the credentials inside a presentation.
    public internal(set) var credentials: [VerificationReport] = []
    /// The verified document (credential or presentation JSON), when it could be read.
    public internal(set) var document: JSONValue?

    public var verified: Bool { errors.isEmpty && !checks.isEmpty }

    public init() { checks.reserveCapacity(12) }

    mutating func pass(_ check: String) { checks.append(Check(name: check, passed: true)) }

    mutating func fail(_ check: String, _ error: VCError) {
        checks.append(Check(name: check, passed: false))
        errors.append(Problem(code: error.code, message: error.message))
    }

    mutating func warn(_ code: VCError.Code, _ message: String) { warnings.append(Problem(code: code, message: message)) }

    /// Runs `body` as the check `name`, recording its outcome; returns whether it passed.
    @discardableResult
    mutating func check(_ name: String, _ body: () throws(VCError) -> Void) -> Bool {
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
        if let format { object["format"] = .string(format) }
        if let dataModel { object["dataModel"] = .string(dataModel.rawValue) }
        if let credentialId { object["id"] = .string(credentialId) }
        if !types.isEmpty { object["type"] = .array(types.map { .string($0) }) }
        if let issuer { object["issuer"] = .string(issuer) }
        if let holder { object["holder"] = .string(holder) }
        if let verificationMethod { object["verificationMethod"] = .string(verificationMethod) }
        object["checks"] = .array(checks.map { ["check": .string($0.name), "passed": .bool($0.passed)] })
        object["errors"] = .array(errors.map(\.jsonValue))
        object["warnings"] = .array(warnings.map(\.jsonValue))
        if kind == .presentation && format != SDJWT.type { object["credentials"] = .array(credentials.map(\.jsonValue)) }
        // An SD-JWT's report lists the claims that were disclosed, and only those.
        if format == SDJWT.type, let document { object["disclosedClaims"] = document }
        return .object(object)
    }

    /// One line for people: "valid: …" or "invalid: <first error>".
    public var summary: String {
        let subject = [format, kind?.rawValue].compactMap { $0 }.joined(separator: " ")
        if verified {
            let issuerText = issuer.map { " issued by \($0)" } ?? holder.map { " presented by \($0)" } ?? ""
            let warningText = warnings.isEmpty ? "" : " (warnings: \(warnings.map(\.code.rawValue).joined(separator: ", ")))"
            return "valid: \(subject)\(issuerText)\(warningText)"
        }
        guard let first = errors.first else { return "invalid: nothing could be checked" }
        return "invalid: \(first.code): \(first.message)" + (errors.count > 1 ? " (and \(errors.count - 1) more)" : "")
    }
}
