import Foundation
import Rendering
import Session
import TensorGrad
import TestSupport
import Testing

@testable import Notebook

@Suite struct TensorCommandTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 42))

    func text(_ cell: Cell) -> String { TextRenderer().render(cell) }

    func tensor(_ name: String) -> Tensor? {
        if case .tensor(let t)? = notebook.session[name] { return t }
        return nil
    }

    @Test func literalsFunctionsAndIndexing() {
        _ = run("x = [[1, 2], [3, 4]]")
        #expect(tensor("x")?.shape == [2, 2])
        #expect(
            run("x.T").result == "tensor([[1., 3.],\n        [2., 4.]], shape=[2, 2], dtype=float32, requires_grad)")
        #expect(run("x[1]").result == "tensor([3., 4.], dtype=float32, requires_grad)")
        #expect(run("x[:, -1]").result == "tensor([2., 4.], dtype=float32, requires_grad)")
        #expect(run("sum(x, axis=1)").result == "tensor([3., 7.], dtype=float32, requires_grad)")
        #expect(run("mean(x)").result == "tensor(2.5000, dtype=float32, requires_grad)")
        #expect(
            run("2 * x - 1").result
                == "tensor([[1., 3.],\n        [5., 7.]], shape=[2, 2], dtype=float32, requires_grad)")
        #expect(run("x.shape").result == "(2, 2)", "a shape prints as (2, 2), as NumPy and Python print it")
        #expect(
            run("one_hot([2, 0], 3)").result
                == "tensor([[0., 0., 1.],\n        [1., 0., 0.]], shape=[2, 3], dtype=float32)")
    }

    @Test func errorsNameOpsShapesAndArguments() {
        _ = run("x = [[1, 2], [3, 4]]")
        #expect(
            errorText("x @ ones(3, 3)")
                == "matmul: shapes [2, 2] and [3, 3] do not match (inner dimensions 2 and 3 must be equal)")
        #expect(
            errorText("zeros(2, 3) + [1, 2]")
                == "add: shapes [2, 3] and [2] do not match (broadcasting needs each pair of trailing dimensions "
                + "equal or 1)"
        )
        #expect(errorText("sum(x, axs=1)") == "sum() has no argument 'axs=' — did you mean 'axis='?")
        #expect(errorText("sum(x, axis=2)") == "sum: axis 2 is out of range for a tensor of rank 2 (valid: -2..<2)")
        #expect(
            errorText("[[1, 2], [3]]")
                == "a tensor literal must be rectangular: item 1 has shape [1], the first has [2]")
        #expect(errorText("x[5]") == "index: index 5 is out of range for axis 0 of size 2")
        #expect(errorText("reshape(x, 3, -1)") == "reshape: shape [3, -1] cannot hold the 4 elements of [2, 2]")
        #expect(tensor("x")?.data == [1, 2, 3, 4])
    }

    @Test func nanIsAnExplicitWarning() {
        let cell = run("log([1, -1, 0])")
        let warnings = cell.outputs.compactMap { output -> String? in
            if case .warning(let w) = output { w } else { nil }
        }
        #expect(
            warnings == [
                "log produced inf/nan in 2 of 3 elements (log or sqrt of a negative, division by zero, or overflow)"
            ])
    }

    @Test func backwardGradAndGradcheckOnTensors() {
        _ = run("x = [[1, 2], [3, 4]]; W = [[0.5, -1], [0.25, 2]]")
        _ = run("loss = sum(tanh(x @ W))")
        #expect(text(run("backward loss")).contains("W     [2, 2]"))
        // ∂/∂W = xᵀ · (1 − tanh²(xW)), computed by hand in Double.
        let x: [[Double]] = [[1, 2], [3, 4]]
        let w: [[Double]] = [[0.5, -1], [0.25, 2]]
        var expected = [Double](repeating: 0, count: 4)
        for i in 0..<2 {
            for j in 0..<2 {
                let z = x[i][0] * w[0][j] + x[i][1] * w[1][j]
                let local = 1 - Foundation.tanh(z) * Foundation.tanh(z)
                expected[0 * 2 + j] += x[i][0] * local
                expected[1 * 2 + j] += x[i][1] * local
            }
        }
        for (g, e) in zip(tensor("W")?.grad ?? [], expected) { expectClose(Double(g), e, tolerance: 1e-5) }
        let grad = run("grad W")
        #expect(TextRenderer().render(grad).hasPrefix("∂loss/∂W: shape [2, 2]"))
        #expect(text(run("gradcheck loss")).contains("✓ all 2 inputs agree with finite differences"))
        #expect(errorText("grad x.T")?.contains("has no gradient") == true)
    }

    @Test func stepThroughOnTensorsHasOnePagePerOperation() {
        _ = run("x = [[1, 2], [3, 4]]; loss = mean(relu(x * 2))")
        guard case .steps(_, let pages)? = run("backward loss --step").outputs.first else {
            Issue.record("no steps")
            return
        }
        #expect(pages.count == 1 + 3 + 1)  // intro, mean, relu, multiply, summary
        #expect(TextRenderer().render(.steps(title: "t", pages: [pages[1]])).contains("[1/3] loss = mean(relu)"))
    }

    @Test func seedMakesDrawsReproducible() {
        _ = run("seed 7; a = randn(3)")
        _ = run("seed 7; b = randn(3)")
        #expect(tensor("a")?.data == tensor("b")?.data)
        #expect(errorText("seed -1")?.contains("N must be a whole number") == true)
    }

    @Test func noGradRecordsNothing() {
        _ = run("W = ones(2)")
        _ = run("no_grad y = W * 3")
        #expect(tensor("y")?.isLeaf == true && tensor("y")?.requiresGrad == false)
        #expect(tensor("y")?.data == [3, 3])
    }

    @Test func statsShowsDataAndGradient() {
        _ = run("w = [1, 2, 3, 4]; l = sum(w * w); backward l")
        let rows = text(run("stats w")).split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(rows.contains("w 2.5 1.118 1.0 4.0 5.4772"))
        #expect(rows.contains("∂/∂w 5.0 2.2361 2.0 8.0 10.954"))
    }
}
