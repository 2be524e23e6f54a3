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

    public init(
        learningRate: Double = 1e-2, learningRateDecay: Double = 0, weightDecay: Double = 0,
        initialAccumulator: Double = 0, epsilon: Double = 1e-10
    ) throws(OptimizerError) {
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
        [
            ("lr", "γ", learningRate), ("lr_decay", "η", learningRateDecay), ("weight_decay", "λ", weightDecay),
            ("initial_accumulator_value", "s₀", initialAccumulator), ("eps", "ε", epsilon),
        ]
    }
    public var rule: [String] {
        (learningRateDecay != 0 ? ["γₜ ← γ / (1 + (t − 1)·η)"] : []) + (weightDecay != 0 ? ["g ← g + λ·θ"] : [])
            + ["s ← s + g²", "θ ← θ − γₜ·g / (√s + ε)"]
    }

    public func step(_ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?) -> [Formula] {
        run(self, parameters, watch: watch, initial: initialAccumulator)
    }

    /// The update of one element with this step's constants.
    public struct Kernel: UpdateKernel {
        let learningRate: Double
        let learningRateDecay: Double
        let weightDecay: Double
        let epsilon: Double

        @inline(__always)
        public func update<T: BinaryFloatingPoint, R: StepRecorder>(
            _ θ: T, _ g0: T, _ s: inout Slots<T>, t: Int, _ r: inout R
        ) -> T {
            let rate = learningRate / (1 + Double(t - 1) * learningRateDecay)
            let γt = T(rate)
            if learningRateDecay != 0 {
                r.record("γₜ", rate, "\("γ", learningRate) / (1 + \(text: String(t - 1))·\("η", learningRateDecay))")
            }
            let g = coupledWeightDecay(g0, θ, weightDecay, &r)
            let sum0 = s.sum
            s.sum = sum0 + g * g
            r.record("s", Double(s.sum), "\("s", Double(sum0)) + \("g", Double(g))²")
            let Δ = -γt * g / (s.sum.squareRoot() + T(epsilon))
            r.record("Δθ", Double(Δ), "−\("γₜ", rate)·\("g", Double(g)) / (√\("s", Double(s.sum)) + \("ε", epsilon))")
            return θ + Δ
        }
    }

    public func kernel(t: Int) -> Kernel {
        Kernel(
            learningRate: learningRate, learningRateDecay: learningRateDecay, weightDecay: weightDecay, epsilon: epsilon
        )
    }
}

extension Slots {
    /// AdaGrad's running sum of squared gradients.
    var sum: T {
        get { first }
        set { first = newValue }
    }
}
