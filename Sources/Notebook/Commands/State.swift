import Explain
import Limits
import NeuralNet
import Optimizers
import Rendering
import Session
import TensorGrad

extension Command {
    /// `state`: the optimizer's buffers, summarised per parameter.
    static let state = Command(
        name: "state",
        abstract: "The optimizer's state: its buffers (m, v, momentum, …) summarised per parameter",
        usage: "state",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        guard let run = invocation.session.run else {
            throw .precondition("no run in progress: minimize a function, or step a model first")
        }
        let optimizer = run.optimizer
        let buffers = optimizer.buffers.sorted { $0.key < $1.key }
        guard !buffers.isEmpty, optimizer.stepCount > 0 else {
            return Reply([
                .text(
                    optimizer.stepCount == 0
                        ? "\(optimizer.displayName): no step taken yet"
                        : "\(optimizer.displayName) keeps no state between steps (t = \(optimizer.stepCount))")
            ])
        }
        var rows: [[String]] = []
        for (name, perParameter) in buffers {
            for (parameter, values) in zip(run.parameters, perParameter) {
                let n = Double(values.count)
                let mean = values.reduce(0, +) / n
                let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
                let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
                rows.append([
                    name, parameter.name, NumberFormat.short(mean, digits: 5), NumberFormat.short(std, digits: 5),
                    NumberFormat.short(values.min() ?? 0, digits: 5), NumberFormat.short(values.max() ?? 0, digits: 5),
                    NumberFormat.short(norm, digits: 5),
                ])
            }
        }
        return Reply([
            .text(
                "\(optimizer.displayName), t = \(optimizer.stepCount), lr \(NumberFormat.short(optimizer.learningRate))"
            ),
            .table(
                Table(
                    headers: ["buffer", "parameter", "mean", "std", "min", "max", "‖·‖₂"], rows: rows,
                    alignments: [.left, .left, .right, .right, .right, .right, .right])),
        ])
    }
}
