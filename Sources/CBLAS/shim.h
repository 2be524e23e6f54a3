// CBLAS from OpenBLAS (Debian/Ubuntu: libopenblas-dev puts cblas.h in the multiarch include
// directory, found without pkg-config). Only the Kernels target imports this module; on
// Apple platforms Kernels uses Accelerate instead.
#ifndef GRADBOOK_CBLAS_SHIM_H
#define GRADBOOK_CBLAS_SHIM_H
#if __has_include(<cblas.h>)
#include <cblas.h>
#elif __has_include(<openblas/cblas.h>)
#include <openblas/cblas.h>
#else
#error "cblas.h not found: install libopenblas-dev (Debian/Ubuntu) or openblas"
#endif
#endif
