import Explain
import Foundation
import ScalarGrad
import TensorGrad
import Testing

@testable import Optimizers

@Suite struct OptimizerTests {
    /// Rosenbrock on two Values; returns the parameter and a closure doing forward + backward.
    func rosenbrock(_ x0: Double = -1.5, _ y0: Double = 2) -> (OptimizedParameter, () -> Double) {
        let x = Value(x0, label: "x")
        let y = Value(y0, label: "y")
        return (
            OptimizedParameter(name: "xy", values: [x, y]),
            {
                let f = (1 - x).pow(2) + 100 * (y - x * x).pow(2)
                f.backward()
                return f.data
            }
        )
    }

    /// PyTorch's momentum and the classic heavy ball give the same iterates (constant lr, no dampening).
    @Test func heavyBallEqualsPyTorchMomentum() throws {
        let (p1, f1) = rosenbrock()
        let (p2, f2) = rosenbrock()
        let momentum = try SGD(learningRate: 2e-4, momentum: 0.9)
        let heavy = try HeavyBall(learningRate: 2e-4, beta: 0.9)
        for _ in 0..<200 {
            _ = f1()
            _ = momentum.step([p1], watch: nil)
            _ = f2()
            _ = heavy.step([p2], watch: nil)
            for (a, b) in zip(p1.values, p2.values) { #expect(abs(a - b) <= 1e-12 * max(1, abs(a))) }
        }
    }

    /// The numbers `step` prints are the ones that changed θ, for every optimizer.
    @Test(arguments: OptimizerFactory.names)
    func recordedFormulasAreTheNumbersUsed(_ name: String) throws {
        let (p, f) = rosenbrock()
        let optimizer = try OptimizerFactory.make(
            name, name == "sgd" || name == "momentum" || name == "nesterov" || name == "heavyball" ? ["lr": 1e-4] : [:])
        for step in 1...3 {
            _ = f()
            let θ = p.value(at: 1)
            let g = p.gradient(at: 1)
            let formulas = optimizer.step([p], watch: (0, 1))
            let lines = Dictionary(formulas.map { ($0.lhs, $0) }, uniquingKeysWith: { _, last in last })
            #expect(formulas.first?.lhs == "g" && formulas.first?.value == g)
            #expect(lines["θ"]?.value == p.value(at: 1), "\(name) step \(step): printed θ is the new θ")
            #expect(lines["Δθ"].map { abs(θ + $0.value - p.value(at: 1)) <= 1e-15 * max(1, abs(θ)) } ?? false)
            // Every printed line's right-hand side evaluates to its printed value (the engine's
            // arithmetic is Float for the state, so to float precision).
            for formula in formulas where !formula.rhs.bindings.isEmpty {
                if let evaluated = try FormulaArithmetic.value(of: formula.rhs) {
                    #expect(
                        abs(evaluated - formula.value) <= 1e-5 * max(1e-3, abs(formula.value)),
                        "\(name) step \(step): \(formula) but its right-hand side is \(evaluated)")
                }
            }
            if let m = lines["m"], let buffer = optimizer.buffers["exp_avg (m)"] { #expect(m.value == buffer[0][1]) }
            if let v = lines["v"], let buffer = optimizer.buffers["exp_avg_sq (v)"] { #expect(v.value == buffer[0][1]) }
        }
    }

    @Test func adamFormulaLinesReadLikeThePaper() throws {
        let (p, f) = rosenbrock()
        let adam = try Adam(learningRate: 0.01)
        _ = f()
        let lines = adam.step([p], watch: (0, 0)).map(\.description)
        // ∂f/∂x at (−1.5, 2) = −2(1 − x) − 400x(y − x²) = −5 − 150 = −155.
        #expect(lines[0] == "g = ∂L/∂θ = -155.0")
        #expect(lines[1] == "m = β₁·m + (1 − β₁)·g = 0.9·0.0 + (1 − 0.9)·(-155.0) = -15.5")
        #expect(lines[2] == "v = β₂·v + (1 − β₂)·g² = 0.999·0.0 + (1 − 0.999)·(-155.0)² = 24.025")
        #expect(lines[3] == "1 − β₁ᵗ = 1 − β₁^1 = 1 − 0.9^1 = 0.1")
        #expect(lines[5] == "m̂ = m / (1 − β₁ᵗ) = -15.5 / 0.1 = -155.0")
        #expect(lines.last == "θ = θ + Δθ = -1.5 + 0.01 = -1.49")
    }

    @Test func badHyperparametersNameTheValue() {
        #expect(throws: OptimizerError("Invalid learning rate: -0.1 (must be ≥ 0)")) { try SGD(learningRate: -0.1) }
        #expect(throws: OptimizerError("Invalid beta parameter at index 0: 1.0 (must be in [0, 1))")) {
            try Adam(beta1: 1)
        }
        #expect(throws: OptimizerError("Invalid epsilon value: 0.0 (must be > 0)")) { try Adam(epsilon: 0) }
        #expect(throws: OptimizerError.self) { try RMSprop(alpha: 1.5) }
        #expect(throws: OptimizerError.self) { try SGD(momentum: 0, nesterov: true) }
        #expect(
            throws: OptimizerError(
                "adam has no option 'betta1' — did you mean 'beta1'?; it takes lr, beta1, beta2, eps, weight_decay, "
                    + "amsgrad"
            )
        ) {
            try OptimizerFactory.make("adam", ["betta1": 0.9])
        }
        #expect(throws: OptimizerError.self) { try OptimizerFactory.make("adma") }
        #expect(throws: OptimizerError.self) { try GradientClipping.norm(0).validate() }
    }

    @Test func adamWithoutBiasCorrectionTakesTinyFirstSteps() throws {
        let (p1, f1) = rosenbrock()
        let (p2, f2) = rosenbrock()
        let right = try Adam(learningRate: 0.01)
        let wrong = try Adam(learningRate: 0.01, withoutBiasCorrection: true)
        _ = f1()
        _ = right.step([p1], watch: nil)
        _ = f2()
        _ = wrong.step([p2], watch: nil)
        // Right: |Δx| ≈ lr = 0.01. Wrong: m/√v = 0.1g/√(0.001g²) ≈ 3.16·sign(g): 3.16× too large on step 1 here,
        // and biased toward zero as β₂ᵗ grows; the point is that they differ.
        #expect(abs(abs(p1.value(at: 0) + 1.5) - 0.01) < 1e-9)
        #expect(abs(abs(p2.value(at: 0) + 1.5) - 0.01 * 0.1 / 0.001.squareRoot()) < 1e-6)
        #expect(wrong.displayName.contains("WRONG"))
    }

    /// ε inside the root: the first step on a gradient g is γ·g/√(g² + ε), not γ·g/(|g| + ε).
    @Test func adamWithEpsilonInsideTheRootShrinksStepsOnTinyGradients() throws {
        let cases: [(g: Double, inside: Double, outside: Double)] = [
            (1e-6, 0.1 * 1e-6 / (1e-12 + 1e-8).squareRoot(), 0.1 * 1e-6 / (1e-6 + 1e-8)),
            (1.0, 0.1 / (1 + 1e-8).squareRoot(), 0.1 / (1 + 1e-8)),
        ]
        for example in cases {
            let wrong = try OptimizerFactory.make("adam_eps_inside", ["lr": 0.1])
            let right = try OptimizerFactory.make("adam", ["lr": 0.1])
            for (optimizer, expected) in [(wrong, example.inside), (right, example.outside)] {
                let x = Value(1)
                x.grad = example.g
                let parameter = OptimizedParameter(name: "x", values: [x])
                _ = optimizer.step([parameter], watch: nil)
                let moved: Double = 1 - parameter.value(at: 0)
                let tolerance: Double = 1e-9 * expected
                #expect(abs(moved - expected) < tolerance, "g = \(example.g): moved \(moved), expected \(expected)")
            }
        }
        // 1e-6: the step is 1% of γ (ε acts as √ε = 1e-4); it is γ for gradients far above 1e-4.
        let fraction: Double = cases[0].inside / 0.1
        #expect(abs(fraction - 0.01) < 1e-6)
        #expect(try OptimizerFactory.make("adam_eps_inside").displayName.contains("WRONG"))
    }

    @Test func clippingByNormAndValue() {
        let x = Value(0)
        let y = Value(0)
        x.grad = 3
        y.grad = 4
        let p = OptimizedParameter(name: "p", values: [x, y])
        let (before, after) = GradientClipping.norm(1).apply([p])
        #expect(before == 5 && abs(after - 1) < 1e-6)
        x.grad = 3
        y.grad = -4
        GradientClipping.value(2).apply([p])
        #expect(x.grad == 2 && y.grad == -2)
    }

    @Test func schedulesInClosedForm() throws {
        #expect(LearningRateSchedule.step(size: 10, gamma: 0.5).rate(base: 1, epoch: 25) == 0.25)
        #expect(abs(LearningRateSchedule.exponential(gamma: 0.9).rate(base: 1, epoch: 2) - 0.81) < 1e-15)
        #expect(abs(LearningRateSchedule.cosine(maximum: 10, minimum: 0).rate(base: 1, epoch: 5) - 0.5) < 1e-15)
        #expect(
            LearningRateSchedule.linearWarmup(startFactor: 0.1, endFactor: 1, iterations: 10).rate(base: 1, epoch: 0)
                == 0.1)
        var plateau = try ReduceOnPlateau(factor: 0.5, patience: 1)
        #expect(plateau.observe(1.0, rate: 0.1) == nil)
        #expect(plateau.observe(1.0, rate: 0.1) == nil)
        #expect(plateau.observe(1.0, rate: 0.1) == 0.05)
    }

    @Test func undoRestoresStateExactly() throws {
        let (p, f) = rosenbrock()
        let adam = try Adam(learningRate: 0.01)
        _ = f()
        _ = adam.step([p], watch: nil)
        let snapshot = adam.snapshot()
        let values = p.values
        _ = f()
        _ = adam.step([p], watch: nil)
        adam.restore(snapshot)
        for (i, v) in values.enumerated() { p.setValue(v, at: i) }
        let (q, g) = rosenbrock()
        let fresh = try Adam(learningRate: 0.01)
        _ = g()
        _ = fresh.step([q], watch: nil)
        _ = f()
        _ = adam.step([p], watch: nil)
        _ = g()
        _ = fresh.step([q], watch: nil)
        #expect(p.values == q.values)
        #expect(adam.stepCount == 2)
    }
}

@Suite struct VectorPathTests {
    /// Adam's SIMD path gives bit for bit what its per-element `update` gives (37 elements:
    /// four vectors of eight and a scalar tail of five).
    @Test func adamVectorPathEqualsTheElementwiseRule() throws {
        let adam = try Adam(learningRate: 0.01)
        let tensor = Tensor(shape: [37], data: (0..<37).map { Float(sin(Double($0))) }, requiresGrad: true)
        let gradient = (0..<37).map { Float(cos(Double($0) * 1.3)) }
        tensor.grad = gradient
        let before = tensor.data
        var m = [Float](repeating: 0, count: 37)
        var v = [Float](repeating: 0, count: 37)
        let parameter = OptimizedParameter(name: "p", tensor: tensor)
        for t in 1...3 {
            _ = adam.step([parameter], watch: nil)
            let kernel = adam.kernel(t: t)
            var silent = NoRecorder()
            for i in 0..<37 {
                var s = Slots<Float>(m[i], v[i], 0)
                let expected = kernel.update(t == 1 ? before[i] : tensor.data[i], gradient[i], &s, t: t, &silent)
                m[i] = s.m
                v[i] = s.v
                if t == 1 { #expect(tensor.data[i] == expected, "element \(i)") }
            }
            if t == 1 { #expect(adam.buffers["exp_avg (m)"]?[0].map(Float.init) == m) }
        }
    }
}
