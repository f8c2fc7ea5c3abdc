// The C decoder (Sources/CEventLine) alone on one thread: every line of a log through
// `ledger_decode_event`, the best of a few passes. For changes to the decoder, whose share of a
// replay is hard to see through the noise of a whole run on a shared machine. Run by bench/decoder.
#include "ceventline.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: decoder LOG [PASSES]\n"); return 64; }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) { perror(argv[1]); return 66; }
    const uint8_t *log = mmap(0, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (log == MAP_FAILED) { perror("mmap"); return 74; }
    int passes = argc > 2 ? atoi(argv[2]) : 15;
    double best = 1e9;
    long decoded = 0, lines = 0;
    uint64_t checksum = 0;  // keeps the decoded values live
    for (int pass = 0; pass < passes; pass++) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        decoded = lines = 0;
        checksum = 0;
        for (const uint8_t *p = log, *stop = log + st.st_size; p < stop; lines++) {
            const uint8_t *newline = memchr(p, '\n', (size_t)(stop - p));
            if (!newline) newline = stop;
            ledger_event e;
            decoded += ledger_decode_event(p, newline - p, &e);
            checksum += (uint64_t)e.seq + (uint64_t)e.number[0] + e.prev[0];
            p = newline + 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &end);
        double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
        if (seconds < best) best = seconds;
    }
    printf("%ld of %ld lines decoded (checksum %llu); best of %d passes %.1f ms, %.0f ns a line\n",
           decoded, lines, (unsigned long long)checksum, passes, best * 1000, best * 1e9 / (double)lines);
    return 0;
}
