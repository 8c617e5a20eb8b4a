import WalletCLISupport
import ArgumentParser
import Foundation
import WalletServer

/// `--qr-png FILE` and `--no-qr`: how `offer create` and `request create` show the URI they print.
struct QRCodeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Also write the QR code as a PNG image to this file (mode 0600; an existing file is refused).",
                                            valueName: "file"))
    var qrPNG: String?

    @Flag(name: .long, help: "Print no QR code on the terminal.") var noQR = false

    /// Before anything is created: an existing `--qr-png` file is refused, at no cost.
    func refuseExistingFile() throws(CLIError) {
        if let qrPNG { try PrivateFile.refuseExisting(qrPNG) }
    }

    /// Writes the PNG (with `--qr-png`) and, unless `--no-qr` or `--json`, prints the QR code of
    /// `uri` for a dark-background terminal on stdout.
    func show(_ uri: String, json: Bool) throws {
        guard qrPNG != nil || (!noQR && !json) else { return }
        let code = try ServerCLI.mapping { () throws(WalletServerError) in try QRCode(encoding: uri) }
        if let qrPNG { try PrivateFile.write(code.pngData(), to: qrPNG, replacing: false) }
        if !noQR && !json { FileHandle.standardOutput.write(Data(code.terminalText().utf8)) }
    }
}
