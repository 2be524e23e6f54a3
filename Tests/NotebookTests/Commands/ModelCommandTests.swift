import NeuralNet
import Rendering
import Session
import TensorGrad
import TestSupport
import Testing

@testable import Notebook

@Suite struct ModelCommandTests: NotebookHarness {
    let notebook = Notebook(session: Session(seed: 1))

    func rows(_ cell: Cell) -> [String] {
        TextRenderer().render(cell).split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }

    @Test func buildTheKerasWayAndSummarize() {
        #expect(
            rows(run("add dense 64 relu input=784")) == [
                "added dense_1 (Dense, relu): output (None, 64), 50240 parameters"
            ])
        _ = run("add dense 64 relu")
        _ = run("add dense 10 softmax")
        let summary = rows(run("summary"))
        #expect(summary.contains("dense_1 (Dense) (None, 64) 50,240 relu"))
        #expect(summary.contains("dense_3 (Dense) (None, 10) 650 softmax"))
        #expect(summary.contains("Total params: 55,050 (215.04 KB)"))
        _ = run("model dense 784->1024 relu, dense 1024->10 softmax")
        #expect(text("summary").contains("Total params: 814,090 (3.11 MB)"), "Keras' unit: MB from a mebibyte on")
    }

    @Test func oneLineModelEqualsLayerByLayer() {
        _ = run("model dense 784->64 relu, dense 64->64 relu, dense 64->10 softmax")
        #expect(notebook.session.model?.parameterCount == 55050)
        #expect(notebook.session.model?.layers.map(\.name) == ["dense_1", "dense_2", "dense_3"])
    }

    @Test func layerMistakesAreExplained() {
        #expect(
            errorText("add dense 64 relu")
                == "add: the first layer needs its input size: dense 64 input=784, or dense 784->64\nusage: "
                + Command.add.usage)
        #expect(errorText("model dense 4->3 rleu")?.contains("did you mean 'relu'?") == true)
        #expect(
            errorText("model dense 4->3, dense 5->2")?.contains("dense 5->2 follows a layer with 3 outputs: use 3->2")
                == true)
        #expect(
            errorText("add dense 3 input=4 init=glorot_unifrom")?.contains("did you mean 'glorot_uniform'?") == true)
        #expect(errorText("add dropout 1.5 ")?.contains("cannot be the first layer") == true)
        _ = run("add dense 3 input=4")
        #expect(errorText("add dropout 1.5")?.contains("rate must be in [0, 1), got 1.5") == true)
        #expect(notebook.session.model?.layers.count == 1)
    }

    @Test func forwardBackwardAndParametersByName() {
        _ = run("model dense 4->3 tanh, dense 3->2 softmax")
        _ = run("x = rand(5, 4); y = [0, 1, 1, 0, 1]")
        let forward = rows(run("forward x labels=y"))
        #expect(forward.first == "forward x [5, 4] through 2 layers → output [5, 2]")
        #expect(forward.contains { $0.hasPrefix("sparse_categorical_crossentropy ") && !$0.contains("logits") })
        _ = run("backward")
        guard case .tensor(let w)? = try? evalObject("dense_1.W"), let grad = w.grad else {
            Issue.record("no gradient on dense_1.W")
            return
        }
        #expect(grad.count == 12)
        #expect(TextRenderer().render(run("grad dense_2.b")).hasPrefix("∂loss/∂dense_2.b: shape [2]"))
        // The loss's gradient matches finite differences through the whole model.
        #expect(
            TextRenderer().render(run("gradcheck")).contains("✓ all 4 inputs agree with finite differences"),
            "the batch is data: only the weights are inputs")
        #expect(errorText("dense_1.V")?.contains("layer dense_1 has parameters W, b; no 'V'") == true)
        #expect(errorText("forward x labels=y loss=msee")?.contains("did you mean 'mse'?") == true)
        #expect(
            errorText("forward rand(5, 3)")
                == "model input: shapes [5, 3] and [-1, 4] do not match (the model takes a batch of shape [N, 4])")
    }

    @Test func regularizersAppearInTheLossBreakdown() {
        _ = run("model dense 4->3 relu l2=0.01, dense 3->2 softmax")
        _ = run("x = rand(5, 4); y = [0, 1, 1, 0, 1]")
        let breakdown = rows(run("forward x labels=y"))
        #expect(breakdown.contains { $0.hasPrefix("l2(0.01) on dense_1.W") })
        #expect(breakdown.contains { $0.hasPrefix("total loss") })
    }

    @Test func compareShowsBothEnginesAgree() {
        let cell = run("compare")
        #expect(cell.outputs.contains { if case .check(true, _) = $0 { true } else { false } })
        _ = run("model dense 2->3 relu, dense 3->1 sigmoid")
        let own = TextRenderer().render(run("compare 6"))
        #expect(own.contains("the current model, batch 6"))
        #expect(own.contains("✓ largest difference"))
    }

    func evalObject(_ text: String) throws -> Object? {
        let cell = run(text)
        return notebook.session.outputs[cell.number]
    }
}
