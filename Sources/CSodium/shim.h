#ifndef CSODIUM_SHIM_H
#define CSODIUM_SHIM_H
#include <sodium.h>

#ifdef __linux__
#include <sys/prctl.h>
/* prctl(2) is variadic, which Swift cannot call; these fixed-argument wrappers can be. */
static inline int csodium_shim_set_dumpable(int dumpable) { return prctl(PR_SET_DUMPABLE, (unsigned long)dumpable, 0UL, 0UL, 0UL); }
static inline int csodium_shim_get_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0UL, 0UL, 0UL, 0UL); }
#endif
#endif
