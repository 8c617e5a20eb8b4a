import WalletCLISupport
import DIDCore
import StrictJSON

/// The `--json` output of `wallet did resolve`: the DID resolution result (DID Resolution §4.2).
struct ResolutionOutput {
    let result: DIDResolutionResult

    var json: JSONValue { result.jsonValue }
}
