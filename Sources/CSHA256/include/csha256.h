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

/* A leaf hash begun before the whole line is known: the state after the whole blocks of
 * 0x00 || line that lie before the bytes still to change. */
typedef struct {
    uint32_t state[8];
    uint64_t hashed;  /* bytes of 0x00 || line hashed, a multiple of 64 */
} csha256_leaf_part;

/* Hashes the whole blocks of 0x00 || line[0..<known]; the rest waits for `csha256_leaf_finish`. */
void csha256_leaf_begin(const void *line, size_t known, csha256_leaf_part *part);

/* The leaf hash of the whole line, `length` bytes (at least the `known` ones), whose first
 * `known` bytes are as they were when `part` was begun. */
void csha256_leaf_finish(const csha256_leaf_part *part, const void *line, size_t length, uint8_t digest[32]);

/* One line to hash among many: `bytes` NULL for a line to leave out (its digest is not written). */
typedef struct {
    const void *bytes;
    size_t length;
} csha256_line;

/* The ways `csha256_leaves` can hash many lines: which is fastest depends on the CPU. */
enum {
    CSHA256_ONE_BY_ONE = 0,  /* csha256_leaf per line */
    CSHA256_PAIRS = 1,       /* two at a time with SHA-NI (csha256_leaf_pair) */
    CSHA256_SIXTEEN = 2,     /* sixteen side by side in AVX-512 registers */
};

/* RFC 6962 leaf hashes of `count` lines, the digest of line i written at digests + i * stride:
 * the way this CPU does fastest (`csha256_leaves_way`). */
void csha256_leaves(const csha256_line *lines, size_t count, uint8_t *digests, size_t stride);

/* The same, a given way (tests check each against csha256_leaf); 0 when this CPU cannot. */
int csha256_leaves_using(int way, const csha256_line *lines, size_t count, uint8_t *digests, size_t stride);

/* Which way `csha256_leaves` hashes on this CPU: the fastest it has, timed once per process
 * where more than one would do (see leaves.c). */
int csha256_leaves_way(void);

/* csha256_leaf_begin for `count` lines at once, `known[i]` the known bytes of line i (parts[i]
 * not written where `bytes` is NULL): the way csha256_leaves hashes, or a given one (0 when this
 * CPU cannot). */
void csha256_leaf_begin_many(const csha256_line *known, size_t count, csha256_leaf_part *parts);
int csha256_leaf_begin_many_using(int way, const csha256_line *known, size_t count, csha256_leaf_part *parts);

#ifdef __cplusplus
}
#endif

#endif
