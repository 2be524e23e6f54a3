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

#endif
