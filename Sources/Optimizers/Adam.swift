import CLoops
import Explain
import Kernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Adam (Kingma & Ba, 2015, "Adam: A Method for Stochastic Optimization"), with the AMSGrad
/// option (Reddi et al., 2018) and AdamW's decoupled weight decay (Loshchilov & Hutter,
/// 2019), as `torch.optim.Adam` / `torch.optim.AdamW`:
///
///     θ ← θ·(1 − γλ)                 AdamW only (decoupled weight decay)
///     g ← g + λθ                     Adam only (coupled, L2)
///     m ← β₁·m + (1 − β₁)·g
///     v ← β₂·v + (1 − β₂)·g²
///     m̂ ← m / (1 − β₁ᵗ)
///     v̂ ← v / (1 − β₂ᵗ)              AMSGrad: v_max ← max(v_max, v), v̂ ← v_max / (1 − β₂ᵗ)
///     θ ← θ − γ·m̂ / (√v̂ + ε)
///
/// Two forms labelled wrong, for lessons: without m̂ and v̂ (`adam_nobias`), and with ε inside
/// the root, θ ← θ − γ·m̂ / √(v̂ + ε) (`adam_eps_inside`, as some write-ups print it), where ε
/// acts as √ε outside: 1e-4 instead of 1e-8, so every step on gradients below about 1e-4
/// shrinks with the gradient, as plain gradient descent's does.
public final class Adam: OptimizerBase, Optimizer, ElementwiseRule {
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let weightDecay: Double
    public let amsgrad: Bool
    public let decoupled: Bool
    /// Teaching only: skip m̂ and v̂, as some popular write-ups do. Labelled wrong.
    public let withoutBiasCorrection: Bool
    /// Teaching only: θ ← θ − γ·m̂ / √(v̂ + ε). Labelled wrong.
    public let epsilonInsideRoot: Bool

    public init(
        learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false, decoupled: Bool = false,
        withoutBiasCorrection: Bool = false, epsilonInsideRoot: Bool = false
    ) throws(OptimizerError) {
        try Check.learningRate(learningRate)
        try Check.unitInterval(beta1, "beta parameter at index 0")
        try Check.unitInterval(beta2, "beta parameter at index 1")
        try Check.positive(epsilon, "epsilon")
        try Check.nonNegative(weightDecay, "weight_decay")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.decoupled = decoupled
        self.withoutBiasCorrection = withoutBiasCorrection
        self.epsilonInsideRoot = epsilonInsideRoot
        super.init(learningRate: learningRate)
    }

    public var kind: String {
        withoutBiasCorrection ? "adam_nobias" : (epsilonInsideRoot ? "adam_eps_inside" : (decoupled ? "adamw" : "adam"))
    }
    public var displayName: String {
        if withoutBiasCorrection { return "Adam WITHOUT bias correction (WRONG: early steps are mis-scaled)" }
        if epsilonInsideRoot { return "Adam with ε INSIDE the square root (WRONG: small gradients get small steps)" }
        return (decoupled ? "AdamW" : "Adam") + (amsgrad ? " (AMSGrad)" : "")
    }
    public var bufferNames: [String] {
        amsgrad ? ["exp_avg (m)", "exp_avg_sq (v)", "max_exp_avg_sq (v_max)"] : ["exp_avg (m)", "exp_avg_sq (v)"]
    }
    public var buffers: [String: [[Double]]] { namedBuffers(bufferNames) }
    public var reference: String {
        if withoutBiasCorrection {
            return "a common mistake: Kingma & Ba's (2015) Adam without its bias correction (section 3 of the paper)"
        }
        if epsilonInsideRoot {
            return "a common mistake: Kingma & Ba's (2015) Adam with ε moved inside the square root (Algorithm 1 "
                + "adds it outside)"
        }
        return decoupled
            ? "Loshchilov & Hutter (2019), 'Decoupled Weight Decay Regularization'; torch.optim.AdamW"
            : "Kingma & Ba (2015), 'Adam: A Method for Stochastic Optimization'; torch.optim.Adam"
                + (amsgrad ? "; AMSGrad: Reddi et al. (2018)" : "")
    }

    public var hyperparameters: [(name: String, symbol: String, value: Double)] {
        let common = [("lr", "γ", learningRate), ("beta1", "β₁", beta1), ("beta2", "β₂", beta2), ("eps", "ε", epsilon)]
        // The forms labelled wrong take no weight decay and no AMSGrad (their catalog entries).
        guard !withoutBiasCorrection, !epsilonInsideRoot else { return common }
        return common + [("weight_decay", "λ", weightDecay), ("amsgrad", "", amsgrad ? 1 : 0)]
    }

    public var rule: [String] {
        var lines: [String] = []
        if weightDecay != 0 {
            lines.append(
                decoupled
                    ? "θ ← θ·(1 − γ·λ)          (decoupled weight decay)" : "g ← g + λ·θ              (L2, coupled)")
        }
        lines.append("m ← β₁·m + (1 − β₁)·g")
        lines.append("v ← β₂·v + (1 − β₂)·g²")
        if withoutBiasCorrection {
            // m and v both start at 0; uncorrected, their ratio at step 1 is (1 − β₁)/√(1 − β₂)·g/|g|.
            lines.append(
                "θ ← θ − γ·m / (√v + ε)   (WRONG: m, v start at 0 uncorrected: at step 1 m/√v = (1 − β₁)/√(1 − β₂)"
                    + " ≈ 3.16 with the defaults, so the first steps are about 3× too large)")
            return lines
        }
        lines.append("m̂ ← m / (1 − β₁ᵗ)")
        if amsgrad {
            lines.append("v_max ← max(v_max, v)")
            lines.append("v̂ ← v_max / (1 − β₂ᵗ)")
        } else {
            lines.append("v̂ ← v / (1 − β₂ᵗ)")
        }
        if epsilonInsideRoot {
            lines.append(
                "θ ← θ − γ·m̂ / √(v̂ + ε)   (WRONG: ε inside the root acts as √ε outside, 1e-4 for ε = 1e-8, so "
                    + "steps on gradients below about √ε shrink with the gradient)")
            return lines
        }
        lines.append("θ ← θ − γ·m̂ / (√v̂ + ε)")
        return lines
    }

    public func step(_ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?) -> [Formula] {
        run(self, parameters, watch: watch)
    }

    /// The update of one element with this step's constants.
    public struct Kernel: UpdateKernel {
        let learningRate: Double
        let beta1: Double
        let beta2: Double
        let epsilon: Double
        let weightDecay: Double
        let amsgrad: Bool
        let decoupled: Bool
        let withoutBiasCorrection: Bool
        let epsilonInsideRoot: Bool
        let corrections: (Double, Double)

        /// Plain Adam (no weight decay, no AMSGrad, bias-corrected) on Float32, as a vectorized C
        /// loop: the operations of `update` in the same order, so the same numbers (tested).
        public func vectorUpdate(
            _ θ: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>,
            _ b: UnsafeMutablePointer<Float>, count: Int
        ) -> Int {
            guard weightDecay == 0, !amsgrad, !withoutBiasCorrection, !epsilonInsideRoot else { return 0 }
            let (γ, β1, β2, ε) = (Float(learningRate), Float(beta1), Float(beta2), Float(epsilon))
            let (c1, c2) = (Float(corrections.0), Float(corrections.1))
            // Elements are independent: large tensors are cut into one chunk per core.
            Parallel.chunks(count) { range in
                gb_adam_f32(
                    θ + range.lowerBound, g + range.lowerBound, a + range.lowerBound, b + range.lowerBound, range.count,
                    γ, β1, β2, ε, c1, c2)
            }
            return count
        }

        @inline(__always)
        public func update<T: BinaryFloatingPoint, R: StepRecorder>(
            _ θ0: T, _ g0: T, _ s: inout Slots<T>, t: Int, _ r: inout R
        ) -> T {
            let (γ, β1, β2, ε, λ) = (T(learningRate), T(beta1), T(beta2), T(epsilon), T(weightDecay))
            var θ = θ0
            var g = g0
            if λ != 0 {
                if decoupled {
                    θ = θ0 * (1 - γ * λ)  // recorded with Δθ below, as one change of θ
                } else {
                    g = coupledWeightDecay(g0, θ0, weightDecay, &r)
                }
            }
            let (m0, v0) = (s.m, s.v)
            s.m = β1 * m0 + (1 - β1) * g
            r.record("m", Double(s.m), "\("β₁", beta1)·\("m", Double(m0)) + (1 − \("β₁", beta1))·\("g", Double(g))")
            s.v = β2 * v0 + (1 - β2) * g * g
            r.record("v", Double(s.v), "\("β₂", beta2)·\("v", Double(v0)) + (1 − \("β₂", beta2))·\("g", Double(g))²")
            if withoutBiasCorrection {
                let Δ = -γ * s.m / (s.v.squareRoot() + ε)
                r.record(
                    "Δθ", Double(Δ),
                    "−\("γ", learningRate)·\("m", Double(s.m)) / (√\("v", Double(s.v)) + \("ε", epsilon))")
                return θ + Δ
            }
            let (c1, c2) = corrections
            r.record("1 − β₁ᵗ", c1, "1 − \("β₁", beta1)^\(text: String(t))")
            r.record("1 − β₂ᵗ", c2, "1 − \("β₂", beta2)^\(text: String(t))")
            let mHat = s.m / T(c1)
            r.record("m̂", Double(mHat), "\("m", Double(s.m)) / \("(1 − β₁ᵗ)", c1)")
            var second = s.v
            if amsgrad {
                let previous = s.vMax
                s.vMax = max(previous, s.v)
                r.record("v_max", Double(s.vMax), "max(\("v_max", Double(previous)), \("v", Double(s.v)))")
                second = s.vMax
            }
            let vHat = second / T(c2)
            r.record("v̂", Double(vHat), "\(amsgrad ? "v_max" : "v", Double(second)) / \("(1 − β₂ᵗ)", c2)")
            if epsilonInsideRoot {
                let Δ = -γ * mHat / (vHat + ε).squareRoot()
                r.record(
                    "Δθ", Double(Δ),
                    "−\("γ", learningRate)·\("m̂", Double(mHat)) / √(\("v̂", Double(vHat)) + \("ε", epsilon))")
                return θ + Δ
            }
            let Δ = -γ * mHat / (vHat.squareRoot() + ε)
            if decoupled, λ != 0 {
                r.record(
                    "Δθ", Double((θ - θ0) + Δ),
                    "−\("γ", learningRate)·\("λ", weightDecay)·\("θ", Double(θ0)) − "
                        + "\("γ", learningRate)·\("m̂", Double(mHat)) / (√\("v̂", Double(vHat)) + \("ε", epsilon))"
                )
            } else {
                r.record(
                    "Δθ", Double(Δ),
                    "−\("γ", learningRate)·\("m̂", Double(mHat)) / (√\("v̂", Double(vHat)) + \("ε", epsilon))")
            }
            return θ + Δ
        }
    }

    /// The kernel of step t, with 1 − β₁ᵗ and 1 − β₂ᵗ computed once for all elements.
    public func kernel(t: Int) -> Kernel {
        Kernel(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
            amsgrad: amsgrad,
            decoupled: decoupled, withoutBiasCorrection: withoutBiasCorrection, epsilonInsideRoot: epsilonInsideRoot,
            corrections: (1 - pow(beta1, Double(t)), 1 - pow(beta2, Double(t))))
    }
}

extension Slots {
    /// Adam's first moment m, second moment v, and AMSGrad's running maximum of v.
    var m: T {
        get { first }
        set { first = newValue }
    }
    var v: T {
        get { second }
        set { second = newValue }
    }
    var vMax: T {
        get { third }
        set { third = newValue }
    }
}
