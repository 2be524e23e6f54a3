import Kernels

/// Softmax cross-entropy with integer class labels, fused: one pass computes the mean loss
/// and keeps the gradient for backward.
///
///     L = (1/N) Σᵣ −log softmax(zᵣ)[yᵣ],    ∂L/∂zᵣ = (softmax(zᵣ) − onehot(yᵣ)) / N
///
/// Equal to `-(log_softmax(z) ⊙ onehot(y)).sum(1).mean()` (a test pins fused == composed),
/// without materialising the one-hot matrix or the probabilities twice.
public final class SoftmaxCrossEntropy: TensorOperation {
    public let labels: [Int32]
    /// ∂L/∂logits for ∂L/∂loss = 1, computed with the forward pass.
    private var unitGradient: [Float] = []
    public var name: String { "cross_entropy" }

    public init(labels: [Int32]) { self.labels = labels }

    public func forward(_ inputs: [Tensor]) throws(TensorError) -> (shape: [Int], data: [Float]) {
        let z = inputs[0]
        guard z.rank == 2 else { throw .invalidShape(op: name, shape: z.shape, reason: "must be [batch, classes]") }
        let (rows, classes) = (z.shape[0], z.shape[1])
        guard labels.count == rows else { throw .shapeMismatch(op: name, lhs: z.shape, rhs: [labels.count]) }
        guard rows > 0 else { throw .invalidShape(op: name, shape: z.shape, reason: "has no rows") }
        if let bad = labels.firstIndex(where: { $0 < 0 || Int($0) >= classes }) {
            throw .invalidArgument(
                op: name, reason: "label \(labels[bad]) at row \(bad) is not a class index in 0..<\(classes)")
        }
        unitGradient = [Float](repeating: 0, count: z.count)
        let loss = z.data.withUnsafeBufferPointer { zs in
            labels.withUnsafeBufferPointer { ys in
                unitGradient.withUnsafeMutableBufferPointer { g in
                    Softmax.crossEntropy(
                        logits: zs.baseAddress!, labels: ys.baseAddress!, rows: rows, classes: classes,
                        gradient: g.baseAddress)
                }
            }
        }
        return ([], [Float(loss)])
    }

    public func backward(_ inputs: [Tensor], output: Tensor, gradient: [Float]) -> [[Float]?] {
        let upstream = gradient[0]
        return [unitGradient.map { $0 * upstream }]
    }
}

extension Tensor {
    /// Mean softmax cross-entropy of logits `[N, C]` against class indices (PyTorch's `cross_entropy`).
    public func crossEntropy(labels: [Int32]) throws(TensorError) -> Tensor {
        try .apply(SoftmaxCrossEntropy(labels: labels), [self])
    }
}
