import ScalarGrad
import TensorGrad
import Testing

@testable import Optimizers

@Suite struct LionTests {
    /// The paper's update (Chen et al. 2023, Algorithm 2), written out here apart from the
    /// optimizer: c = β₁m + (1 − β₁)g; θ ← θ − γ(sign(c) + λθ); m ← β₂m + (1 − β₂)g.
    func reference(
        _ θ: inout [Double], _ m: inout [Double], _ g: [Double], lr: Double, b1: Double, b2: Double, wd: Double
    ) {
        for i in θ.indices {
            let c = b1 * m[i] + (1 - b1) * g[i]
            let sign: Double = c > 0 ? 1 : (c < 0 ? -1 : 0)
            θ[i] -= lr * (sign + wd * θ[i])
            m[i] = b2 * m[i] + (1 - b2) * g[i]
        }
    }

    /// Twenty steps on Rosenbrock with Values (Double): the same iterates as the reference.
    @Test func followsThePapersRuleOnValues() throws {
        let x = Value(-1.5)
        let y = Value(2)
        let parameter = OptimizedParameter(name: "xy", values: [x, y])
        let lion = try OptimizerFactory.make("lion", ["lr": 0.01, "weight_decay": 0.1])
        var θ = [-1.5, 2.0]
        var m = [0.0, 0.0]
        for _ in 0..<20 {
            x.grad = 0
            y.grad = 0
            let f = (1 - x).pow(2) + 100 * (y - x * x).pow(2)
            f.backward()
            let g = [x.grad, y.grad]
            _ = lion.step([parameter], watch: nil)
            reference(&θ, &m, g, lr: 0.01, b1: 0.9, b2: 0.99, wd: 0.1)
            #expect(x.data == θ[0] && y.data == θ[1], "\(x.data), \(y.data) against \(θ)")
        }
        #expect(lion.buffers["exp_avg (m)"]?.first == m)
    }

    /// On a Float tensor, every element moves by exactly γ·sign(c) (no decay), whatever the
    /// size of its gradient: the property that sets Lion apart from Adam.
    @Test func everyElementMovesByTheLearningRate() throws {
        let tensor = Tensor(shape: [4], data: [1, -2, 3, 0.5])
        tensor.grad = [1e-6, -300, 0.02, 0]
        let lion = try Lion(learningRate: 0.001)
        let before = tensor.data
        let formulas = lion.step([OptimizedParameter(name: "w", tensor: tensor)], watch: (0, 1))
        let moved = zip(tensor.data, before).map { Double($0 - $1) }
        #expect(abs(moved[0] + 0.001) < 1e-7 && abs(moved[1] - 0.001) < 1e-7 && abs(moved[2] + 0.001) < 1e-7)
        #expect(moved[3] == 0)  // sign(0) = 0, as torch.sign
        #expect(formulas.map(\.lhs) == ["g", "c", "Δθ", "m", "θ"])
    }

    @Test func hyperparametersAreChecked() {
        #expect(throws: OptimizerError.self) { try OptimizerFactory.make("lion", ["beta1": 1]) }
        #expect(throws: OptimizerError.self) { try OptimizerFactory.make("lion", ["lr": -1]) }
    }
}
