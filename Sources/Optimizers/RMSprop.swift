import Explain

/// RMSprop (Hinton, Coursera lecture 6e, 2012), with the centered (Graves, 2013) and
/// momentum options, as `torch.optim.RMSprop`:
///
///     g ← g + λθ
///     v ← α·v + (1 − α)·g²
///     centered:  ḡ ← α·ḡ + (1 − α)·g,   ṽ ← v − ḡ²      otherwise ṽ ← v
///     momentum:  b ← μ·b + g / (√ṽ + ε),  θ ← θ − γ·b
///     otherwise: θ ← θ − γ·g / (√ṽ + ε)
public final class RMSprop: OptimizerBase, Optimizer, ElementwiseRule {
    public let alpha: Double
    public let epsilon: Double
    public let weightDecay: Double
    public let momentum: Double
    public let centered: Bool

    public init(
        learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 0,
        momentum: Double = 0, centered: Bool = false
    ) throws(OptimizerError) {
        try Check.learningRate(learningRate)
        try Check.unitInterval(alpha, "alpha value")
        try Check.positive(epsilon, "epsilon")
        try Check.nonNegative(weightDecay, "weight_decay")
        try Check.nonNegative(momentum, "momentum")
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
        super.init(learningRate: learningRate)
    }

    public var kind: String { "rmsprop" }
    public var displayName: String {
        "RMSprop" + (centered ? " (centered)" : "") + (momentum > 0 ? " with momentum" : "")
    }
    public var bufferNames: [String] { ["square_avg (v)", "momentum_buffer (b)", "grad_avg (ḡ)"] }
    public var buffers: [String: [[Double]]] {
        var names = ["square_avg (v)"]
        if momentum > 0 { names.append("momentum_buffer (b)") }
        var all = namedBuffers(bufferNames)
        if !centered { all["grad_avg (ḡ)"] = nil }
        return all.filter { names.contains($0.key) || (centered && $0.key == "grad_avg (ḡ)") }
    }
    public var reference: String {
        "Hinton, Neural Networks for Machine Learning, lecture 6e (2012); centered: Graves (2013); torch.optim.RMSprop"
    }
    public var hyperparameters: [(name: String, symbol: String, value: Double)] {
        [
            ("lr", "γ", learningRate), ("alpha", "α", alpha), ("eps", "ε", epsilon), ("weight_decay", "λ", weightDecay),
            ("momentum", "μ", momentum), ("centered", "", centered ? 1 : 0),
        ]
    }
    public var rule: [String] {
        var lines = weightDecay != 0 ? ["g ← g + λ·θ"] : []
        lines.append("v ← α·v + (1 − α)·g²")
        if centered { lines += ["ḡ ← α·ḡ + (1 − α)·g", "ṽ ← v − ḡ²"] }
        let denominator = centered ? "(√ṽ + ε)" : "(√v + ε)"
        if momentum > 0 {
            lines += ["b ← μ·b + g / \(denominator)", "θ ← θ − γ·b"]
        } else {
            lines.append("θ ← θ − γ·g / \(denominator)")
        }
        return lines
    }

    public func step(_ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?) -> [Formula] {
        run(self, parameters, watch: watch)
    }

    /// The update of one element with this step's constants.
    public struct Kernel: UpdateKernel {
        let learningRate: Double
        let alpha: Double
        let epsilon: Double
        let weightDecay: Double
        let momentum: Double
        let centered: Bool

        @inline(__always)
        public func update<T: BinaryFloatingPoint, R: StepRecorder>(
            _ θ: T, _ g0: T, _ s: inout Slots<T>, t: Int, _ r: inout R
        ) -> T {
            let (γ, α, ε, μ) = (T(learningRate), T(alpha), T(epsilon), T(momentum))
            let g = coupledWeightDecay(g0, θ, weightDecay, &r)
            let v0 = s.squareAverage
            s.squareAverage = α * v0 + (1 - α) * g * g
            r.record(
                "v", Double(s.squareAverage),
                "\("α", alpha)·\("v", Double(v0)) + (1 − \("α", alpha))·\("g", Double(g))²")
            var ṽ = s.squareAverage
            if centered {
                let ḡ0 = s.gradientAverage
                s.gradientAverage = α * ḡ0 + (1 - α) * g
                r.record(
                    "ḡ", Double(s.gradientAverage),
                    "\("α", alpha)·\("ḡ", Double(ḡ0)) + (1 − \("α", alpha))·\("g", Double(g))")
                ṽ = s.squareAverage - s.gradientAverage * s.gradientAverage
                r.record("ṽ", Double(ṽ), "\("v", Double(s.squareAverage)) − \("ḡ", Double(s.gradientAverage))²")
            }
            let denominator = ṽ.squareRoot() + ε
            if μ > 0 {
                let b0 = s.updateBuffer
                s.updateBuffer = μ * b0 + g / denominator
                r.record(
                    "b", Double(s.updateBuffer),
                    "\("μ", momentum)·\("b", Double(b0)) + \("g", Double(g)) / (√\(centered ? "ṽ" : "v", Double(ṽ)) + "
                        + "\("ε", epsilon))"
                )
                let Δ = -γ * s.updateBuffer
                r.record("Δθ", Double(Δ), "−\("γ", learningRate)·\("b", Double(s.updateBuffer))")
                return θ + Δ
            }
            let Δ = -γ * g / denominator
            r.record(
                "Δθ", Double(Δ),
                "−\("γ", learningRate)·\("g", Double(g)) / (√\(centered ? "ṽ" : "v", Double(ṽ)) + \("ε", epsilon))")
            return θ + Δ
        }
    }

    public func kernel(t: Int) -> Kernel {
        Kernel(
            learningRate: learningRate, alpha: alpha, epsilon: epsilon, weightDecay: weightDecay, momentum: momentum,
            centered: centered)
    }
}

/// A WRONG "RMSprop" found in some write-ups, for side-by-side teaching:
///
///     s ← s + g²,   θ ← θ − α·g / √(1 + ε·s)
///
/// With a small ε the denominator stays ≈ 1: it is plain gradient descent, with none of
/// RMSprop's per-parameter scaling (the square root belongs around the average of g²).
public final class WrongRMSprop: OptimizerBase, Optimizer, ElementwiseRule {
    public let epsilon: Double

    public init(learningRate: Double = 1e-2, epsilon: Double = 1e-8) throws(OptimizerError) {
        try Check.learningRate(learningRate)
        try Check.positive(epsilon, "epsilon")
        self.epsilon = epsilon
        super.init(learningRate: learningRate)
    }

    public var kind: String { "rmsprop_wrong" }
    public var displayName: String { "RMSprop in a WRONG form (θ − α·g/√(1 + ε·Σg²)): not RMSprop" }
    public var bufferNames: [String] { ["sum of g² (s)"] }
    public var buffers: [String: [[Double]]] { namedBuffers(bufferNames) }
    public var reference: String { "a common mistake; compare torch.optim.RMSprop" }
    public var hyperparameters: [(name: String, symbol: String, value: Double)] {
        [("lr", "α", learningRate), ("eps", "ε", epsilon)]
    }
    public var rule: [String] { ["s ← s + g²", "θ ← θ − α·g / √(1 + ε·s)      (WRONG: ≈ plain SGD for small ε)"] }

    public func step(_ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?) -> [Formula] {
        run(self, parameters, watch: watch)
    }

    /// The update of one element with this step's constants.
    public struct Kernel: UpdateKernel {
        let learningRate: Double
        let epsilon: Double

        @inline(__always)
        public func update<T: BinaryFloatingPoint, R: StepRecorder>(
            _ θ: T, _ g: T, _ s: inout Slots<T>, t: Int, _ r: inout R
        ) -> T {
            let sum0 = s.sum
            s.sum = sum0 + g * g
            r.record("s", Double(s.sum), "\("s", Double(sum0)) + \("g", Double(g))²")
            let Δ = -T(learningRate) * g / (1 + T(epsilon) * s.sum).squareRoot()
            r.record(
                "Δθ", Double(Δ),
                "−\("α", learningRate)·\("g", Double(g)) / √(1 + \("ε", epsilon)·\("s", Double(s.sum)))")
            return θ + Δ
        }
    }

    public func kernel(t: Int) -> Kernel {
        Kernel(learningRate: learningRate, epsilon: epsilon)
    }
}

extension Slots {
    /// RMSprop's running mean of g² (v), its momentum buffer (b) and, centered, its running
    /// mean of g (ḡ).
    var squareAverage: T {
        get { first }
        set { first = newValue }
    }
    /// PyTorch's momentum_buffer of RMSprop (the second slot; SGD's is the first).
    var updateBuffer: T {
        get { second }
        set { second = newValue }
    }
    var gradientAverage: T {
        get { third }
        set { third = newValue }
    }
}
