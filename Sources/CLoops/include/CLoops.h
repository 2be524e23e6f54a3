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
/// Σ x² accumulated in double (a gradient's squared norm).
double gb_sum_squares(const float *x, size_t n);

/// Counts the nonzero bytes of n bytes.
size_t gb_count_nonzero_u8(const uint8_t *bytes, size_t n);

/// Sparse rows of bytes (compressed sparse rows): row i's nonzero entries are k in
/// offsets[i] ..< offsets[i+1], at column cols[k] with value vals[k]·scale.
/// Fills the compressed rows of `count` rows of `width` bytes (offsets has count+1 entries).
void gb_compress_u8(const uint8_t *bytes, size_t count, size_t width,
                    int64_t *offsets, uint16_t *cols, uint8_t *vals);

/// The nonzeros of the batch `rows` (count rows of a compressed data set, `in` columns)
/// sorted by column: column p's entries are k in start[p] ..< start[p+1], from batch row
/// which[k], with value value[k] = vals·scale. `start` holds in + 1 entries, `which` and
/// `value` one per nonzero of the batch.
void gb_sparse_columns(const int64_t *rows, size_t count, const int64_t *offsets, const uint16_t *cols,
                       const uint8_t *vals, float scale, size_t in, int32_t *start, int32_t *which, float *value);

/// y = X·W for the samples `rows` of a compressed data set, one row of y at a time, summed in
/// registers (W is in × n, row-major; y is count × n, overwritten).
void gb_sparse_rows_times(const int64_t *rows, size_t count, const int64_t *offsets, const uint16_t *cols,
                          const uint8_t *vals, float scale, const float *W, size_t n, float *y);

/// Rows first ..< last of dW = Xᵀ·dZ for the batch sorted by `gb_sparse_columns` (dZ is
/// count × n; dW is in × n), each row summed in registers and written once: overwritten, or
/// added to when `accumulate` (the sum over several batches, one call each).
void gb_sparse_columns_transpose_times(const int32_t *start, const int32_t *which, const float *value,
                                       const float *dZ, size_t n, size_t first, size_t last, int accumulate,
                                       float *dW);

/// C ← α·op(A)·op(B) + β·C for small row-major matrices (op(B) of at most 16,384 elements;
/// otherwise returns 0 and does nothing). transA/transB nonzero: the operand is transposed.
/// When β is 0, C is not read (as in BLAS).
int gb_sgemm_small(int transA, int transB, size_t m, size_t n, size_t k, float alpha,
                   const float *A, size_t lda, const float *B, size_t ldb, float beta, float *C, size_t ldc);

/// Sequentially consistent atomic operations on a word (for the worker pool).
long gb_atomic_load(const long *p);
void gb_atomic_store(long *p, long value);
/// Adds `delta` and returns the new value.
long gb_atomic_add(long *p, long delta);
/// Sets *p to `desired` if it equals `expected`; 1 if it did.
int gb_atomic_compare_exchange(long *p, long expected, long desired);

// The processors this process may use: its CPU affinity mask (taskset, a cpuset), then its
// cgroup's CPU quota (docker --cpus, a hub's cpu_limit), rounded up; at least 1 — not the
// host's count of cores.
long gb_available_cpus(void);
// The worker threads to use: what gb_request_threads asked for (the executable passes
// GRADBOOK_THREADS), else gb_available_cpus().
void gb_request_threads(long count);
long gb_thread_count(void);
// Gives the processor to another runnable thread (a spinning wait's courtesy).
void gb_yield(void);

#endif
