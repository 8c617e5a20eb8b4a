#ifndef CSECP256K1_SHIM_H
#define CSECP256K1_SHIM_H
/* libsecp256k1 (bitcoin-core), as Debian's libsecp256k1-dev installs it: the core API and the
 * recovery module (public-key recovery from a signature). No Swift lives here; WalletCrypto is
 * the only importer (docs/decisions/0025-secp256k1-and-swift-crypto.md). */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#endif
