import TensorGrad

/// A penalty on a layer's weights, added to the loss (Keras' `kernel_regularizer`), and its
/// gradient, added to the weights' gradient by every training step:
///
///     l1(λ):  λ Σ |w|     ∂/∂w = λ·sign(w)   (0 at w = 0, as PyTorch's sign)
///     l2(λ):  λ Σ w²      ∂/∂w = 2λw          (Keras' form: no ½)
public enum Regularizer: Equatable, Sendable {
    case l1(Float)
    case l2(Float)
    case l1l2(l1: Float, l2: Float)

    public var name: String {
        switch self {
        case .l1(let λ): "l1(\(λ))"
        case .l2(let λ): "l2(\(λ))"
        case .l1l2(let a, let b): "l1_l2(\(a), \(b))"
        }
    }

    /// The penalty for `weights`, on the autograd graph.
    public func penalty(_ weights: Tensor) throws(TensorError) -> Tensor {
        switch self {
        case .l1(let λ): return try weights.abs().sum() * Tensor(λ)
        case .l2(let λ): return try (weights * weights).sum() * Tensor(λ)
        case .l1l2(let a, let b): return try Regularizer.l1(a).penalty(weights) + Regularizer.l2(b).penalty(weights)
        }
    }

    /// The two coefficients (λ₁, λ₂) of λ₁Σ|w| + λ₂Σw².
    var coefficients: (l1: Float, l2: Float) {
        switch self {
        case .l1(let a): (a, 0)
        case .l2(let b): (0, b)
        case .l1l2(let a, let b): (a, b)
        }
    }

    /// Adds ∂penalty/∂w to `weights.grad` (when `gradient`) and returns the penalty: the same
    /// numbers as `penalty` on the graph, without building one (train runs it every batch).
    public func addGradient(to weights: Tensor, gradient: Bool = true) -> Double {
        let (l1, l2) = coefficients
        var penalty = 0.0
        if gradient, weights.grad == nil { weights.grad = [Float](repeating: 0, count: weights.count) }
        weights.data.withUnsafeBufferPointer { w in
            for i in w.indices { penalty += Double(l1 * abs(w[i]) + l2 * w[i] * w[i]) }
            guard gradient else { return }
            weights.grad?.withUnsafeMutableBufferPointer { g in
                for i in w.indices { g[i] += l1 * (w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0)) + 2 * l2 * w[i] }
            }
        }
        return penalty
    }

    /// Every pair's gradient added and the penalties summed: the regularisation stage of a
    /// training step (the list is made once; a batch allocates nothing here).
    public static func addGradients(_ regularized: [(regularizer: Regularizer, weights: Tensor)], gradient: Bool)
        -> Double
    {
        var total = 0.0
        for (regularizer, weights) in regularized { total += regularizer.addGradient(to: weights, gradient: gradient) }
        return total
    }
}
