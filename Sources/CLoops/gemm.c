// Small matrix products (the Swift reference is ReferenceGEMM, GEMMTests).
#include "CLoops.h"
#include "vectorized.h"

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
