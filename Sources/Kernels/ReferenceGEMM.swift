/// The textbook triple loop with the same signature as `BLAS.gemm`: the reference the
/// fast kernel is tested against (llm.c's `matmul_forward_naive`). Accumulates in Double.
public func referenceGEMM(
    _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k {
                let aip = transA == .none ? a[i * lda + p] : a[p * lda + i]
                let bpj = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
                sum += Double(aip) * Double(bpj)
            }
            let previous = beta == 0 ? 0 : beta * c[i * ldc + j]
            c[i * ldc + j] = alpha * Float(sum) + previous
        }
    }
}
