#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the CPU to start loading the cache line at `address` without waiting for it: Swift
/// has no prefetch of its own, and a plain load would stall the replay's sequential fold on
/// every miss (see CompactProjection.foresee).
static inline void ledger_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
