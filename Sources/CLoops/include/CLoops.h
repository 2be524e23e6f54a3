#ifndef GRADBOOK_CLOOPS_H
#define GRADBOOK_CLOOPS_H

#include <stddef.h>
#include <stdint.h>

/// The hottest loops of a training step, in C so that the compiler can emit AVX2 where the
/// processor has it (chosen at load time) and plain SSE2 elsewhere. Each has a Swift
/// counterpart that reads like the math; tests check the two give the same bits.
/// Compiled without floating-point contraction: a*b + c stays two roundings, as in Swift.

/// Adam, bias-corrected, no weight decay, for n elements, in the order of Adam.update:
///   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g·g;  θ ← θ + (−γ·(m/c1)) / (√(v/c2) + ε)
void gb_adam_f32(float *theta, const float *g, float *m, float *v, size_t n,
                 float lr, float beta1, float beta2, float eps, float c1, float c2);

/// out[r·width + j] = bytes[rows[r]·width + j] · scale, for r < count.
void gb_gather_u8_scaled(const uint8_t *bytes, const int64_t *rows, size_t count, size_t width,
                         float scale, float *out);

/// 1 when every x[i] is finite, 0 when one is nan or ±inf.
int gb_all_finite(const float *x, size_t n);

/// Counts the nonzero bytes of n bytes.
size_t gb_count_nonzero_u8(const uint8_t *bytes, size_t n);

/// Sparse rows of bytes (compressed sparse rows): row i's nonzero entries are k in
/// offsets[i] ..< offsets[i+1], at column cols[k] with value vals[k]·scale.
/// Fills the compressed rows of `count` rows of `width` bytes (offsets has count+1 entries).
void gb_compress_u8(const uint8_t *bytes, size_t count, size_t width,
                    int64_t *offsets, uint16_t *cols, uint8_t *vals);

/// y[r, :] = Σ_k (vals[k]·scale)·W[cols[k], :] over the nonzeros of row rows[r], for r < count:
/// the product X·W (W is in × n, row-major) with X's zeros skipped. y is overwritten.
void gb_sparse_times(const int64_t *rows, size_t count, const int64_t *offsets, const uint16_t *cols,
                     const uint8_t *vals, float scale, const float *W, size_t n, float *y);

/// dW = Xᵀ·dZ with X sparse as above (dZ is count × n, dW is in × n, overwritten).
/// Scratch: `start` holds in + 1 counts, `which` and `value` one entry per nonzero of the batch.
void gb_sparse_transpose_times(const int64_t *rows, size_t count, const int64_t *offsets, const uint16_t *cols,
                               const uint8_t *vals, float scale, const float *dZ, size_t n, size_t in, float *dW,
                               int32_t *start, int32_t *which, float *value);

#endif
