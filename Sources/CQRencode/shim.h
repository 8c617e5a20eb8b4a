#ifndef CQRENCODE_SHIM_H
#define CQRENCODE_SHIM_H
/* libqrencode, as Debian's libqrencode-dev installs it. No Swift lives here; WalletServer is the
 * only importer (docs/decisions/0032-openid4vc-modules.md). */
#include <qrencode.h>
#endif
