import Randomness
import TestSupport
import Testing

@testable import TensorGrad

@Suite struct TensorTests {
    @Test func shapeErrorsNameTheOpAndBothShapes() throws {
        let a = try Tensor.zeros([128, 784])
        let b = try Tensor.zeros([64, 10])
        #expect(throws: TensorError.shapeMismatch(op: "matmul", lhs: [128, 784], rhs: [64, 10])) { try a.matmul(b) }
        #expect(
            TensorError.shapeMismatch(op: "matmul", lhs: [128, 784], rhs: [64, 10]).description
                == "matmul: shapes [128, 784] and [64, 10] do not match (inner dimensions 784 and 64 must be equal)")
        #expect(throws: TensorError.shapeMismatch(op: "add", lhs: [2, 3], rhs: [4])) {
            try Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
        #expect(throws: TensorError.invalidAxis(op: "sum", axis: 2, rank: 2)) { try a.sum(axis: 2) }
        #expect(throws: TensorError.self) { try a.reshaped([3, -1]) }
        #expect(throws: TensorError.indexOutOfRange(op: "index", index: 5, size: 3, axis: 0)) {
            try Tensor.zeros([3, 2]).select([.index(5)])
        }
        #expect(throws: TensorError.notScalar(op: "backward", shape: [2])) {
            try Tensor(shape: [2], data: [1, 2], requiresGrad: true).backward()
        }
    }

    @Test func broadcastingFollowsNumPy() throws {
        let a = try Tensor.make(shape: [2, 1], data: [1, 2])
        let b = try Tensor.make(shape: [3], data: [10, 20, 30])
        let c = try a + b
        #expect(c.shape == [2, 3])
        #expect(c.data == [11, 21, 31, 12, 22, 32])
        let s = try c * Tensor(2)
        #expect(s.data == [22, 42, 62, 24, 44, 64])
    }

    @Test func gradientOfABroadcastInputIsSummed() throws {
        let x = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6], requiresGrad: true)
        let b = Tensor(shape: [3], data: [0, 0, 0], requiresGrad: true)
        try (x + b).sum().backward()
        #expect(b.grad == [2, 2, 2])
    }

    @Test func valueUsedTwiceAccumulatesAndBackwardResets() throws {
        let x = Tensor(shape: [2], data: [3, -1], requiresGrad: true)
        let y = try (x * x).sum()
        try y.backward()
        #expect(x.grad == [6, -2])
        try y.backward()
        #expect(x.grad == [6, -2])
        try y.backward(accumulate: true)
        #expect(x.grad == [12, -4])
    }

    @Test func noGradRecordsNothing() throws {
        let x = Tensor(shape: [2], data: [1, 2], requiresGrad: true)
        let y = try GradMode.withoutGradients { () throws(TensorError) -> Tensor in try x.tanh() }
        #expect(y.isLeaf && !y.requiresGrad)
        #expect(GradMode.isEnabled)
    }

    @Test func creationFunctions() throws {
        #expect(try Tensor.eye(3).data == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(try Tensor.arange(0, 1, step: 0.25).data == [0, 0.25, 0.5, 0.75])
        #expect(try Tensor.oneHot([2, 0], classes: 3).data == [0, 0, 1, 1, 0, 0])
        #expect(throws: TensorError.self) { try Tensor.oneHot([3], classes: 3) }
        var g1 = SeededGenerator(seed: 42)
        var g2 = SeededGenerator(seed: 42)
        #expect(try Tensor.randn([4, 4], generator: &g1).data == Tensor.randn([4, 4], generator: &g2).data)
        let r = try Tensor.rand([1000], generator: &g1)
        #expect(r.data.allSatisfy { $0 >= 0 && $0 < 1 })
        let n = try Tensor.randn([20000], generator: &g1).statistics()
        #expect(abs(n.mean) < 0.03 && abs(n.std - 1) < 0.03)
    }

    @Test func printsLikePyTorch() throws {
        #expect(
            try Tensor.make(shape: [2, 2], data: [1, 2, 3, 4]).description
                == "tensor([[1., 2.],\n        [3., 4.]], shape=[2, 2], dtype=float32)")
        #expect(
            try Tensor.make(shape: [3], data: [0.5, -1.25, 2]).description
                == "tensor([ 0.5000, -1.2500,  2.0000], dtype=float32)")
        #expect(Tensor(3.5).description == "tensor(3.5000, dtype=float32)")
        let big = try Tensor.arange(0, 2000).reshaped([40, 50])
        let text = big.description
        #expect(text.contains("...") && text.contains("1999.") && text.contains("shape=[40, 50]"))
        #expect(text.split(separator: "\n").count == 7)
    }

    /// At a line width, rows keep as many numbers at each end as fit and suffixes move to a new
    /// line (PyTorch's `linewidth`); every line fits, the corners are kept, the shape is named.
    @Test(arguments: [40, 50, 80, 120])
    func fitsALineWidth(_ width: Int) throws {
        let tensor = try Tensor.make(shape: [8, 10], data: (0..<80).map { Float($0) / 7 - 5 })
        tensor.requiresGrad = true
        let text = tensor.formatted(tensor.data, lineWidth: width)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count < width }, "\(text)")
        #expect(lines.count >= 8 && text.contains("-5.0000") && text.contains("6.2857"), "the corners stay")
        #expect(text.contains("shape=[8, 10]") && text.hasSuffix("requires_grad)"))
        #expect(text.contains("...") == (width < 100), "elided only when a row cannot fit")
        #expect(tensor.formatted(tensor.data) == tensor.description, "no width: as before")
    }

    @Test func statistics() throws {
        let s = try Tensor.make(shape: [4], data: [1, 2, 3, 4]).statistics()
        #expect(s.mean == 2.5 && s.min == 1 && s.max == 4)
        expectClose(s.std, 1.118033988749895)
        expectClose(s.norm, 5.477225575051661)
    }

    @Test func negativeIndicesAndSlicesFollowPython() throws {
        let x = try Tensor.arange(0, 12).reshaped([3, 4])
        #expect(try x.select([.index(-1)]).data == [8, 9, 10, 11])
        #expect(try x.select([.range(-2, nil), .index(0)]).data == [4, 8])
        #expect(try x.select([.range(1, 100)]).shape == [2, 4])
        #expect(try x.select([.index(1), .index(2)]).shape == [])
    }
}
