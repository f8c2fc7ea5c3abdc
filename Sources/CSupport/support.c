#define _GNU_SOURCE
#include "csupport.h"
#include <stdlib.h>  // defines __GLIBC__ on glibc
#include <fcntl.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#endif

void ledger_return_large_buffers(int bytes, int keep) {
#if defined(__linux__) && defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, bytes);
    mallopt(M_TRIM_THRESHOLD, keep);
#else
    (void)bytes;
    (void)keep;
#endif
}

void ledger_start_writing(int fd, long long offset, long long count) {
#if defined(__linux__)
    (void)sync_file_range(fd, offset, count, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd;
    (void)offset;
    (void)count;
#endif
}

int ledger_open_direct(const char *path) {
#if defined(__linux__)
    return open(path, O_WRONLY | O_DIRECT | O_CLOEXEC);
#else
    (void)path;
    return -1;
#endif
}

/// Whether base[start..<end] holds only spaces, tabs and CRs (what a blank input line may hold).
static int blank(const uint8_t *base, long start, long end) {
    for (long i = start; i < end; i++) {
        if (base[i] != ' ' && base[i] != '\t' && base[i] != '\r') return 0;
    }
    return 1;
}

long ledger_split_lines(const uint8_t *base, long from, long to, ledger_line *lines, long *numbers, long first_number, long *all) {
    long start = from, kept = 0, count = 0;
#define LINE_ENDS_AT(end) do { \
        if (!blank(base, start, (end))) { \
            if (lines) lines[kept] = (ledger_line){ (uint32_t)start, (uint32_t)((end) - start) }; \
            if (numbers) numbers[kept] = first_number + count; \
            kept++; \
        } \
        count++; \
        start = (end) + 1; \
    } while (0)
    long i = from;
#if defined(__SSE2__)
    const __m128i newline = _mm_set1_epi8('\n');
    for (; i + 16 <= to; i += 16) {
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(base + i)), newline));
        while (mask) {
            LINE_ENDS_AT(i + __builtin_ctz(mask));
            mask &= mask - 1;
        }
    }
#endif
    for (; i < to; i++) {
        if (base[i] == '\n') LINE_ENDS_AT(i);
    }
    if (start < to) LINE_ENDS_AT(to);  /* the last line, without a newline */
#undef LINE_ENDS_AT
    *all = count;
    return kept;
}
