/* SHA-256 (FIPS 180-4). The block function uses the x86 SHA extensions when the CPU has them,
 * otherwise a portable C version; both are checked against the NIST vectors in the tests. */
#include "csha256.h"
#include "internal.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define CSHA256_X86 1
#endif

const uint32_t csha256_K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

const uint32_t csha256_H0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

#define K csha256_K
#define H0 csha256_H0

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks) {
    uint32_t w[64];
    while (blocks--) {
        for (int i = 0; i < 16; i++) {
            w[i] = (uint32_t)data[4 * i] << 24 | (uint32_t)data[4 * i + 1] << 16 |
                   (uint32_t)data[4 * i + 2] << 8 | (uint32_t)data[4 * i + 3];
        }
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g; g = f; f = e; e = d + t1;
            d = c; c = b; b = a; a = t1 + t2;
        }
        state[0] += a; state[1] += b; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
        data += 64;
    }
}

#ifdef CSHA256_X86
/* Intel SHA extensions: two rounds per sha256rnds2, the message schedule with sha256msg1/msg2. */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_shani(uint32_t state[8], const uint8_t *data, size_t blocks) {
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i state1 = _mm_loadu_si128((const __m128i *)&state[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);                  /* CDAB */
    state1 = _mm_shuffle_epi32(state1, 0x1B);            /* EFGH */
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);    /* ABEF */
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);         /* CDGH */

    while (blocks--) {
        const __m128i abef = state0, cdgh = state1;
        __m128i w[4];
        /* Unrolled in full, the rounds of neighbouring groups overlap: ~30% faster than clang's default. */
        _Pragma("clang loop unroll(full)")
        for (int i = 0; i < 16; i++) {
            __m128i m;
            if (i < 4) {
                m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * i)), byteswap);
            } else {
                /* w[i] from w[i-4..i-1]: sigma0 part, plus w[i-7] words, then sigma1 part. */
                m = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
                m = _mm_add_epi32(m, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
                m = _mm_sha256msg2_epu32(m, w[(i + 3) & 3]);
            }
            w[i & 3] = m;
            __m128i k = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&K[4 * i]));
            state1 = _mm_sha256rnds2_epu32(state1, state0, k);
            k = _mm_shuffle_epi32(k, 0x0E);
            state0 = _mm_sha256rnds2_epu32(state0, state1, k);
        }
        state0 = _mm_add_epi32(state0, abef);
        state1 = _mm_add_epi32(state1, cdgh);
        data += 64;
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);               /* FEBA */
    state1 = _mm_shuffle_epi32(state1, 0xB1);            /* DCHG */
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);         /* DCBA */
    state1 = _mm_alignr_epi8(state1, tmp, 8);            /* ABEF */
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}

/* The same for two independent messages of `blocks` blocks each, their rounds interleaved: one
 * message's rounds wait on the latency of the round before, so a second one fills the gaps
 * (~1.5x the throughput of hashing them one after the other). */
__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_shani_x2(uint32_t sa[8], const uint8_t *da, uint32_t sb[8], const uint8_t *db, size_t blocks) {
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i ta = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&sa[0]), 0xB1);
    __m128i a1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&sa[4]), 0x1B);
    __m128i a0 = _mm_alignr_epi8(ta, a1, 8);
    a1 = _mm_blend_epi16(a1, ta, 0xF0);
    __m128i tb = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&sb[0]), 0xB1);
    __m128i b1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&sb[4]), 0x1B);
    __m128i b0 = _mm_alignr_epi8(tb, b1, 8);
    b1 = _mm_blend_epi16(b1, tb, 0xF0);

    while (blocks--) {
        const __m128i a0s = a0, a1s = a1, b0s = b0, b1s = b1;
        __m128i wa[4], wb[4];
        _Pragma("clang loop unroll(full)")
        for (int i = 0; i < 16; i++) {
            __m128i ma, mb;
            if (i < 4) {
                ma = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(da + 16 * i)), byteswap);
                mb = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(db + 16 * i)), byteswap);
            } else {
                ma = _mm_sha256msg1_epu32(wa[i & 3], wa[(i + 1) & 3]);
                mb = _mm_sha256msg1_epu32(wb[i & 3], wb[(i + 1) & 3]);
                ma = _mm_add_epi32(ma, _mm_alignr_epi8(wa[(i + 3) & 3], wa[(i + 2) & 3], 4));
                mb = _mm_add_epi32(mb, _mm_alignr_epi8(wb[(i + 3) & 3], wb[(i + 2) & 3], 4));
                ma = _mm_sha256msg2_epu32(ma, wa[(i + 3) & 3]);
                mb = _mm_sha256msg2_epu32(mb, wb[(i + 3) & 3]);
            }
            wa[i & 3] = ma;
            wb[i & 3] = mb;
            const __m128i k = _mm_loadu_si128((const __m128i *)&K[4 * i]);
            __m128i ka = _mm_add_epi32(ma, k), kb = _mm_add_epi32(mb, k);
            a1 = _mm_sha256rnds2_epu32(a1, a0, ka);
            b1 = _mm_sha256rnds2_epu32(b1, b0, kb);
            ka = _mm_shuffle_epi32(ka, 0x0E);
            kb = _mm_shuffle_epi32(kb, 0x0E);
            a0 = _mm_sha256rnds2_epu32(a0, a1, ka);
            b0 = _mm_sha256rnds2_epu32(b0, b1, kb);
        }
        a0 = _mm_add_epi32(a0, a0s);
        a1 = _mm_add_epi32(a1, a1s);
        b0 = _mm_add_epi32(b0, b0s);
        b1 = _mm_add_epi32(b1, b1s);
        da += 64;
        db += 64;
    }

    ta = _mm_shuffle_epi32(a0, 0x1B);
    a1 = _mm_shuffle_epi32(a1, 0xB1);
    _mm_storeu_si128((__m128i *)&sa[0], _mm_blend_epi16(ta, a1, 0xF0));
    _mm_storeu_si128((__m128i *)&sa[4], _mm_alignr_epi8(a1, ta, 8));
    tb = _mm_shuffle_epi32(b0, 0x1B);
    b1 = _mm_shuffle_epi32(b1, 0xB1);
    _mm_storeu_si128((__m128i *)&sb[0], _mm_blend_epi16(tb, b1, 0xF0));
    _mm_storeu_si128((__m128i *)&sb[4], _mm_alignr_epi8(b1, tb, 8));
}

static int detect_shani(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int sha = (b >> 29) & 1;
    return ssse3 && sse41 && sha;
}
#endif

int csha256_has_shani(void) {
#ifdef CSHA256_X86
    static int cached = -1;
    return csha256_once(&cached, detect_shani);
#else
    return 0;
#endif
}

static void blocks(csha256_ctx *ctx, const uint8_t *data, size_t count) {
#ifdef CSHA256_X86
    if (!ctx->portable) {
        blocks_shani(ctx->state, data, count);
        return;
    }
#endif
    blocks_portable(ctx->state, data, count);
}

void csha256_init(csha256_ctx *ctx) {
    memcpy(ctx->state, H0, sizeof H0);
    ctx->length = 0;
    ctx->buffered = 0;
    ctx->portable = !csha256_has_shani();
}

void csha256_init_portable(csha256_ctx *ctx) {
    csha256_init(ctx);
    ctx->portable = 1;
}

void csha256_update(csha256_ctx *ctx, const void *data, size_t length) {
    const uint8_t *p = data;
    ctx->length += length;
    if (ctx->buffered) {
        size_t take = 64 - ctx->buffered;
        if (take > length) take = length;
        memcpy(ctx->buffer + ctx->buffered, p, take);
        ctx->buffered += take;
        p += take;
        length -= take;
        if (ctx->buffered < 64) return;
        blocks(ctx, ctx->buffer, 1);
        ctx->buffered = 0;
    }
    if (length >= 64) {
        size_t whole = length / 64;
        blocks(ctx, p, whole);
        p += whole * 64;
        length -= whole * 64;
    }
    if (length) {
        memcpy(ctx->buffer, p, length);
        ctx->buffered = length;
    }
}

/* The state as the digest's big-endian bytes. */
static void store(const uint32_t state[8], uint8_t digest[32]) {
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(state[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(state[i] >> 8);
        digest[4 * i + 3] = (uint8_t)state[i];
    }
}

void csha256_final(csha256_ctx *ctx, uint8_t digest[32]) {
    uint64_t bits = ctx->length * 8;
    uint8_t pad[72];
    size_t padding = (ctx->buffered < 56) ? 56 - ctx->buffered : 120 - ctx->buffered;
    memset(pad, 0, sizeof pad);
    pad[0] = 0x80;
    for (int i = 0; i < 8; i++) pad[padding + i] = (uint8_t)(bits >> (56 - 8 * i));
    csha256_update(ctx, pad, padding + 8);
    store(ctx->state, digest);
}

void csha256(const void *data, size_t length, uint8_t digest[32]) {
    csha256_ctx ctx;
    csha256_init(&ctx);
    csha256_update(&ctx, data, length);
    csha256_final(&ctx, digest);
}

/* SHA-256(prefix || data): RFC 6962's leaf and node hashes. */
static void prefixed(uint8_t prefix, const void *data, size_t length, uint8_t digest[32]) {
    csha256_ctx ctx;
    csha256_init(&ctx);
    csha256_update(&ctx, &prefix, 1);
    csha256_update(&ctx, data, length);
    csha256_final(&ctx, digest);
}

void csha256_leaf(const void *line, size_t length, uint8_t digest[32]) {
    prefixed(0x00, line, length, digest);
}

void csha256_leaf_begin(const void *line, size_t known, csha256_leaf_part *part) {
    csha256_ctx ctx;
    csha256_init(&ctx);
    size_t whole = (1 + known) / 64 * 64;  /* of the message, prefix included */
    if (whole > 0) {
        const uint8_t prefix = 0x00;
        csha256_update(&ctx, &prefix, 1);
        csha256_update(&ctx, line, whole - 1);
    }
    memcpy(part->state, ctx.state, sizeof part->state);
    part->hashed = whole;
}

void csha256_leaf_finish(const csha256_leaf_part *part, const void *line, size_t length, uint8_t digest[32]) {
    if (part->hashed == 0) {
        csha256_leaf(line, length, digest);
        return;
    }
    csha256_ctx ctx;
    csha256_init(&ctx);
    memcpy(ctx.state, part->state, sizeof ctx.state);
    ctx.length = part->hashed;
    csha256_update(&ctx, (const uint8_t *)line + part->hashed - 1, length + 1 - part->hashed);
    csha256_final(&ctx, digest);
}

void csha256_node(const uint8_t left[32], const uint8_t right[32], uint8_t digest[32]) {
    uint8_t message[65];
    message[0] = 0x01;
    memcpy(message + 1, left, 32);
    memcpy(message + 33, right, 32);
    csha256(message, sizeof message, digest);
}

/* A whole message `prefix || data`, padded, in `out` (room for `size` bytes); its block count,
 * or 0 when it does not fit. */
static size_t padded(uint8_t prefix, const void *data, size_t length, uint8_t *out, size_t size) {
    size_t total = 1 + length;
    size_t blocks = (total + 8) / 64 + 1;
    if (blocks * 64 > size) return 0;
    out[0] = prefix;
    memcpy(out + 1, data, length);
    memset(out + total, 0, blocks * 64 - total);
    out[total] = 0x80;
    uint64_t bits = (uint64_t)total * 8;
    for (int i = 0; i < 8; i++) out[blocks * 64 - 8 + i] = (uint8_t)(bits >> (56 - 8 * i));
    return blocks;
}

/* `prefix || a` and `prefix || b`, hashed side by side when the CPU has SHA-NI and both are short. */
static void pair(uint8_t prefix, const void *a, size_t alength, const void *b, size_t blength, uint8_t adigest[32], uint8_t bdigest[32]) {
#ifdef CSHA256_X86
    enum { room = 2048 };
    uint8_t abuf[room], bbuf[room];
    size_t ablocks, bblocks;
    if (csha256_has_shani() && (ablocks = padded(prefix, a, alength, abuf, room)) && (bblocks = padded(prefix, b, blength, bbuf, room))) {
        uint32_t astate[8], bstate[8];
        memcpy(astate, H0, sizeof H0);
        memcpy(bstate, H0, sizeof H0);
        size_t common = ablocks < bblocks ? ablocks : bblocks;
        blocks_shani_x2(astate, abuf, bstate, bbuf, common);
        if (ablocks > common) blocks_shani(astate, abuf + 64 * common, ablocks - common);
        if (bblocks > common) blocks_shani(bstate, bbuf + 64 * common, bblocks - common);
        store(astate, adigest);
        store(bstate, bdigest);
        return;
    }
#endif
    prefixed(prefix, a, alength, adigest);
    prefixed(prefix, b, blength, bdigest);
}

void csha256_leaf_pair(const void *a, size_t alength, const void *b, size_t blength, uint8_t adigest[32], uint8_t bdigest[32]) {
    pair(0x00, a, alength, b, blength, adigest, bdigest);
}

void csha256_node_pair(const uint8_t aleft_right[64], const uint8_t bleft_right[64], uint8_t adigest[32], uint8_t bdigest[32]) {
    pair(0x01, aleft_right, 64, bleft_right, 64, adigest, bdigest);
}
