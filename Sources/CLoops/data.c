// Data loops: a batch gathered from bytes, finiteness, nonzeros and their compression
// (Swift references in Tests/KernelsTests/CLoopsTests.swift and SparseRowsTests.swift).
#include "CLoops.h"
#include "vectorized.h"
#include <math.h>

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
double gb_sum_squares(const float *restrict x, size_t n) {
    // Eight float lanes (the loop vectorizes), folded into a double every 4,096 values so
    // that a long gradient keeps its digits.
    double total = 0;
    size_t i = 0;
    while (i < n) {
        size_t end = n - i > 4096 ? i + 4096 : n;
        float lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (; i + 8 <= end; i += 8)
            for (int j = 0; j < 8; j++) lanes[j] += x[i + j] * x[i + j];
        for (; i < end; i++) lanes[0] += x[i] * x[i];
        for (int j = 0; j < 8; j++) total += lanes[j];
    }
    return total;
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
