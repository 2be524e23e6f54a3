import Kernels
import Limits

/// Matrix product of 2-D tensors, on BLAS GEMM.
///
///     C = A·B  (m×k · k×n → m×n)
///     ∂L/∂A = ∂L/∂C · Bᵀ,   ∂L/∂B = Aᵀ · ∂L/∂C
///
/// The transposes are BLAS flags, not copies.
public struct MatMul: TensorOperation {
    public var name: String { "matmul" }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let (a, b) = (inputs[0], inputs[1])
        guard a.rank == 2, b.rank == 2, a.shape[1] == b.shape[0] else {
            throw .shapeMismatch(op: name, lhs: a.shape, rhs: b.shape)
        }
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        guard let work = Count.elements([m, k, n]), work <= Limit.productWork.value else {
            throw .invalidArgument(
                op: name,
                reason:
                    "\(m)×\(k) · \(k)×\(n) is "
                    + "\(Count.elements([m, k, n]).map { Limit.grouped($0) } ?? "more than 9.2e18") multiply-adds, "
                    + "more than the limit of \(Limit.productWork)"
            )
        }
        var c = [Float](repeating: 0, count: try Tensor.checkedCount([m, n], name))
        Self.gemm(.none, .none, m: m, n: n, k: k, a.data, lda: k, b.data, ldb: n, into: &c)
        return ([m, n], c)
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        let (a, b) = (inputs[0], inputs[1])
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        var da: [Float]?
        var db: [Float]?
        if a.requiresGrad {
            var g = [Float](repeating: 0, count: m * k)
            Self.gemm(.none, .transposed, m: m, n: k, k: n, gradient, lda: n, b.data, ldb: n, into: &g)
            da = g
        }
        if b.requiresGrad {
            var g = [Float](repeating: 0, count: k * n)
            Self.gemm(.transposed, .none, m: k, n: n, k: m, a.data, lda: k, gradient, ldb: n, into: &g)
            db = g
        }
        return [da, db]
    }

    static func gemm(
        _ ta: Transpose, _ tb: Transpose, m: Int, n: Int, k: Int,
        _ a: [Float], lda: Int, _ b: [Float], ldb: Int, into c: inout [Float]
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else { return }  // an empty sum: C stays 0
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                    BLAS.gemm(ta, tb, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: n)
                }
            }
        }
    }
}

extension Tensor {
    /// The matrix product `self · other` (`@` in the notebook), with PyTorch's rules for
    /// vectors: two vectors give their dot product (a 0-d tensor), a vector on the left is a
    /// row and on the right a column, and the added dimension is removed again.
    public func matmul(_ other: Tensor) throws(TensorError) -> Tensor {
        switch (rank, other.rank) {
        case (1, 1):
            guard shape == other.shape else { throw .shapeMismatch(op: "dot", lhs: shape, rhs: other.shape) }
            return try (self * other).sum()
        case (1, 2): return try reshaped([1, shape[0]]).matmul(other).reshaped([other.shape[1]])
        case (2, 1): return try matmul(other.reshaped([other.shape[0], 1])).reshaped([shape[0]])
        default: return try .apply(MatMul(), [self, other])
        }
    }
}
