#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t state[8];
    uint64_t length;      /* bytes hashed so far */
    uint8_t buffer[64];   /* a partial block */
    size_t buffered;
    int portable;         /* 1: never use SHA-NI (tests compare both paths) */
} csha256_ctx;

/* 1 when this CPU has the SHA extensions (SHA-NI) and they will be used. */
int csha256_has_shani(void);

void csha256_init(csha256_ctx *ctx);
void csha256_init_portable(csha256_ctx *ctx);
void csha256_update(csha256_ctx *ctx, const void *data, size_t length);
void csha256_final(csha256_ctx *ctx, uint8_t digest[32]);

/* One-shot SHA-256. */
void csha256(const void *data, size_t length, uint8_t digest[32]);

/* RFC 6962 leaf hash: SHA-256(0x00 || line). */
void csha256_leaf(const void *line, size_t length, uint8_t digest[32]);

/* RFC 6962 node hash: SHA-256(0x01 || left || right). */
void csha256_node(const uint8_t left[32], const uint8_t right[32], uint8_t digest[32]);

/* Two leaf hashes at once (faster than one after the other with SHA-NI). */
void csha256_leaf_pair(const void *a, size_t alength, const void *b, size_t blength, uint8_t adigest[32], uint8_t bdigest[32]);

/* Two node hashes at once, each of its 64 bytes left || right. */
void csha256_node_pair(const uint8_t aleft_right[64], const uint8_t bleft_right[64], uint8_t adigest[32], uint8_t bdigest[32]);

#ifdef __cplusplus
}
#endif

#endif
