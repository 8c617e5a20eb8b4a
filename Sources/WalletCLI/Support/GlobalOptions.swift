import ArgumentParser

/// Options every wallet command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The wallet directory (default: $WALLET_HOME, else $XDG_DATA_HOME/wallet or ~/.local/share/wallet).", valueName: "dir"))
    var wallet: String?

    @Option(name: .long, help: ArgumentHelp("Read the wallet passphrase from this file (else $WALLET_PASSPHRASE, else a prompt).", valueName: "file"))
    var passphraseFile: String?

    @Flag(name: .long, help: "Print exactly one JSON document on stdout.")
    var json = false

    @Flag(name: .long, help: "Show no progress on the terminal (progress goes to stderr, only when it is a terminal).")
    var quiet = false
}

/// The `--kdf` values.
enum KDFPresetOption: String, ExpressibleByArgument, CaseIterable {
    case interactive, moderate, sensitive
}
