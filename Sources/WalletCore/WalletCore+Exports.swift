// One import for the common app (docs/decisions/0018-one-import.md): `import WalletCore` brings
// the wallet and every module its public API speaks in — credentials, issuing and verifying
// (`VerifiableCredentials`, which brings DIDs, JSON, JSON-LD loaders and keys), the keystore's
// passphrase and KDF types. Nothing new is linked: these are WalletCore's own dependencies.
@_exported public import DIDCore
@_exported public import WalletKeystore
@_exported public import StrictJSON
@_exported public import VerifiableCredentials
@_exported public import WalletCrypto
