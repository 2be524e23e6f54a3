import CLoops

// The only file that calls BLAS: OpenBLAS through CBLAS on Linux, Accelerate on Apple.
#if canImport(Accelerate)
    import Accelerate
#else
    import CBLAS
#endif

/// Whether a GEMM operand is used as stored or transposed (a BLAS flag, never a copy).
public enum Transpose: Sendable {
    case none, transposed
}

/// Single-precision matrix products and BLAS threading.
public enum BLAS {
    /// Up to this many multiply-adds (m·n·k), a product skips BLAS.
    public static let smallProduct = 64 * 64 * 128

    /// C ← α·op(A)·op(B) + β·C for row-major matrices, op(A) m×k, op(B) k×n, C m×n.
    ///
    /// `lda`, `ldb`, `ldc` are the row strides of A, B, C as stored.
    @inline(__always)
    public static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        // Small products (the hidden layers of an MNIST MLP) run faster in our own loop than
        // through BLAS's packing and dispatch: see `gb_sgemm_small` and gemm-benchmark.
        if m * n * k <= smallProduct,
            gb_sgemm_small(
                transA == .none ? 0 : 1, transB == .none ? 0 : 1, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) != 0
        {
            return
        }
        #if canImport(Accelerate)
            cblas_sgemm(
                CblasRowMajor, transA == .none ? CblasNoTrans : CblasTrans, transB == .none ? CblasNoTrans : CblasTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        #else
            cblas_sgemm(
                CblasRowMajor, transA == .none ? CblasNoTrans : CblasTrans, transB == .none ? CblasNoTrans : CblasTrans,
                blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
        #endif
    }

    /// How many threads BLAS uses (1 where it cannot be controlled).
    public static var threads: Int {
        #if canImport(Accelerate)
            return 1
        #else
            return Int(openblas_get_num_threads())
        #endif
    }

    /// Sets the number of BLAS threads. For the small GEMMs of an MNIST MLP, threading costs
    /// more than it gains; `Benchmarks/GEMMBenchmark` measures both.
    public static func setThreads(_ count: Int) {
        #if !canImport(Accelerate)
            openblas_set_num_threads(Int32(max(1, count)))
        #endif
    }

    /// The BLAS library in use, for benchmark reports.
    public static var configuration: String {
        #if canImport(Accelerate)
            return "Accelerate"
        #else
            guard let text = openblas_get_config() else { return "OpenBLAS" }
            return "OpenBLAS " + String(cString: text)
        #endif
    }
}
