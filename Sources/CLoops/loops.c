#include "CLoops.h"
#include <math.h>

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
