import Explain

/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and coupled
/// weight decay, exactly as `torch.optim.SGD` (Sutskever et al., 2013 for Nesterov):
///
///     g ← g + λθ                               weight decay
///     b ← μ·b + (1 − τ)·g    (b ← g at t = 1)  momentum buffer
///     θ ← θ − γ·b                              momentum
///     θ ← θ − γ·(g + μ·b)                      Nesterov (or plain SGD: θ ← θ − γ·g)
public final class SGD: OptimizerBase, Optimizer, ElementwiseRule {
    public let momentum: Double
    public let dampening: Double
    public let weightDecay: Double
    public let nesterov: Bool

    public init(
        learningRate: Double = 1e-3, momentum: Double = 0, dampening: Double = 0,
        weightDecay: Double = 0, nesterov: Bool = false
    ) throws(OptimizerError) {
        try Check.learningRate(learningRate)
        try Check.nonNegative(momentum, "momentum")
        try Check.nonNegative(weightDecay, "weight_decay")
        if nesterov, momentum <= 0 || dampening != 0 {
            throw OptimizerError(
                "Nesterov momentum requires a momentum > 0 and zero dampening (got momentum \(momentum), dampening "
                    + "\(dampening))"
            )
        }
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        super.init(learningRate: learningRate)
    }

    public var kind: String { nesterov ? "nesterov" : (momentum > 0 ? "momentum" : "sgd") }
    public var displayName: String {
        nesterov ? "SGD with Nesterov momentum" : (momentum > 0 ? "SGD with momentum" : "SGD")
    }
    public var bufferNames: [String] { momentum > 0 ? ["momentum_buffer"] : [] }
    public var buffers: [String: [[Double]]] { namedBuffers(bufferNames) }
    public var reference: String { "torch.optim.SGD (Nesterov: Sutskever et al., 2013)" }

    public var hyperparameters: [(name: String, symbol: String, value: Double)] {
        [
            ("lr", "γ", learningRate), ("momentum", "μ", momentum), ("dampening", "τ", dampening),
            ("weight_decay", "λ", weightDecay), ("nesterov", "", nesterov ? 1 : 0),
        ]
    }

    public var rule: [String] {
        var lines: [String] = []
        if weightDecay != 0 { lines.append("g ← g + λ·θ") }
        if momentum != 0 {
            lines.append("b ← μ·b + (1 − τ)·g      (b ← g at the first step)")
            if nesterov { lines.append("g ← g + μ·b") }
        }
        lines.append(momentum != 0 && !nesterov ? "θ ← θ − γ·b" : "θ ← θ − γ·g")
        return lines
    }

    public func step(_ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?) -> [Formula] {
        run(self, parameters, watch: watch)
    }

    /// The update of one element with this step's constants.
    public struct Kernel: UpdateKernel {
        let learningRate: Double
        let momentum: Double
        let dampening: Double
        let weightDecay: Double
        let nesterov: Bool

        @inline(__always)
        public func update<T: BinaryFloatingPoint, R: StepRecorder>(
            _ θ: T, _ g0: T, _ s: inout Slots<T>, t: Int, _ r: inout R
        ) -> T {
            let (γ, μ, τ) = (T(learningRate), T(momentum), T(dampening))
            var g = coupledWeightDecay(g0, θ, weightDecay, &r)
            if μ != 0 {
                let b0 = s.momentumBuffer
                s.momentumBuffer = t == 1 ? g : μ * b0 + (1 - τ) * g
                if t == 1 {
                    r.record("b", Double(s.momentumBuffer), "\("g", Double(g))  (first step)")
                } else {
                    r.record(
                        "b", Double(s.momentumBuffer),
                        "\("μ", momentum)·\("b", Double(b0)) + (1 − \("τ", dampening))·\("g", Double(g))")
                }
                if nesterov {
                    let gn = g + μ * s.momentumBuffer
                    r.record("g", Double(gn), "\("g", Double(g)) + \("μ", momentum)·\("b", Double(s.momentumBuffer))")
                    g = gn
                } else {
                    g = s.momentumBuffer
                }
            }
            let Δ = -γ * g
            if μ != 0, !nesterov {
                // The step is along the buffer: the line names b, the value it substitutes.
                r.record("Δθ", Double(Δ), "−\("γ", learningRate)·\("b", Double(g))")
            } else {
                r.record("Δθ", Double(Δ), "−\("γ", learningRate)·\("g", Double(g))")
            }
            return θ + Δ
        }
    }

    public func kernel(t: Int) -> Kernel {
        Kernel(
            learningRate: learningRate, momentum: momentum, dampening: dampening, weightDecay: weightDecay,
            nesterov: nesterov)
    }
}

/// The classic heavy-ball form of momentum (Polyak, 1964):
///
///     θₜ₊₁ = θₜ − α·∇J(θₜ) + β·(θₜ − θₜ₋₁)
///
/// For a constant learning rate it produces the same iterates as PyTorch's SGD with
/// momentum μ = β, γ = α and no dampening: with b ← μb + g and θ ← θ − γb,
/// θₜ₊₁ − θₜ = −γbₜ = −γgₜ + μ(−γbₜ₋₁) = −γgₜ + μ(θₜ − θₜ₋₁).
public final class HeavyBall: OptimizerBase, Optimizer, ElementwiseRule {
    public let beta: Double

    public init(learningRate: Double = 1e-3, beta: Double = 0.9) throws(OptimizerError) {
        try Check.learningRate(learningRate)
        try Check.unitInterval(beta, "beta value")
        self.beta = beta
        super.init(learningRate: learningRate)
    }

    public var kind: String { "heavyball" }
    public var displayName: String { "Heavy-ball momentum (Polyak)" }
    public var bufferNames: [String] { ["previous_theta"] }
    public var buffers: [String: [[Double]]] { namedBuffers(bufferNames) }
    public var reference: String { "Polyak (1964), 'Some methods of speeding up the convergence of iteration methods'" }
    public var hyperparameters: [(name: String, symbol: String, value: Double)] {
        [("lr", "α", learningRate), ("beta", "β", beta)]
    }
    public var rule: [String] { ["θₜ₊₁ ← θₜ − α·g + β·(θₜ − θₜ₋₁)      (θ₀ = θ₁: no momentum at the first step)"] }

    public func step(_ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?) -> [Formula] {
        run(self, parameters, watch: watch)
    }

    /// The update of one element with this step's constants.
    public struct Kernel: UpdateKernel {
        let learningRate: Double
        let beta: Double

        @inline(__always)
        public func update<T: BinaryFloatingPoint, R: StepRecorder>(
            _ θ: T, _ g: T, _ s: inout Slots<T>, t: Int, _ r: inout R
        ) -> T {
            let previous = t == 1 ? θ : s.momentumBuffer
            let Δ = -T(learningRate) * g + T(beta) * (θ - previous)
            r.record(
                "Δθ", Double(Δ),
                "−\("α", learningRate)·\("g", Double(g)) + \("β", beta)·(\("θₜ", Double(θ)) − "
                    + "\("θₜ₋₁", Double(previous)))"
            )
            s.momentumBuffer = θ
            return θ + Δ
        }
    }

    public func kernel(t: Int) -> Kernel {
        Kernel(learningRate: learningRate, beta: beta)
    }
}

extension Slots {
    /// SGD's momentum buffer b (heavy ball: the previous θ).
    var momentumBuffer: T {
        get { first }
        set { first = newValue }
    }
}
