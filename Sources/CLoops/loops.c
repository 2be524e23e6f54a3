#include "CLoops.h"
#include <math.h>
#include <string.h>

#if defined(__x86_64__) && defined(__ELF__)
#define GB_VECTORIZED __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define GB_VECTORIZED
#endif

GB_VECTORIZED
void gb_adam_f32(float *restrict theta, const float *restrict g, float *restrict m, float *restrict v, size_t n,
                 float lr, float beta1, float beta2, float eps, float c1, float c2) {
    const float k1 = 1 - beta1, k2 = 1 - beta2;
    for (size_t i = 0; i < n; i++) {
        const float mi = beta1 * m[i] + k1 * g[i];
        const float vi = beta2 * v[i] + k2 * g[i] * g[i];
        const float mHat = mi / c1, vHat = vi / c2;
        const float delta = -lr * mHat / (sqrtf(vHat) + eps);
        theta[i] = theta[i] + delta;
        m[i] = mi;
        v[i] = vi;
    }
}

GB_VECTORIZED
void gb_gather_u8_scaled(const uint8_t *restrict bytes, const int64_t *restrict rows, size_t count, size_t width,
                         float scale, float *restrict out) {
    for (size_t r = 0; r < count; r++) {
        const uint8_t *restrict source = bytes + (size_t)rows[r] * width;
        float *restrict target = out + r * width;
        for (size_t j = 0; j < width; j++) target[j] = (float)source[j] * scale;
    }
}

GB_VECTORIZED
int gb_all_finite(const float *restrict x, size_t n) {
    // 0·x is 0 for finite x and nan for nan or ±inf; eight lanes so the loop vectorizes.
    float lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) lanes[j] += x[i + j] * 0.0f;
    float total = 0;
    for (; i < n; i++) total += x[i] * 0.0f;
    for (int j = 0; j < 8; j++) total += lanes[j];
    return total == 0.0f;
}

GB_VECTORIZED
size_t gb_count_nonzero_u8(const uint8_t *restrict bytes, size_t n) {
    size_t zeros = 0;
    for (size_t i = 0; i < n; i++) zeros += bytes[i] == 0;
    return n - zeros;
}

void gb_compress_u8(const uint8_t *restrict bytes, size_t count, size_t width,
                    int64_t *restrict offsets, uint16_t *restrict cols, uint8_t *restrict vals) {
    int64_t k = 0;
    for (size_t r = 0; r < count; r++) {
        offsets[r] = k;
        const uint8_t *restrict row = bytes + r * width;
        for (size_t j = 0; j < width; j++) {
            if (row[j] != 0) {
                cols[k] = (uint16_t)j;
                vals[k] = row[j];
                k++;
            }
        }
    }
    offsets[count] = k;
}

// The sparse products may contract a*b + c into one fused multiply-add: nothing compares
// their bits with another computation, and fused is both faster and closer to exact.

/// Columns are summed in blocks of 64 (eight AVX registers hold a block).
#define GB_BLOCK 64

/// A batch's nonzeros sorted by column (a counting sort): column p's entries are
/// k in start[p] ..< start[p+1], from batch row which[k] with value value[k].
void gb_sparse_columns(const int64_t *restrict rows, size_t count, const int64_t *restrict offsets,
                       const uint16_t *restrict cols, const uint8_t *restrict vals, float scale, size_t in,
                       int32_t *restrict start, int32_t *restrict which, float *restrict value) {
    memset(start, 0, (in + 1) * sizeof(int32_t));
    for (size_t r = 0; r < count; r++)
        for (int64_t k = offsets[rows[r]]; k < offsets[rows[r] + 1]; k++) start[cols[k] + 1]++;
    for (size_t p = 0; p < in; p++) start[p + 1] += start[p];
    // start[p] is where column p begins; it moves to where p ends as entries are placed ...
    for (size_t r = 0; r < count; r++) {
        for (int64_t k = offsets[rows[r]]; k < offsets[rows[r] + 1]; k++) {
            const int32_t at = start[cols[k]]++;
            which[at] = (int32_t)r;
            value[at] = (float)vals[k] * scale;
        }
    }
    // ... so shift back by one column: start[p] begins p again.
    memmove(start + 1, start, in * sizeof(int32_t));
    start[0] = 0;
}

GB_VECTORIZED
void gb_sparse_rows_times(const int64_t *restrict rows, size_t count, const int64_t *restrict offsets,
                          const uint16_t *restrict cols, const uint8_t *restrict vals, float scale,
                          const float *restrict W, size_t n, float *restrict y) {
    #pragma clang fp contract(fast)
    for (size_t r = 0; r < count; r++) {
        const int64_t begin = offsets[rows[r]], end = offsets[rows[r] + 1];
        float *restrict out = y + r * n;
        size_t j0 = 0;
        for (; j0 + GB_BLOCK <= n; j0 += GB_BLOCK) {
            float acc[GB_BLOCK] = {0};
            for (int64_t k = begin; k < end; k++) {
                const float x = (float)vals[k] * scale;
                const float *restrict w = W + (size_t)cols[k] * n + j0;
                for (int j = 0; j < GB_BLOCK; j++) acc[j] += x * w[j];
            }
            for (int j = 0; j < GB_BLOCK; j++) out[j0 + j] = acc[j];
        }
        for (size_t j = j0; j < n; j++) out[j] = 0;
        for (int64_t k = begin; k < end && j0 < n; k++) {
            const float x = (float)vals[k] * scale;
            const float *restrict w = W + (size_t)cols[k] * n;
            for (size_t j = j0; j < n; j++) out[j] += x * w[j];
        }
    }
}

GB_VECTORIZED
void gb_sparse_columns_transpose_times(const int32_t *restrict start, const int32_t *restrict which,
                                       const float *restrict value, const float *restrict dZ, size_t n,
                                       size_t first, size_t last, int accumulate, float *restrict dW) {
    #pragma clang fp contract(fast)
    for (size_t p = first; p < last; p++) {
        const int32_t begin = start[p], end = start[p + 1];
        float *restrict out = dW + p * n;
        size_t j0 = 0;
        for (; j0 + GB_BLOCK <= n; j0 += GB_BLOCK) {
            float acc[GB_BLOCK] = {0};
            for (int32_t k = begin; k < end; k++) {
                const float x = value[k];
                const float *restrict g = dZ + (size_t)which[k] * n + j0;
                for (int j = 0; j < GB_BLOCK; j++) acc[j] += x * g[j];
            }
            if (accumulate) for (int j = 0; j < GB_BLOCK; j++) out[j0 + j] += acc[j];
            else for (int j = 0; j < GB_BLOCK; j++) out[j0 + j] = acc[j];
        }
        for (size_t j = j0; j < n; j++) {
            float acc = 0;
            for (int32_t k = begin; k < end; k++) acc += value[k] * dZ[(size_t)which[k] * n + j];
            out[j] = accumulate ? out[j] + acc : acc;
        }
    }
}

/// Small matrix products, where a BLAS library's packing and dispatch cost more than the
/// arithmetic: each row of C is summed in registers, 64 then 8 columns at a time.
GB_VECTORIZED
int gb_sgemm_small(int transA, int transB, size_t m, size_t n, size_t k, float alpha,
                   const float *restrict A, size_t lda, const float *restrict B, size_t ldb,
                   float beta, float *restrict C, size_t ldc) {
    #pragma clang fp contract(fast)
    enum { SCRATCH = 16384 };
    if (k * n > SCRATCH) return 0;
    float scratch[SCRATCH];
    const float *restrict b = B;
    size_t ldB = ldb;
    if (transB) {
        // op(B) = Bᵀ as a k × n row-major copy.
        for (size_t kk = 0; kk < k; kk++)
            for (size_t j = 0; j < n; j++) scratch[kk * n + j] = B[j * ldb + kk];
        b = scratch;
        ldB = n;
    }
    const size_t strideI = transA ? 1 : lda, strideK = transA ? lda : 1;
    for (size_t i = 0; i < m; i++) {
        const float *restrict a = A + i * strideI;
        float *restrict c = C + i * ldc;
        size_t j0 = 0;
        for (; j0 + 64 <= n; j0 += 64) {
            float acc[64] = {0};
            for (size_t kk = 0; kk < k; kk++) {
                const float x = a[kk * strideK];
                const float *restrict row = b + kk * ldB + j0;
                for (int j = 0; j < 64; j++) acc[j] += x * row[j];
            }
            for (int j = 0; j < 64; j++) c[j0 + j] = alpha * acc[j] + (beta == 0 ? 0 : beta * c[j0 + j]);
        }
        for (; j0 + 8 <= n; j0 += 8) {
            float acc[8] = {0};
            for (size_t kk = 0; kk < k; kk++) {
                const float x = a[kk * strideK];
                const float *restrict row = b + kk * ldB + j0;
                for (int j = 0; j < 8; j++) acc[j] += x * row[j];
            }
            for (int j = 0; j < 8; j++) c[j0 + j] = alpha * acc[j] + (beta == 0 ? 0 : beta * c[j0 + j]);
        }
        for (; j0 < n; j0++) {
            float acc = 0;
            for (size_t kk = 0; kk < k; kk++) acc += a[kk * strideK] * b[kk * ldB + j0];
            c[j0] = alpha * acc + (beta == 0 ? 0 : beta * c[j0]);
        }
    }
    return 1;
}

// Sequentially consistent atomics on a machine word, for the worker pool (Swift's own
// Atomic needs macOS 15; these work wherever the package builds).
long gb_atomic_load(const long *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
void gb_atomic_store(long *p, long value) { __atomic_store_n(p, value, __ATOMIC_SEQ_CST); }
long gb_atomic_add(long *p, long delta) { return __atomic_add_fetch(p, delta, __ATOMIC_SEQ_CST); }
int gb_atomic_compare_exchange(long *p, long expected, long desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
