import Foundation
import Kernels
import TestSupport
import Testing

@testable import TensorGrad

/// Every tensor op: values and gradients pinned against PyTorch, and gradients checked by
/// finite differences.
@Suite struct OperationTests {
    /// The inputs the reference script makes (same formulas, computed in Double, cast to Float).
    static func input(_ kind: String, _ shape: [Int], index: Int) -> Tensor {
        let n = shape.reduce(1, *)
        let data: [Float] = (0..<n).map { i in
            let i = Double(i)
            switch kind {
            case "p": return Float(0.5 + 1.2 * abs(cos(0.7 * i + 0.3)))
            case "x": return Float(1.5 * sin(i + 1))
            default: return Float(1.5 * sin(i + 1 + 3.7 * Double(index)))
            }
        }
        return Tensor(shape: shape, data: data, requiresGrad: true, label: "input \(index + 1)")
    }

    static func weight(_ shape: [Int]) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, data: (0..<n).map { Float(0.1 * Double($0 + 1) - 0.35) })
    }

    static let operations: [String: @Sendable ([Tensor]) throws -> Tensor] = [
        "add_broadcast": { try $0[0] + $0[1] },
        "subtract_broadcast": { try $0[0] - $0[1] },
        "multiply": { try $0[0] * $0[1] },
        "divide": { try $0[0] / $0[1] },
        "negate": { try -$0[0] },
        "matmul": { try $0[0].matmul($0[1]) },
        "transpose": { try $0[0].transposed() },
        "reshape": { try $0[0].reshaped([3, 2]) },
        "sum_axis0": { try $0[0].sum(axis: 0) },
        "sum_all": { try $0[0].sum() },
        "mean_axis1": { try $0[0].mean(axis: 1) },
        "max_axis1": { try $0[0].max(axis: 1) },
        "exp": { try $0[0].exp() },
        "log": { try $0[0].log() },
        "sqrt": { try $0[0].sqrt() },
        "pow3": { try $0[0].pow(3) },
        "abs": { try $0[0].abs() },
        "clamp": { try $0[0].clamp(min: -0.5, max: 0.5) },
        "relu": { try $0[0].relu() },
        "leaky_relu": { try $0[0].leakyReLU(slope: 0.1) },
        "tanh": { try $0[0].tanh() },
        "sigmoid": { try $0[0].sigmoid() },
        "softmax_axis1": { try $0[0].softmax(axis: 1) },
        "log_softmax_axis1": { try $0[0].logSoftmax(axis: 1) },
        "softmax_axis0": { try $0[0].softmax(axis: 0) },
        "select_row": { try $0[0].select([.index(1)]) },
        "slice_columns": { try $0[0].select([.range(nil, nil), .range(1, 3)]) },
        "concat_axis1": { try Tensor.concat([$0[0], $0[1]], axis: 1) },
        "cross_entropy": { try $0[0].crossEntropy(labels: [2, 0, 1]) },
    ]

    static func build(_ pinned: PinnedCase) throws -> (inputs: [Tensor], output: Tensor, loss: Tensor) {
        let inputs = pinned.inputs.enumerated().map { input($1.kind, $1.shape, index: $0) }
        guard let operation = operations[pinned.name] else {
            throw TensorError.invalidArgument(op: pinned.name, reason: "no such test op")
        }
        let output = try operation(inputs)
        let loss = try (output * weight(output.shape)).sum()
        return (inputs, output, loss)
    }

    @Test func everyPinnedCaseHasAnOperation() {
        #expect(Set(pinnedPyTorchCases.map(\.name)) == Set(Self.operations.keys))
    }

    @Test(arguments: pinnedPyTorchCases.map(\.name))
    func matchesPyTorch(_ name: String) throws {
        guard let pinned = pinnedPyTorchCases.first(where: { $0.name == name }) else { return }
        let (inputs, output, loss) = try Self.build(pinned)
        try loss.backward()
        #expect(output.shape == pinned.outputShape)
        for (got, want) in zip(output.data, pinned.output) {
            expectClose(Double(got), Double(want), tolerance: 2e-6, "\(name) output")
        }
        for (input, want) in zip(inputs, pinned.gradients) {
            let grad = input.grad ?? []
            #expect(grad.count == want.count, "\(name) gradient size")
            for (g, w) in zip(grad, want) { expectClose(Double(g), Double(w), tolerance: 2e-6, "\(name) gradient") }
        }
    }

    @Test(arguments: pinnedPyTorchCases.map(\.name))
    func gradientMatchesFiniteDifferences(_ name: String) throws {
        guard let pinned = pinnedPyTorchCases.first(where: { $0.name == name }) else { return }
        let (_, _, loss) = try Self.build(pinned)
        let check = try TensorGradientCheck.check(loss)
        for row in check.rows {
            #expect(
                row.passed,
                Comment(
                    rawValue: "\(name) \(row.name): worst relative error \(row.worstRelativeError) "
                        + "(analytic \(row.worstAnalytic), numeric \(row.worstNumeric))")
            )
        }
    }

    /// The fused softmax-cross-entropy equals its composition from log_softmax.
    @Test func fusedCrossEntropyEqualsComposed() throws {
        let logits = Self.input("x", [5, 7], index: 0)
        let labels: [Int32] = [0, 6, 3, 3, 1]
        let fused = try logits.crossEntropy(labels: labels)
        try fused.backward()
        let fusedGrad = logits.grad ?? []
        let onehot = try Tensor.oneHot(labels.map(Int.init), classes: 7)
        let composed = try -(logits.logSoftmax(axis: 1) * onehot).sum(axis: 1).mean()
        try composed.backward()
        expectClose(Double(fused.data[0]), Double(composed.data[0]), tolerance: 1e-6)
        for (a, b) in zip(fusedGrad, logits.grad ?? []) { expectClose(Double(a), Double(b), tolerance: 1e-6) }
    }

    @Test func softmaxIsStableForHugeLogits() throws {
        let x = try Tensor.make(shape: [1, 3], data: [1000, 1001, 1002])
        let y = try x.softmax()
        #expect(y.data.allSatisfy { $0.isFinite })
        expectClose(Double(y.data.reduce(0, +)), 1, tolerance: 1e-6)
        let loss = try x.crossEntropy(labels: [0])
        expectClose(Double(loss.data[0]), 2.4076059644443806, tolerance: 1e-6)
    }
}
