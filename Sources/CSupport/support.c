#include "csupport.h"
#include <stdlib.h>  // defines __GLIBC__ on glibc

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
