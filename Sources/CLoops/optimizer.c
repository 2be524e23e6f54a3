// The optimizer loops: Adam over Float32 arrays (its Swift reference is Adam.update).
#include "CLoops.h"
#include "vectorized.h"
#include <math.h>

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
