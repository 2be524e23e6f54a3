#ifndef GRADBOOK_CPEAK_H
#define GRADBOOK_CPEAK_H
// A microkernel that does nothing but independent fused multiply-adds, to measure the
// machine's peak single-precision throughput (the ceiling any GEMM can reach).
/// Runs `iterations` rounds of FMAs; returns the number of floating-point operations done.
/// The result is written to *sink so the work cannot be optimised away.
double gb_peak_flops(long iterations, float *sink);
#endif
