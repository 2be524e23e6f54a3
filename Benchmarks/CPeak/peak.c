#include "CPeak.h"

// Portable version: the compiler vectorises what it can.
static double gb_peak_portable(long iterations, float *sink) {
    float a[64];
    for (int j = 0; j < 64; j++) a[j] = 0.1f;
    for (long i = 0; i < iterations; i++) {
        for (int j = 0; j < 64; j++) a[j] = a[j] * 0.999999f + 1e-7f;
        __asm__ volatile("" : : "r"(a) : "memory");
    }
    float s = 0;
    for (int j = 0; j < 64; j++) s += a[j];
    *sink = s;
    return (double)iterations * 64.0 * 2.0;
}

#if defined(__x86_64__)
#include <immintrin.h>
// 12 independent accumulators hide the 4-cycle FMA latency on two FMA ports. Compiled for
// AVX2+FMA by attribute and chosen at run time, so the package builds for any x86-64.
__attribute__((target("avx2,fma")))
static double gb_peak_avx2(long iterations, float *sink) {
    __m256 a0 = _mm256_set1_ps(0.1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
    __m256 a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
    const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
    for (long i = 0; i < iterations; i++) {
        a0 = _mm256_fmadd_ps(a0, x, y); a1 = _mm256_fmadd_ps(a1, x, y);
        a2 = _mm256_fmadd_ps(a2, x, y); a3 = _mm256_fmadd_ps(a3, x, y);
        a4 = _mm256_fmadd_ps(a4, x, y); a5 = _mm256_fmadd_ps(a5, x, y);
        a6 = _mm256_fmadd_ps(a6, x, y); a7 = _mm256_fmadd_ps(a7, x, y);
        a8 = _mm256_fmadd_ps(a8, x, y); a9 = _mm256_fmadd_ps(a9, x, y);
        a10 = _mm256_fmadd_ps(a10, x, y); a11 = _mm256_fmadd_ps(a11, x, y);
        // An empty barrier: the accumulators must exist every iteration (no hoisting or folding).
        __asm__ volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5),
                              "+x"(a6), "+x"(a7), "+x"(a8), "+x"(a9), "+x"(a10), "+x"(a11));
    }
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                             _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
    s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11)));
    float out[8];
    _mm256_storeu_ps(out, s);
    *sink = out[0];
    return (double)iterations * 12.0 * 8.0 * 2.0;
}
#endif

double gb_peak_flops(long iterations, float *sink) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return gb_peak_avx2(iterations, sink);
#endif
    return gb_peak_portable(iterations, sink);
}
