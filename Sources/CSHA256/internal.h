/* Shared by the files of this target, not part of its interface. */
#ifndef CSHA256_INTERNAL_H
#define CSHA256_INTERNAL_H

#include <stdint.h>

/* FIPS 180-4's round constants and initial hash value. */
extern const uint32_t csha256_K[64];
extern const uint32_t csha256_H0[8];

#endif
