import WalletCLISupport
import ArgumentParser
import Foundation
import StrictJSON
import WalletServer

extension RequestCommand {
    /// `wallet request result VIEW`: the outcome of a presentation request.
    struct Result: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "result",
            abstract: ServerCommandAbstracts.requestResult,
            discussion: """
                VIEW is the view identifier 'wallet request create' printed (not the request's own identifier, which the QR \
                code carries). Prints the status — pending, valid, invalid or declined — and the verification report once the \
                wallet's response has arrived. Exit status 0 for pending or valid, 1 for invalid, declined, or an unknown or \
                expired VIEW (unknownOrExpired). With --json, stdout carries {"status", "report"?}.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: ArgumentHelp("The view identifier of the request.", valueName: "view")) var view: String

        func run() async throws {
            try await reportingErrors(json: options.json) {
                let state = try ServerCLI.state(options)
                let result = try ServerCLI.mapping { () throws(WalletServerError) in try state.requestView(view) }
                if options.json {
                    var object: JSONObject = ["status": .string(result.status.rawValue)]
                    if let report = result.report { object["report"] = report }
                    Terminal.printJSON(.object(object))
                } else {
                    Terminal.printLine("\(result.status.rawValue)")
                    if let report = result.report {
                        Terminal.printDocument(JSONSerializer(style: .pretty).string(report))
                    }
                }
                if result.status == .invalid || result.status == .declined { throw ExitCode(WalletExitCode.invalid) }
            }
        }
    }
}
