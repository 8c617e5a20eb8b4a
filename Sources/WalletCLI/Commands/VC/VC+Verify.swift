import ArgumentParser
import DIDCore
import Foundation
import StrictJSON
import VerifiableCredentials

extension VCCommand {
    /// `wallet vc verify`: needs no wallet.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a credential (or presentation); needs no wallet.",
            discussion: """
                Prints one line saying whether it is valid and why not; --json prints the verification report. \
                --batch reads JSON Lines (one credential per line: a JSON object, or a compact JWT as a JSON \
                string) and writes one report per line, in input order, using all cores.
                Exit codes: 0 valid (all valid with --batch), 1 invalid, 2 could not check (unreadable input, \
                unresolvable DID), 64 usage error.
                """
        )
        @Argument(help: "The credential: a file, or - (default) for standard input.") var file: String = "-"
        @Flag(name: .long, help: "Print the verification report as JSON.") var json = false
        @Option(name: .long, help: ArgumentHelp("Verify JSON Lines from this file (- for standard input).", valueName: "file")) var batch: String?
        @Option(name: .long, help: "Clock skew tolerated for validity periods, in seconds (default 300).") var clockSkew: Double = 300
        @Option(name: .long, help: "Accept only this issuer (repeatable).") var trustedIssuer: [String] = []

        var policy: VerificationPolicy {
            var policy = VerificationPolicy()
            policy.clockSkew = clockSkew
            if !trustedIssuer.isEmpty { policy.trustedIssuers = Set(trustedIssuer) }
            return policy
        }

        func run() async throws {
            if let batch {
                try await BatchVerification(verifier: Verifier(policy: policy), source: batch).run()
                return
            }
            let bytes: [UInt8]
            do { bytes = try Secrets.readFile(file) } catch {
                Terminal.printError("cannot read \(file)")
                throw ExitCode(WalletExitCode.couldNotRun)
            }
            let report = await Verifier(policy: policy).verify(bytes)
            VerifyOutput.print(report, json: json)
            throw ExitCode(VerifyOutput.exitCode(for: report))
        }
    }
}

/// Rendering and exit codes shared by `vc verify` and `vp verify`.
enum VerifyOutput {
    static func print(_ report: VerificationReport, json: Bool) {
        if json { Terminal.printJSON(report.jsonValue) } else { Terminal.printLine(report.summary) }
    }

    /// 0 valid; 2 when the only problems are that a DID could not be resolved (could not check); else 1.
    static func exitCode(for report: VerificationReport) -> Int32 {
        if report.verified { return WalletExitCode.success }
        let codes = Set(report.errors.map(\.code))
        return codes == [.didResolutionFailed] ? WalletExitCode.couldNotRun : WalletExitCode.invalid
    }
}
