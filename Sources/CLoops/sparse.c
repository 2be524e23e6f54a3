// Sparse first-layer products (the Swift references are the dense products, SparseRowsTests).
#include "CLoops.h"
#include "vectorized.h"
#include <string.h>

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
