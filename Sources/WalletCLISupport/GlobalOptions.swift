package import ArgumentParser

/// Options every wallet command takes.
package struct GlobalOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: ArgumentHelp("The wallet directory (default: $WALLET_HOME, else $XDG_DATA_HOME/wallet or ~/.local/share/wallet).", valueName: "dir"))
    package var wallet: String?

    @Option(name: .long, help: ArgumentHelp("Read the wallet passphrase from this file (else $WALLET_PASSPHRASE, else a prompt).", valueName: "file"))
    package var passphraseFile: String?

    @Flag(name: .long, help: "Print exactly one JSON document on stdout.")
    package var json = false

    @Flag(name: .long, help: "Show no progress on the terminal (progress goes to stderr, only when it is a terminal).")
    package var quiet = false
}

/// The `--kdf` values.
package enum KDFPresetOption: String, ExpressibleByArgument, CaseIterable {
    case interactive, moderate, sensitive
}
