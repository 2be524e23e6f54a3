import Explain

/// AdaGrad (Duchi, Hazan & Singer, 2011), as `torch.optim.Adagrad`:
///
///     γₜ ← γ / (1 + (t − 1)·η)        learning-rate decay
///     g ← g + λθ
///     s ← s + g²
///     θ ← θ − γₜ·g / (√s + ε)
public final class AdaGrad: OptimizerBase, Optimizer, ElementwiseRule {
    public let learningRateDecay: Double
    public let weightDecay: Double
    public let initialAccumulator: Double
    public let epsilon: Double

    public init(learningRate: Double = 1e-2, learningRateDecay: Double = 0, weightDecay: Double = 0,
                initialAccumulator: Double = 0, epsilon: Double = 1e-10) throws(OptimizerError) {
        try Check.learningRate(learningRate)
        try Check.nonNegative(learningRateDecay, "lr_decay")
        try Check.nonNegative(weightDecay, "weight_decay")
        try Check.nonNegative(initialAccumulator, "initial_accumulator_value")
        try Check.positive(epsilon, "epsilon")
        self.learningRateDecay = learningRateDecay
        self.weightDecay = weightDecay
        self.initialAccumulator = initialAccumulator
        self.epsilon = epsilon
        super.init(learningRate: learningRate)
    }

    public var kind: String { "adagrad" }
    public var displayName: String { "AdaGrad" }
    public var bufferNames: [String] { ["sum (s)"] }
    public var buffers: [String: [[Double]]] { namedBuffers(bufferNames) }
    public var reference: String { "Duchi, Hazan & Singer (2011), 'Adaptive Subgradient Methods'; torch.optim.Adagrad" }
    public var hyperparameters: [(name: String, symbol: String, value: Double)] {
        [("lr", "γ", learningRate), ("lr_decay", "η", learningRateDecay), ("weight_decay", "λ", weightDecay),
         ("initial_accumulator_value", "s₀", initialAccumulator), ("eps", "ε", epsilon)]
    }
    public var rule: [String] {
        (learningRateDecay != 0 ? ["γₜ ← γ / (1 + (t − 1)·η)"] : []) + (weightDecay != 0 ? ["g ← g + λ·θ"] : [])
            + ["s ← s + g²", "θ ← θ − γₜ·g / (√s + ε)"]
    }

    public func step(_ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?) -> [Formula] {
        let s0 = initialAccumulator
        return run(self, parameters, watch: watch) { _, _ in Slots(a: s0, b: 0, c: 0) }
    }

    @inline(__always)
    public func update<R: StepRecorder>(_ θ: Double, _ g0: Double, _ s: inout Slots, t: Int, _ r: inout R) -> Double {
        let γt = learningRate / (1 + Double(t - 1) * learningRateDecay)
        if learningRateDecay != 0 { r.record("γₜ", γt, "\("γ", learningRate) / (1 + \(text: String(t - 1))·\("η", learningRateDecay))") }
        var g = g0
        if weightDecay != 0 {
            g = g0 + weightDecay * θ
            r.record("g", g, "\("g", g0) + \("λ", weightDecay)·\("θ", θ)")
        }
        let sum0 = s.a
        s.a = sum0 + g * g
        r.record("s", s.a, "\("s", sum0) + \("g", g)²")
        let Δ = -γt * g / (s.a.squareRoot() + epsilon)
        r.record("Δθ", Δ, "−\("γₜ", γt)·\("g", g) / (√\("s", s.a) + \("ε", epsilon))")
        return θ + Δ
    }
}
