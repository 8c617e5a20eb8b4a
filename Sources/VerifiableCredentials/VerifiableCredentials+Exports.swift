// One import for a verification-only app (docs/decisions/0018-one-import.md): `Verifier`, its
// policies and report, did:key / did:jwk resolution (`DIDCore`), `JSONValue` (`StrictJSON`), the
// pinned JSON-LD context loaders (`JSONLD`) and Ed25519 keys (`WalletCrypto`) — the modules the
// verifier's public API names. No keystore, SQLite or network code comes with them.
@_exported public import DIDCore
@_exported public import JSONLD
@_exported public import StrictJSON
@_exported public import WalletCrypto
