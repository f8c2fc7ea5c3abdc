#ifndef CSUPPORT_H
#define CSUPPORT_H

/// What the Swift code needs of C and cannot say itself.

/// Asks the CPU to start loading the cache line at `address` without waiting for it: Swift
/// has no prefetch of its own, and a plain load would stall the replay's sequential fold on
/// every miss (see CompactProjection.prefetchEntries).
static inline void ledger_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Makes buffers of `bytes` and more come from mmap and go back to the system when freed.
/// glibc raises this threshold after the first large free, so the old buffers of the replay's
/// growing arrays stayed in the heap (91 MB → 77 MB peak for a 1M-event replay). Not in
/// Swift's Glibc module (it is in <malloc.h>); a no-op elsewhere.
/// Smaller buffers freed at the top of the heap stay there up to `keep` bytes instead of going
/// back at once (glibc's 128 KiB): an import frees and allocates its windows' buffers, a few
/// megabytes each, and every return made the next window fault its pages in afresh.
void ledger_return_large_buffers(int bytes, int keep);

/// Starts writing `count` bytes of `fd` at `offset` to the disk without waiting for them
/// (sync_file_range with SYNC_FILE_RANGE_WRITE: a hint, durable only after fdatasync). Not in
/// Swift's Glibc module (it needs _GNU_SOURCE); a no-op elsewhere.
void ledger_start_writing(int fd, long long offset, long long count);

/// Opens `path` for writing past the page cache (O_DIRECT, which Swift's Glibc module lacks:
/// it needs _GNU_SOURCE); -1 with errno set where the file system or the system has no such writes.
int ledger_open_direct(const char *path);

#include <stdint.h>

/// A line of an input batch: where it starts and how many bytes it has, without its newline.
typedef struct {
    uint32_t start;
    uint32_t count;
} ledger_line;

/// The lines of `base[from..<to]`, a stretch of an input batch that starts at a line's start
/// and ends just after a newline or at the input's end: each line that is not blank (not only
/// spaces, tabs and CRs) written to `lines`, and its number — `first_number` for the stretch's
/// first line, blank or not — to `numbers` (either may be NULL: then only counted). Returns how
/// many lines are not blank; `*all` is set to how many there are. Sixteen bytes at a time:
/// `memchr` once per line cost an import of a million short lines a twentieth of its time.
long ledger_split_lines(const uint8_t *base, long from, long to, ledger_line *lines, long *numbers, long first_number, long *all);

#endif
