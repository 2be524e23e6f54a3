import TensorGrad

/// A penalty on a layer's weights, added to the loss (Keras' `kernel_regularizer`).
///
///     l1(λ):  λ Σ |w|
///     l2(λ):  λ Σ w²      (Keras' form: no ½)
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
}
