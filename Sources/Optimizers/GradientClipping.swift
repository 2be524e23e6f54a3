/// Gradient clipping before a step, as `torch.nn.utils.clip_grad_norm_` / `clip_grad_value_`:
///
///     by norm:   ‖g‖ = √(Σ over all parameters g²),  g ← g · min(1, c / (‖g‖ + 1e-6))
///     by value:  g ← clamp(g, −c, c)
public enum GradientClipping: Equatable, Sendable {
    case norm(Double)
    case value(Double)

    public var description: String {
        switch self {
        case .norm(let c): "clip by norm: g ← g·min(1, \(c)/(‖g‖ + 1e-6))"
        case .value(let c): "clip by value: g ← clamp(g, −\(c), \(c))"
        }
    }

    public func validate() throws(OptimizerError) {
        switch self {
        case .norm(let c), .value(let c):
            guard c > 0, c.isFinite else { throw OptimizerError("Invalid clipping threshold: \(c) (must be > 0)") }
        }
    }

    /// Clips the gradients in place; returns the total gradient norm before and after.
    @discardableResult
    public func apply(_ parameters: [OptimizedParameter]) -> (before: Double, after: Double) {
        let before = GradientClipping.totalNorm(parameters)
        switch self {
        case .norm(let c):
            let coefficient = min(1, c / (before + 1e-6))
            for p in parameters { p.mapGradient { $0 * coefficient } }
        case .value(let c):
            for p in parameters { p.mapGradient { min(max($0, -c), c) } }
        }
        return (before, GradientClipping.totalNorm(parameters))
    }

    /// √(Σ g²) over every element of every parameter.
    public static func totalNorm(_ parameters: [OptimizedParameter]) -> Double {
        var total = 0.0
        for p in parameters { p.forEachGradient { total += $0 * $0 } }
        return total.squareRoot()
    }
}
