import Explain
import Limits
import NeuralNet
import Optimizers
import Rendering
import Session
import TensorGrad

extension Command {
    /// `explain adam`: the update rule, with symbols and current values.
    static let explain = Command(
        name: "explain",
        abstract: "Show an optimizer's update rule: the math, its source, and the current values",
        usage: "explain [OPTIMIZER]",
        examples: ["explain adam", "explain rmsprop", "explain"],
        positionals: 0...1,
        firstWords: optimizerNames
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let optimizer: Optimizer
        if let name = invocation.positionals.first {
            if let current = session.run?.optimizer ?? session.training.optimizer, current.kind == name.lowercased() {
                optimizer = current
            } else {
                do throws(OptimizerError) { optimizer = try OptimizerFactory.make(name) } catch {
                    throw .optimizer(error)
                }
            }
        } else {
            guard let current = session.run?.optimizer ?? session.training.optimizer else {
                throw .precondition("no optimizer yet: explain adam, or compile one first")
            }
            optimizer = current
        }
        let rows = optimizer.hyperparameters.map {
            [$0.symbol.isEmpty ? "" : $0.symbol, $0.name, NumberFormat.short($0.value, digits: 8)]
        }
        var outputs: [Output] = [
            .text("\(optimizer.displayName) — \(optimizer.reference)"),
            .text(optimizer.rule.map { "    " + $0 }.joined(separator: "\n")),
            .table(
                Table(headers: ["symbol", "hyperparameter", "value"], rows: rows, alignments: [.left, .left, .right])),
        ]
        let t = optimizer.stepCount
        outputs.append(
            .text(
                t == 0
                    ? "t = 0: no step taken yet (t counts from 1 at the first step)"
                    : "t = \(t) steps taken; 'state' shows the buffers, 'step' shows one update with numbers"))
        return Reply(outputs)
    }
}
