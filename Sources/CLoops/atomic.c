#include "CLoops.h"

// Sequentially consistent atomics on a machine word, for the worker pool (Swift's own
// Atomic needs macOS 15; these work wherever the package builds).
long gb_atomic_load(const long *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
void gb_atomic_store(long *p, long value) { __atomic_store_n(p, value, __ATOMIC_SEQ_CST); }
long gb_atomic_add(long *p, long delta) { return __atomic_add_fetch(p, delta, __ATOMIC_SEQ_CST); }
int gb_atomic_compare_exchange(long *p, long expected, long desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
