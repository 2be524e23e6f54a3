import Explain
import ScalarGrad
import TensorGrad

extension Command {
    /// `history`: the training history (Keras' History) or the inputs so far.
    static let history = Command(
        name: "history",
        abstract: "The training history per epoch after 'train' (else the input lines); --inputs for the inputs",
        usage: "history [N] [--inputs] | history runs",
        examples: ["history", "history --inputs", "history 5 --inputs", "history runs"],
        options: [.flag("inputs", "list the input lines even after training")],
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        let training = invocation.session.trainingHistory
        if invocation.positionals.first == "runs" {
            let runs = invocation.session.runs
            guard !runs.isEmpty else { return Reply([.text("no runs yet: train a model first")]) }
            let keys = ["loss", "accuracy", "val_loss", "val_accuracy"].filter { key in
                runs.contains { $0.history.epochs.last?[key] != nil }
            }
            let rows = runs.map { run in
                [run.name, String(run.history.epochs.count)]
                    + keys.map { key in run.history.epochs.last?[key].map { NumberFormat.fixed($0, decimals: 4) } ?? ""
                    }
            }
            // As a value: `_.small.val_loss` is the last val_loss of the run named small.
            let value = Object.record(
                name: "Runs",
                fields: runs.map { run in
                    let last = run.history.epochs.last ?? [:]
                    let fields =
                        [("epochs", Double(run.history.epochs.count))]
                        + keys.compactMap { key in
                            last[key].map { (key, $0) }
                        }
                    return (run.name, .record(name: "Run", fields: fields.map { ($0.0, .scalar(Value($0.1))) }))
                })
            return Reply(
                [
                    .table(
                        Table(
                            headers: ["run", "epochs"] + keys.map { "last " + $0 }, rows: rows,
                            alignments: [.left] + Array(repeating: .right, count: keys.count + 1))),
                    .text("compare them: plot loss runs=" + runs.map(\.name).suffix(2).joined(separator: ",")),
                ], value: value, display: "Runs(" + runs.map(\.name).joined(separator: ", ") + ")")
        }
        if !invocation.options.flag("inputs"), !training.epochs.isEmpty {
            let keys = training.keys
            let rows = training.epochs.enumerated().map { index, logs in
                [String(index + 1)]
                    + keys.map { key in
                        // Metrics with four decimals, as Keras prints them; the learning rate as it is.
                        logs[key].map {
                            key == "lr"
                                ? NumberFormat.short($0, digits: 5)
                                : key.hasPrefix("grad_norm/")
                                    ? NumberFormat.short($0, digits: 4) : NumberFormat.fixed($0, decimals: 4)
                        }
                            ?? ""
                    }
            }
            return Reply([
                .table(
                    Table(
                        headers: ["epoch"] + keys, rows: rows,
                        alignments: Array(repeating: .right, count: keys.count + 1))),
                .text("(the input lines: history --inputs)"),
            ])
        }
        let inputs = invocation.session.inputs
        var first = 0
        if let word = invocation.positionals.first {
            guard let count = Int(word), count > 0 else {
                throw invocation.command.usageError("N must be a positive whole number, got '\(word)'")
            }
            first = max(0, inputs.count - count)
        }
        let width = String(inputs.count).count
        let lines = inputs.enumerated().dropFirst(first).map { index, line in
            String(repeating: " ", count: width - String(index + 1).count) + "\(index + 1)  \(line)"
        }
        return Reply([.text(lines.joined(separator: "\n"))])
    }
}
