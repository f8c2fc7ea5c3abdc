/* Many RFC 6962 leaf hashes at once, for a replay or a verify that hashes every line of a log.
 * The lines are independent, so instead of one message's 64 rounds after another, sixteen
 * messages go through the rounds together, one in each 32-bit lane of AVX-512 registers (the
 * "multi-buffer" way of Intel's ISA-L). On CPUs whose SHA extensions are slow next to their
 * vector units that is faster than SHA-NI (an Intel Xeon here: 1.7 against 1.35 GB/s per
 * core); on others the SHA extensions win, so the way is timed once per process. */
#include "csha256.h"
#include "internal.h"
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define CSHA256_SIXTEEN_LANES 1
#endif

static void one_by_one(const csha256_line *lines, size_t count, uint8_t *digests, size_t stride) {
    for (size_t i = 0; i < count; i++) {
        if (lines[i].bytes) csha256_leaf(lines[i].bytes, lines[i].length, digests + i * stride);
    }
}

static void pairs(const csha256_line *lines, size_t count, uint8_t *digests, size_t stride) {
    size_t waiting = count;  /* a line that waits for a second one to pair with */
    for (size_t i = 0; i < count; i++) {
        if (!lines[i].bytes) continue;
        if (waiting == count) {
            waiting = i;
            continue;
        }
        csha256_leaf_pair(lines[waiting].bytes, lines[waiting].length, lines[i].bytes, lines[i].length,
                          digests + waiting * stride, digests + i * stride);
        waiting = count;
    }
    if (waiting < count) csha256_leaf(lines[waiting].bytes, lines[waiting].length, digests + waiting * stride);
}

#ifdef CSHA256_SIXTEEN_LANES
#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vl")))

/* AVX-512F, BW and VL, with the operating system saving the registers they use. */
static int detect_avx512(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !((c >> 27) & 1)) return 0;  /* OSXSAVE */
    unsigned int low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 0xE6) != 0xE6) return 0;  /* SSE, AVX, opmask and both halves of the ZMM state */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return ((b >> 16) & 1) && ((b >> 30) & 1) && ((b >> 31) & 1);
}

/* One lane's message, 0x00 || line: its first block (holding the prefix) and its last one or two
 * (holding the padding) copied; the blocks between read in place. */
typedef struct {
    const uint8_t *line;
    size_t index;    /* which of the lines */
    size_t block;    /* the next block to hash */
    size_t blocks;   /* all of them, padding included */
    size_t whole;    /* blocks of message bytes only; block k < whole, k > 0, is at line - 1 + 64k */
    uint8_t head[64];
    uint8_t tail[128];
} lane;

static void lane_start(lane *lane, const uint8_t *line, size_t length, size_t index) {
    size_t total = length + 1;
    lane->line = line;
    lane->index = index;
    lane->block = 0;
    lane->blocks = (total + 8) / 64 + 1;
    lane->whole = total / 64;
    size_t rest = total - 64 * lane->whole;  /* message bytes in the tail, fewer than 64 */
    if (lane->whole > 0) {
        lane->head[0] = 0x00;
        memcpy(lane->head + 1, line, 63);
        memcpy(lane->tail, line + 64 * lane->whole - 1, rest);
    } else {
        lane->tail[0] = 0x00;
        memcpy(lane->tail + 1, line, length);
    }
    size_t end = (lane->blocks - lane->whole) * 64;
    memset(lane->tail + rest, 0, end - 8 - rest);
    lane->tail[rest] = 0x80;
    uint64_t bits = (uint64_t)total * 8;
    for (int i = 0; i < 8; i++) lane->tail[end - 8 + i] = (uint8_t)(bits >> (56 - 8 * i));
}

static inline const uint8_t *lane_block(const lane *lane) {
    size_t k = lane->block;
    if (k >= lane->whole) return lane->tail + 64 * (k - lane->whole);
    return k == 0 ? lane->head : lane->line - 1 + 64 * k;
}

/* Sixteen rows of sixteen words in, sixteen columns out: word j of every lane in r[j]. */
AVX512 static inline void transpose(__m512i r[16]) {
    __m512i t[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
        r[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
        r[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
        r[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
    }
    for (int i = 0; i < 4; i++) {
        t[i] = _mm512_shuffle_i32x4(r[i], r[i + 4], 0x88);
        t[i + 4] = _mm512_shuffle_i32x4(r[i], r[i + 4], 0xDD);
        t[i + 8] = _mm512_shuffle_i32x4(r[i + 8], r[i + 12], 0x88);
        t[i + 12] = _mm512_shuffle_i32x4(r[i + 8], r[i + 12], 0xDD);
    }
    for (int i = 0; i < 4; i++) {
        r[i] = _mm512_shuffle_i32x4(t[i], t[i + 8], 0x88);
        r[i + 8] = _mm512_shuffle_i32x4(t[i], t[i + 8], 0xDD);
        r[i + 4] = _mm512_shuffle_i32x4(t[i + 4], t[i + 12], 0x88);
        r[i + 12] = _mm512_shuffle_i32x4(t[i + 4], t[i + 12], 0xDD);
    }
}

#define ROR(x, n) _mm512_ror_epi32(x, n)
#define XOR3(a, b, c) _mm512_ternarylogic_epi32(a, b, c, 0x96)
#define CH(e, f, g) _mm512_ternarylogic_epi32(e, f, g, 0xCA)
#define MAJ(a, b, c) _mm512_ternarylogic_epi32(a, b, c, 0xE8)

/* Only the whole blocks of 0x00 || line[0..<known], for csha256_leaf_begin. */
static void lane_begin(lane *lane, const uint8_t *line, size_t whole, size_t index) {
    lane->line = line;
    lane->index = index;
    lane->block = 0;
    lane->blocks = lane->whole = whole;
    lane->head[0] = 0x00;
    memcpy(lane->head + 1, line, 63);
}

/* What `sixteen` makes of each line: its leaf hash, or (`parts` not NULL) the hash of its
 * known bytes begun, as csha256_leaf_begin does. */
typedef struct {
    uint8_t *digests;
    size_t stride;
    csha256_leaf_part *parts;
} output;

/* Starts `lane` on the next line to hash, if there is one; 0 when none is left. */
static int lane_take(lane *lane, const csha256_line *lines, size_t count, size_t *next, const output *out) {
    while (*next < count) {
        size_t i = (*next)++;
        if (!lines[i].bytes) continue;
        if (!out->parts) {
            lane_start(lane, lines[i].bytes, lines[i].length, i);
            return 1;
        }
        size_t whole = (1 + lines[i].length) / 64;
        if (whole > 0) {
            lane_begin(lane, lines[i].bytes, whole, i);
            return 1;
        }
        memcpy(out->parts[i].state, csha256_H0, sizeof out->parts[i].state);  /* nothing to hash yet */
        out->parts[i].hashed = 0;
    }
    return 0;
}

/* A lane whose line is hashed takes the next line; a lane with none left idles on zeros. */
AVX512 static void sixteen(const csha256_line *lines, size_t count, const output *out) {
    static const uint8_t idle[64];
    const __m512i byteswap = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
    lane lanes[16];
    __m512i state[8];
    size_t next = 0;
    unsigned busy = 0;
    for (int j = 0; j < 8; j++) state[j] = _mm512_set1_epi32((int)csha256_H0[j]);
    for (int l = 0; l < 16; l++) {
        if (lane_take(&lanes[l], lines, count, &next, out)) busy |= 1u << l;
    }
    while (busy) {
        __m512i w[16];
        for (int l = 0; l < 16; l++) w[l] = _mm512_loadu_si512((busy >> l) & 1 ? lane_block(&lanes[l]) : idle);
        transpose(w);
        for (int j = 0; j < 16; j++) w[j] = _mm512_shuffle_epi8(w[j], byteswap);
        __m512i a = state[0], b = state[1], c = state[2], d = state[3];
        __m512i e = state[4], f = state[5], g = state[6], h = state[7];
        _Pragma("clang loop unroll(full)")
        for (int i = 0; i < 64; i++) {
            if (i >= 16) {
                __m512i w15 = w[(i - 15) & 15], w2 = w[(i - 2) & 15];
                __m512i s0 = XOR3(ROR(w15, 7), ROR(w15, 18), _mm512_srli_epi32(w15, 3));
                __m512i s1 = XOR3(ROR(w2, 17), ROR(w2, 19), _mm512_srli_epi32(w2, 10));
                w[i & 15] = _mm512_add_epi32(_mm512_add_epi32(w[i & 15], s0), _mm512_add_epi32(w[(i - 7) & 15], s1));
            }
            __m512i t1 = _mm512_add_epi32(h, XOR3(ROR(e, 6), ROR(e, 11), ROR(e, 25)));
            t1 = _mm512_add_epi32(t1, CH(e, f, g));
            t1 = _mm512_add_epi32(t1, _mm512_add_epi32(w[i & 15], _mm512_set1_epi32((int)csha256_K[i])));
            __m512i t2 = _mm512_add_epi32(XOR3(ROR(a, 2), ROR(a, 13), ROR(a, 22)), MAJ(a, b, c));
            h = g; g = f; f = e; e = _mm512_add_epi32(d, t1);
            d = c; c = b; b = a; a = _mm512_add_epi32(t1, t2);
        }
        state[0] = _mm512_add_epi32(state[0], a); state[1] = _mm512_add_epi32(state[1], b);
        state[2] = _mm512_add_epi32(state[2], c); state[3] = _mm512_add_epi32(state[3], d);
        state[4] = _mm512_add_epi32(state[4], e); state[5] = _mm512_add_epi32(state[5], f);
        state[6] = _mm512_add_epi32(state[6], g); state[7] = _mm512_add_epi32(state[7], h);

        unsigned done = 0;
        for (int l = 0; l < 16; l++) {
            if ((busy >> l) & 1 && ++lanes[l].block == lanes[l].blocks) done |= 1u << l;
        }
        if (!done) continue;
        uint32_t words[8][16];
        for (int j = 0; j < 8; j++) _mm512_storeu_si512(words[j], state[j]);
        for (int l = 0; l < 16; l++) {
            if (!((done >> l) & 1)) continue;
            if (out->parts) {
                csha256_leaf_part *part = &out->parts[lanes[l].index];
                for (int j = 0; j < 8; j++) part->state[j] = words[j][l];
                part->hashed = 64 * (uint64_t)lanes[l].blocks;
            } else {
                uint8_t *digest = out->digests + lanes[l].index * out->stride;
                for (int j = 0; j < 8; j++) {
                    uint32_t word = __builtin_bswap32(words[j][l]);
                    memcpy(digest + 4 * j, &word, 4);
                }
            }
            if (!lane_take(&lanes[l], lines, count, &next, out)) busy &= ~(1u << l);
        }
        for (int j = 0; j < 8; j++) state[j] = _mm512_mask_blend_epi32((__mmask16)done, state[j], _mm512_set1_epi32((int)csha256_H0[j]));
    }
}
#endif

static int can(int way) {
    switch (way) {
    case CSHA256_ONE_BY_ONE: return 1;
    case CSHA256_PAIRS: return csha256_has_shani();
#ifdef CSHA256_SIXTEEN_LANES
    case CSHA256_SIXTEEN: {
        static int cached = -1;
        return csha256_once(&cached, detect_avx512);
    }
#endif
    default: return 0;
    }
}

int csha256_leaves_using(int way, const csha256_line *lines, size_t count, uint8_t *digests, size_t stride) {
    if (!can(way)) return 0;
    switch (way) {
    case CSHA256_PAIRS: pairs(lines, count, digests, stride); break;
#ifdef CSHA256_SIXTEEN_LANES
    case CSHA256_SIXTEEN: {
        output out = { digests, stride, NULL };
        sixteen(lines, count, &out);
        break;
    }
#endif
    default: one_by_one(lines, count, digests, stride); break;
    }
    return 1;
}

static double seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

/* The best time of a few runs of each way on lines the size of a log's (a fraction of a
 * millisecond in all): sixteen lanes only when clearly faster, since SHA-NI needs no warming up. */
static int fastest_way(void) {
    int other = can(CSHA256_PAIRS) ? CSHA256_PAIRS : CSHA256_ONE_BY_ONE;
    if (!can(CSHA256_SIXTEEN)) return other;
    enum { count = 64, length = 300 };
    uint8_t text[count * length];
    csha256_line lines[count];
    uint8_t digests[count * 32];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof text; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        text[i] = (uint8_t)(' ' + x % 95);
    }
    for (int i = 0; i < count; i++) lines[i] = (csha256_line){ text + i * length, length - (size_t)(i % 7) * 16 };
    double best[2] = { 1e9, 1e9 };
    int ways[2] = { CSHA256_SIXTEEN, other };
    for (int round = 0; round < 5; round++) {
        for (int k = 0; k < 2; k++) {
            double start = seconds();
            csha256_leaves_using(ways[k], lines, count, digests, 32);
            double took = seconds() - start;
            if (took < best[k]) best[k] = took;
        }
    }
    return best[0] * 1.1 < best[1] ? CSHA256_SIXTEEN : other;
}

int csha256_leaves_way(void) {
    static int cached = -1;
    return csha256_once(&cached, fastest_way);
}

void csha256_leaves(const csha256_line *lines, size_t count, uint8_t *digests, size_t stride) {
    csha256_leaves_using(csha256_leaves_way(), lines, count, digests, stride);
}

int csha256_leaf_begin_many_using(int way, const csha256_line *known, size_t count, csha256_leaf_part *parts) {
    if (!can(way)) return 0;
#ifdef CSHA256_SIXTEEN_LANES
    if (way == CSHA256_SIXTEEN) {
        output out = { NULL, 0, parts };
        sixteen(known, count, &out);
        return 1;
    }
#endif
    for (size_t i = 0; i < count; i++) {
        if (known[i].bytes) csha256_leaf_begin(known[i].bytes, known[i].length, &parts[i]);
    }
    return 1;
}

void csha256_leaf_begin_many(const csha256_line *known, size_t count, csha256_leaf_part *parts) {
    csha256_leaf_begin_many_using(csha256_leaves_way(), known, count, parts);
}
