#define _GNU_SOURCE
#include "csupport.h"
#include <stdlib.h>  // defines __GLIBC__ on glibc
#include <fcntl.h>

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
