import Explain
import NeuralNet
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `compare`: the same network on the scalar and the tensor engine.
    static let compare = Command(
        name: "compare",
        abstract: "Run the same small MLP on the scalar engine and the tensor engine: same loss, same gradients?",
        usage: "compare [BATCH]",
        examples: ["compare", "compare 8"],
        discussion:
            "Uses the current model when it is small (dense and activation layers, at most 2,000 parameters), "
            + "otherwise a 3-4-4-1 "
            + "tanh network; random inputs and targets from the session's generator, MSE loss. Every weight becomes "
            + "a Value, the forward pass is rebuilt number by number, and both backward passes are compared.",
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let batch =
            try invocation.positionals.first.map { word throws(NotebookError) in
                try invocation.command.count(word, "BATCH", in: 1...256)
            } ?? 4
        return try lift { () throws(TensorError) in
            let model: Sequential
            var note = "the current model"
            if let current = session.model, EngineComparison.supports(current) {
                model = current
            } else {
                model = Sequential(inputShape: [3])
                try model.add(
                    Dense(inputs: 3, units: 4, activation: .tanh, name: "dense_1", generator: &session.generator))
                try model.add(
                    Dense(inputs: 4, units: 4, activation: .tanh, name: "dense_2", generator: &session.generator))
                try model.add(Dense(inputs: 4, units: 1, name: "dense_3", generator: &session.generator))
                note =
                    session.model == nil
                    ? "a 3-4-4-1 tanh network"
                    : "a 3-4-4-1 tanh network (the current model has more than 2,000 parameters or a dropout layer)"
            }
            let result = try EngineComparison(model: model, batch: batch, generator: &session.generator)
            let rows = result.parameters.map {
                [$0.name, Tensor.describe($0.shape), NumberFormat.short($0.difference, digits: 2)]
            }
            let worst = result.worst
            let passed = worst <= 1e-4
            return Reply([
                .text("\(note), batch \(batch), loss = mse(y, model(x))"),
                .text(
                    "tensor engine: loss \(NumberFormat.short(result.tensorLoss, digits: 8))  (\(result.tensors) "
                        + "tensors, Float32, BLAS)\nscalar engine: loss "
                        + "\(NumberFormat.short(result.scalarLoss, digits: 8))  (\(result.values) Values, Double, "
                        + "one number at a time)"
                ),
                .table(
                    Table(
                        headers: ["parameter", "shape", "max |Δ grad|"], rows: rows, alignments: [.left, .left, .right])
                ),
                .check(
                    passed: passed,
                    message: "largest difference \(NumberFormat.short(worst, digits: 2)) \(passed ? "≤" : ">") 1e-4: "
                        + (passed
                            ? "the tensor engine computes what the scalar engine computes, number by number"
                            : "the engines disagree")),
            ])
        }
    }
}
