import NeuralNet
import Rendering
import TensorGrad
import TestSupport
import Testing

@testable import Notebook

/// `step` on a model and a batch of `train` are one pipeline: loss → regularisation →
/// clipping → schedule → update. The same batch through both (one on the graph, one on the
/// compiled path) leaves the same weights, with L2, clipping and a schedule all on.
@Suite struct TrainingStepTests {
    static let setup = [
        "seed 4", "data moons n=40", "model dense 2->6 tanh l2=0.05, dense 6->2 softmax",
        "compile sgd lr=0.5 momentum=0.5",
        "clip norm=0.05", "schedule exponential gamma=0.5",
    ]

    func notebook() -> Notebook {
        let notebook = Notebook()
        for line in Self.setup {
            let cell = notebook.execute(line)
            #expect(cell?.outputs.allSatisfy { if case .error = $0 { false } else { true } } == true, "\(line)")
        }
        return notebook
    }

    @Test func stepAndTrainTakeTheSameStep() throws {
        let trained = notebook()
        let stepped = notebook()
        // train: the 32 training rows in order, one batch, one epoch (the compiled path).
        _ = trained.execute("train epochs=1 batch=32 shuffle=0")
        // step: the same 32 rows as the batch of a forward (the graph path).
        let data = try #require(stepped.session.data.train)
        let rows = Array(0..<data.count)
        #expect(rows.count == 32)
        let x = Tensor(shape: [rows.count, data.featureWidth], data: rows.flatMap { data.sample($0) })
        let y = Tensor(shape: [rows.count], data: rows.map { Float(data.label($0) ?? 0) })
        stepped.session.lastBatch = (x, y, .sparseCategoricalCrossentropy)
        let cell = try #require(stepped.execute("step"))
        let text = cell.outputs.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined(separator: "\n")
        #expect(text.contains("clipped: total gradient norm"), "clipping applies to step")

        let a = try #require(trained.session.model?.namedParameters)
        let b = try #require(stepped.session.model?.namedParameters)
        var moved = 0.0
        for ((name, p), (_, q)) in zip(a, b) {
            for (u, v) in zip(p.tensor.data, q.tensor.data) {
                expectClose(Double(u), Double(v), tolerance: 1e-5, "\(name)")
            }
        }
        // And the step did something: clipped to 0.05 at lr 0.5, the weights moved by about 0.025.
        let fresh = notebook()
        let start = try #require(fresh.session.model?.namedParameters)
        for ((_, p), (_, q)) in zip(a, start) {
            for (u, v) in zip(p.tensor.data, q.tensor.data) { moved += Double((u - v) * (u - v)) }
        }
        expectClose(moved.squareRoot(), 0.025, tolerance: 1e-3)
        #expect(
            trained.session.training.optimizer?.stepCount == 1 && stepped.session.training.optimizer?.stepCount == 1)
    }

    /// `step` on loaded data draws the minibatches `train` draws: 8 steps of batch 8 on 32 rows
    /// are two epochs of `train batch=8` from the same seed, batch for batch, so the weights
    /// agree (sampling with replacement, as `step` once did, would not).
    @Test func stepsOnDataTakeTrainsBatches() throws {
        func notebook(_ last: String...) throws -> [Float] {
            let notebook = Notebook()
            for line in [
                "seed 4", "data moons n=40", "model dense 2->6 tanh l2=0.01, dense 6->2 softmax",
                "compile sgd lr=0.5 momentum=0.5",
            ] + last {
                let cell = try #require(notebook.execute(line))
                #expect(!cell.failed, "\(line): \(TextRenderer().render(cell))")
            }
            #expect(notebook.session.training.optimizer?.stepCount == 8)
            return try #require(notebook.session.model?.namedParameters.flatMap { $0.parameter.tensor.data })
        }
        let trained = try notebook("train epochs=2 batch=8")
        let stepped = try notebook("step 8 batch=8 verbose=0")
        for (u, v) in zip(trained, stepped) { expectClose(Double(u), Double(v), tolerance: 1e-5) }
        // Another seed's batches move the weights elsewhere: the comparison can fail.
        let other = try notebook("seed 5", "step 8 batch=8 verbose=0")
        #expect(zip(trained, other).contains { abs($0 - $1) > 1e-3 })
    }

    @Test func clippingAppliesToTrain() throws {
        let clipped = notebook()
        _ = clipped.execute("compile sgd lr=1000")
        _ = clipped.execute("train epochs=2 batch=8")
        let parameters = try #require(clipped.session.model?.namedParameters)
        let weights = parameters.flatMap { $0.parameter.tensor.data }
        #expect(
            weights.allSatisfy { $0.isFinite }, "lr 1000 clipped to a norm of 0.05 per step cannot diverge in 8 steps")
        #expect(clipped.session.runs.current.epochs.count == 2)
    }

    /// The batch of a `forward` belongs to that model and data: after new data, a new model or
    /// `train`, `step` draws fresh minibatches from the data instead.
    @Test(arguments: ["data moons n=60", "model dense 2->3 relu, dense 3->2 softmax", "train epochs=1"])
    func aNewModelNewDataOrTrainForgetsTheLastBatch(_ line: String) throws {
        let notebook = notebook()
        _ = notebook.execute("xb = randn(4, 2)")
        _ = notebook.execute("forward xb labels=[0, 1, 1, 0]")
        #expect(notebook.session.lastBatch != nil)
        _ = notebook.execute(line)
        #expect(notebook.session.lastBatch == nil && notebook.session.lastLoss == nil, "\(line)")
        let text = notebook.execute("step")?.outputs.compactMap { if case .text(let t) = $0 { t } else { nil } }.first
        #expect(text?.contains("from the training data (a fresh shuffle each epoch") == true, "\(text ?? "")")
        _ = notebook.execute("step")
        #expect(notebook.session.lastBatch == nil, "a data step does not become the 'last forward'")
    }

    /// `step batch=all` takes the full gradient: no sampling, so the generator's state does not
    /// change its loss; `step batch=1` draws one sample, and the draw does.
    @Test func stepBatchSizesAndTheFullGradient() throws {
        func firstLoss(seed: Int, batch: String) throws -> Double {
            let notebook = Notebook()
            for line in [
                "seed 4", "data moons n=200", "model dense 2->6 tanh, dense 6->2 softmax", "compile sgd lr=0.1",
                "seed \(seed)",
            ] { _ = notebook.execute(line) }
            let cell = try #require(notebook.execute("step batch=\(batch)"))
            #expect(!cell.failed, "\(TextRenderer().render(cell))")
            return try #require(notebook.session.lastLoss.map { Double($0.data[0]) })
        }
        #expect(try firstLoss(seed: 1, batch: "all") == firstLoss(seed: 2, batch: "all"))
        #expect(try firstLoss(seed: 1, batch: "1") != firstLoss(seed: 2, batch: "1"))
        let notebook = Notebook()
        _ = notebook.execute("data moons n=200")
        _ = notebook.execute("model dense 2->2 softmax")
        _ = notebook.execute("compile sgd")
        #expect(TextRenderer().render(notebook.execute("step batch=all")!).contains("the full gradient"))
        #expect(TextRenderer().render(notebook.execute("step batch=0")!).contains("batch= must be a whole number"))
    }
}
