import Kernels
import TensorGrad
import TestSupport
import Testing

@testable import NeuralNet

/// Losses pinned against PyTorch (Tests/Reference/losses.py, float64; compared in Float32).
@Suite struct LossTests {
    let logits: [Float] = [0.3, -1.2, 2.0, 1.5, 0.1, -0.4, -2.2, 0.7, 0.9, 0.0, 3.1, -1.0]

    func expectAll(_ got: [Float]?, _ want: [Double], tolerance: Double = 1e-6) {
        #expect(got?.count == want.count)
        for (g, w) in zip(got ?? [], want) { expectClose(Double(g), w, tolerance: tolerance) }
    }

    @Test func sparseCategoricalCrossentropyFromLogits() throws {
        let z = Tensor(shape: [4, 3], data: logits, requiresGrad: true)
        let labels = try Tensor.make(shape: [4], data: [2, 0, 1, 1])
        let loss = try Loss.sparseCategoricalCrossentropy.compute(target: labels, output: z.softmax(), logits: z)
        try loss.backward()
        expectClose(Double(loss.data[0]), 0.35445133166057674, tolerance: 1e-6)
        expectAll(
            z.grad,
            [
                0.0373297155458478, 0.008329385408040348, -0.04565910095388814, -0.07093814443312302,
                0.04415610994054232, 0.0267820344925807, 0.006042720099723397, -0.1401787264807715, 0.1341360063810481,
                0.010608579979321815, -0.014511258453737269, 0.003902678474415462,
            ])
    }

    @Test func fromProbabilitiesAgreesWithFromLogits() throws {
        let z = Tensor(shape: [4, 3], data: logits, requiresGrad: true)
        let labels = try Tensor.make(shape: [4], data: [2, 0, 1, 1])
        let fromProbabilities = try Loss.sparseCategoricalCrossentropy.compute(target: labels, output: z.softmax())
        expectClose(Double(fromProbabilities.data[0]), 0.35445133166057674, tolerance: 1e-5)
    }

    @Test func categoricalCrossentropyWithSoftTargets() throws {
        let z = Tensor(shape: [4, 3], data: logits, requiresGrad: true)
        let targets = try Tensor.make(
            shape: [4, 3], data: [0.1, 0.2, 0.7, 0.6, 0.3, 0.1, 0.0, 0.5, 0.5, 0.25, 0.5, 0.25])
        let loss = try Loss.categoricalCrossentropy.compute(target: targets, output: z.softmax(), logits: z)
        try loss.backward()
        expectClose(Double(loss.data[0]), 1.1344513316605767, tolerance: 1e-6)
        expectAll(
            z.grad,
            [
                0.012329715545847796, -0.04167061459195966, 0.029340899046111868, 0.029061855566876967,
                -0.030843890059457684, 0.0017820344925806972, 0.006042720099723397, -0.01517872648077151,
                0.009136006381048112, -0.05189142002067819, 0.11048874154626273, -0.058597321525584535,
            ])
    }

    /// The fused kernel the compiled path uses for one-hot or soft targets gives the same
    /// pinned loss and gradient.
    @Test func fusedSoftTargetKernelMatchesPyTorch() throws {
        let targets: [Float] = [0.1, 0.2, 0.7, 0.6, 0.3, 0.1, 0.0, 0.5, 0.5, 0.25, 0.5, 0.25]
        var gradient = [Float](repeating: .nan, count: 12)
        let loss = logits.withUnsafeBufferPointer { z in
            targets.withUnsafeBufferPointer { y in
                gradient.withUnsafeMutableBufferPointer { g in
                    Softmax.crossEntropy(
                        logits: z.baseAddress!, targets: y.baseAddress!, rows: 4, classes: 3, gradient: g.baseAddress)
                }
            }
        }
        expectClose(loss, 1.1344513316605767, tolerance: 1e-6)
        expectAll(
            gradient,
            [
                0.012329715545847796, -0.04167061459195966, 0.029340899046111868, 0.029061855566876967,
                -0.030843890059457684, 0.0017820344925806972, 0.006042720099723397, -0.01517872648077151,
                0.009136006381048112, -0.05189142002067819, 0.11048874154626273, -0.058597321525584535,
            ])
    }

    /// Keras' rule: categorical cross-entropy takes one-hot rows; class labels are refused with
    /// the sparse loss named as the fix.
    @Test func categoricalCrossentropyRefusesClassLabels() throws {
        let z = Tensor(shape: [4, 3], data: logits)
        let labels = try Tensor.make(shape: [4], data: [2, 0, 1, 1])
        #expect {
            try Loss.categoricalCrossentropy.compute(target: labels, output: z.softmax(), logits: z)
        } throws: { error in
            "\(error)".contains("sparse_categorical_crossentropy") && "\(error)".contains("one_hot(labels, 3)")
        }
    }

    @Test func binaryCrossentropyFromLogitsIsStable() throws {
        let x = Tensor(shape: [4, 1], data: [0.5, -3.0, 12.0, -0.1], requiresGrad: true)
        let t = try Tensor.make(shape: [4, 1], data: [1, 0, 0, 1])
        let loss = try Loss.binaryCrossentropy.compute(target: t, output: x.sigmoid(), logits: x)
        try loss.backward()
        expectClose(Double(loss.data[0]), 3.3167667850052243, tolerance: 1e-6)
        expectAll(x.grad, [-0.09438516719953635, 0.011856468294391695, 0.24999846395634945, -0.131244796869735])
        let huge = try Loss.binaryCrossentropy.compute(
            target: t, output: t, logits: Tensor.make(shape: [4, 1], data: [200, -200, 200, -200]))
        expectClose(Double(huge.data[0]), 100, tolerance: 1e-6)
    }

    @Test func meanSquaredError() throws {
        let p = Tensor(shape: [2, 2], data: [0.2, 0.9, 0.4, -1.0], requiresGrad: true)
        let loss = try Loss.meanSquaredError.compute(
            target: Tensor.make(shape: [2, 2], data: [0, 1, 1, 0.5]), output: p)
        try loss.backward()
        expectClose(Double(loss.data[0]), 0.665, tolerance: 1e-6)
        expectAll(p.grad, [0.1, -0.05, -0.3, -0.75])
    }

    @Test func badLabelsAreNamed() throws {
        let z = try Tensor.zeros([2, 3])
        #expect(
            throws: TensorError.invalidArgument(
                op: "sparse_categorical_crossentropy", reason: "label 3.0 at row 1 is not a class index in 0..<3")
        ) {
            try Loss.sparseCategoricalCrossentropy.compute(target: Tensor.make(shape: [2], data: [0, 3]), output: z)
        }
        #expect(throws: TensorError.self) {
            try Loss.sparseCategoricalCrossentropy.compute(target: Tensor.make(shape: [2], data: [0, 1.5]), output: z)
        }
        #expect(Loss(named: "mean_squared_error") == .meanSquaredError)
        #expect(Loss(named: "sparse_categorical_crossentropy") == .sparseCategoricalCrossentropy)
    }
}
