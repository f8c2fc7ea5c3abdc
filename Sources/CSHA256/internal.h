/* Shared by the files of this target, not part of its interface. */
#ifndef CSHA256_INTERNAL_H
#define CSHA256_INTERNAL_H

#include <stdint.h>

/* FIPS 180-4's round constants and initial hash value. */
extern const uint32_t csha256_K[64];
extern const uint32_t csha256_H0[8];

/* `compute()` once per process, kept in `*cached` (-1 until then): what the CPU has, or which
 * way it hashes fastest. Racing first calls may both compute it; either answer is right. */
static inline int csha256_once(int *cached, int (*compute)(void)) {
    int value = __atomic_load_n(cached, __ATOMIC_RELAXED);
    if (value < 0) {
        value = compute();
        __atomic_store_n(cached, value, __ATOMIC_RELAXED);
    }
    return value;
}

#endif
