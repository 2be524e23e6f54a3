import Explain

/// Lion, "EvoLved Sign Momentum" (Chen et al. 2023, "Symbolic Discovery of Optimization
/// Algorithms", Algorithm 2), as the paper writes it:
///
///     c  = β₁·m + (1 − β₁)·g                 the update's direction: an interpolation
///     θ ← θ − γ·(sign(c) + λ·θ)              every element moves by exactly γ (plus decay)
///     m ← β₂·m + (1 − β₂)·g                  the momentum, with its own, slower β₂
///
/// Defaults as the paper recommends and lion-pytorch ships: γ = 1e-4, β₁ = 0.9, β₂ = 0.99,
/// λ = 0 (decoupled, as in AdamW). A learning rate 3–10× smaller than AdamW's suits it:
/// sign(c) is ±1, larger than Adam's typical step.
public final class Lion: OptimizerBase, Optimizer, ElementwiseRule {
    public let beta1: Double
    public let beta2: Double
    public let weightDecay: Double

    public init(learningRate: Double = 1e-4, beta1: Double = 0.9, beta2: Double = 0.99, weightDecay: Double = 0)
        throws(OptimizerError)
    {
        try Check.learningRate(learningRate)
        try Check.unitInterval(beta1, "beta parameter at index 0")
        try Check.unitInterval(beta2, "beta parameter at index 1")
        try Check.nonNegative(weightDecay, "weight_decay")
        self.beta1 = beta1
        self.beta2 = beta2
        self.weightDecay = weightDecay
        super.init(learningRate: learningRate)
    }

    public var kind: String { "lion" }
    public var displayName: String { "Lion" }
    public var bufferNames: [String] { ["exp_avg (m)"] }
    public var buffers: [String: [[Double]]] { namedBuffers(bufferNames) }
    public var reference: String { "Chen et al. (2023), 'Symbolic Discovery of Optimization Algorithms', Algorithm 2" }
    public var hyperparameters: [(name: String, symbol: String, value: Double)] {
        [("lr", "γ", learningRate), ("beta1", "β₁", beta1), ("beta2", "β₂", beta2), ("weight_decay", "λ", weightDecay)]
    }
    public var rule: [String] {
        ["c = β₁·m + (1 − β₁)·g", "θ ← θ − γ·(sign(c) + λ·θ)", "m ← β₂·m + (1 − β₂)·g"]
    }

    public func step(_ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?) -> [Formula] {
        run(self, parameters, watch: watch)
    }

    /// The update of one element with this step's constants.
    public struct Kernel: UpdateKernel {
        let learningRate: Double
        let beta1: Double
        let beta2: Double
        let weightDecay: Double

        @inline(__always)
        public func update<T: BinaryFloatingPoint, R: StepRecorder>(
            _ θ: T, _ g: T, _ s: inout Slots<T>, t: Int, _ r: inout R
        ) -> T {
            let m = s.m
            let c = T(beta1) * m + (1 - T(beta1)) * g
            r.record("c", Double(c), "\("β₁", beta1)·\("m", Double(m)) + (1 − \("β₁", beta1))·\("g", Double(g))")
            let direction: T = c > 0 ? 1 : c < 0 ? -1 : 0
            let Δ = -T(learningRate) * (direction + T(weightDecay) * θ)
            r.record(
                "Δθ", Double(Δ),
                "−\("γ", learningRate)·(\("sign(c)", Double(direction)) + \("λ", weightDecay)·\("θ", Double(θ)))")
            s.m = T(beta2) * m + (1 - T(beta2)) * g
            r.record("m", Double(s.m), "\("β₂", beta2)·\("m", Double(m)) + (1 − \("β₂", beta2))·\("g", Double(g))")
            return θ + Δ
        }
    }

    public func kernel(t: Int) -> Kernel {
        Kernel(learningRate: learningRate, beta1: beta1, beta2: beta2, weightDecay: weightDecay)
    }
}

extension OptimizerFactory {
    /// Lion's catalog entry: its hyperparameters and defaults, read by `compile`, `help`,
    /// `explain` and checkpoints.
    static let lion = Entry(
        name: "lion", summary: "Lion, sign of interpolated momentum (lr 1e-4, betas 0.9/0.99)",
        hyperparameters: [
            Hyperparameter("lr", 1e-4, 0.0...Double.greatestFiniteMagnitude, "learning rate γ"),
            Hyperparameter("beta1", 0.9, 0.0...1.0, excludesUpper: true, "β₁, the interpolation of m and g"),
            Hyperparameter("beta2", 0.99, 0.0...1.0, excludesUpper: true, "β₂, decay of the momentum m"),
            Hyperparameter(
                "weight_decay", 0, 0.0...Double.greatestFiniteMagnitude, "decoupled decay: θ ← θ − γλθ"),
        ],
        build: { o throws(OptimizerError) in
            try Lion(
                learningRate: o.value("lr"), beta1: o.value("beta1"), beta2: o.value("beta2"),
                weightDecay: o.value("weight_decay"))
        })
}
