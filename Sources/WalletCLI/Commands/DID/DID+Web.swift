import WalletCLISupport
import ArgumentParser
import DIDCore
import Foundation
import StrictJSON
import WalletCore

extension DIDCommand {
    /// `wallet did rotate DID|LABEL [--out FILE]`: a did:web's new key, and the document to publish.
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate", abstract: "Rotate a did:web's key and write the new document to publish.",
            discussion: """
                Adds a fresh key to verificationMethod and makes it the only one under authentication and \
                assertionMethod; the old key's method stays in verificationMethod, authorised for nothing, and its \
                private key stays in the wallet. Once the new document is published, credentials signed with the old \
                key fail verification with verificationMethodNotAuthorized (verifiers that cache documents see it when \
                their copy expires: 5 minutes for this wallet's verifier). --remove-retired also takes the retired \
                methods out of the document (verifiers then report verificationMethodNotFound for them). \
                Writes the document on stdout or into \
                --out FILE (then stdout carries the DID); --json as for did create --method web.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The did:web or its label.") var did: String
        @Flag(name: .long, help: "Also take every retired key's method out of the document (after a key leaked).") var removeRetired = false
        @OptionGroup var output: OutputFileOptions

        func run() async throws {
            try await reportingErrors(json: options.json) {
                try output.refuseExistingFile()
                try await WalletSession.withWallet(options) { wallet in
                    try DIDCommand.publish(try await wallet.rotateKey(of: did, removingRetiredMethods: removeRetired), output: output, json: options.json)
                }
            }
        }
    }

    /// Writes a did:web's document for publishing (stdout or `--out`), and says where it goes.
    static func publish(_ info: DIDInfo, output: OutputFileOptions, json: Bool) throws {
        let documentURL = try DIDWeb.location(of: info.did).documentURL
        var bytes = JSONSerializer(style: .pretty).serialize(info.document.jsonValue)
        bytes.append(0x0A)
        try output.write(bytes, json: json, as: "document", value: info.document.jsonValue,
                         summary: ["did": .string(info.did.description), "documentURL": .string(documentURL), "keyId": .string(info.keyId)])
        guard !json else { return }
        if let out = output.out, out != "-" { Terminal.printLine("\(info.did)") }
        Terminal.printNote("publish the document of \(info.did) at \(documentURL)")
    }

    /// One line of a did:web's key history.
    static func render(_ entry: DIDKeyHistoryEntry) -> TerminalText {
        let retired = entry.retired.map { "retired \(Self.format($0))" } ?? "current"
        return "key\t\(entry.verificationMethodId)\t\(entry.keyId)\tadded \(Self.format(entry.added))\t\(retired)"
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
