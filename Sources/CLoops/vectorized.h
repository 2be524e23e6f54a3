#ifndef GRADBOOK_VECTORIZED_H
#define GRADBOOK_VECTORIZED_H

/// Loops compiled twice, for AVX2 (x86-64-v3) and for any x86-64, the better one chosen when
/// the program loads.
#if defined(__x86_64__) && defined(__ELF__)
#define GB_VECTORIZED __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GB_VECTORIZED
#endif

#endif
