#ifndef CSODIUM_SHIM_H
#define CSODIUM_SHIM_H
#include <sodium.h>

#include <stddef.h>

/* Copies secret bytes one at a time through volatile pointers, so that neither the compiler
 * nor the C library moves them through vector registers: a register's contents outlive the copy
 * and are written to the stack by the next lazy symbol binding (the dynamic linker saves every
 * vector register there), where a core dump or a later stack reader finds them. */
static inline void csodium_shim_copy_secret(void *destination, const void *source, size_t count) {
    volatile unsigned char *to = (volatile unsigned char *)destination;
    const volatile unsigned char *from = (const volatile unsigned char *)source;
    for (size_t index = 0; index < count; index++) { to[index] = from[index]; }
}

#ifdef __linux__
#include <sys/prctl.h>
/* prctl(2) is variadic, which Swift cannot call; these fixed-argument wrappers can be. */
static inline int csodium_shim_set_dumpable(int dumpable) { return prctl(PR_SET_DUMPABLE, (unsigned long)dumpable, 0UL, 0UL, 0UL); }
static inline int csodium_shim_get_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0UL, 0UL, 0UL, 0UL); }
#endif
#endif
