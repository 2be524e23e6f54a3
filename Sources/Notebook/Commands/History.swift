import Explain
import NeuralNet
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `history`: the training history (Keras' History) or the inputs so far.
    static let history = Command(
        name: "history",
        abstract: "The training history per epoch after 'train' (else the input lines); --inputs for the inputs",
        usage: "history [N] [--inputs] [--layers] | history runs [NAME,NAME,…]",
        examples: [
            "history", "history --layers", "history --inputs", "history 5 --inputs", "history runs",
            "history runs small,early",
        ],
        discussion:
            "The epochs' metrics as Keras' History has them (loss, accuracy, val_loss, val_accuracy, lr); "
            + "--layers adds each layer's gradient norm and share of dead units. An epoch stopped by Ctrl-C is "
            + "marked * with the share of its batches that ran. "
            + "'history runs' lists every run of the session, one row each with its last epoch's metrics; "
            + "'history runs a,b' only those (and its value, _.a.val_loss, has only those).",
        options: [
            .flag("inputs", "list the input lines even after training"),
            .flag("layers", "add the per-layer columns: grad_norm/LAYER and dead/LAYER"),
        ],
        positionals: 0...2
    ) { invocation throws(NotebookError) in
        let training = invocation.session.runs.current
        if invocation.positionals.first == "runs" {
            var runs = invocation.session.runs.all
            guard !runs.isEmpty else { return Reply([.text("no runs yet: train a model first")]) }
            if invocation.positionals.count == 2 {
                var names: [String] = []
                for name in invocation.positionals[1].split(separator: ",").map(String.init) where !names.contains(name)
                {
                    names.append(name)
                }
                for name in names where !runs.contains(where: { $0.name == name }) {
                    let hint = Suggestion.closest(to: name, among: runs.map(\.name)).map { " (did you mean '\($0)'?)" }
                    throw invocation.command.usageError(
                        "no run named '\(name)'\(hint ?? ""); the runs: \(runs.map(\.name).joined(separator: ", "))")
                }
                runs = names.compactMap { name in runs.first { $0.name == name } }
            }
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
                    (run.name, lastEpoch(of: run.history, name: "Run"))
                })
            return Reply(
                [
                    .table(
                        Table(
                            headers: ["run", "epochs"] + keys, rows: rows,
                            alignments: [.left] + Array(repeating: .right, count: keys.count + 1))),
                    .text(
                        "(last epochs) plot loss runs="
                            + runs.map(\.name).suffix(2).joined(separator: ",")),
                ], value: value, display: "Runs(" + runs.map(\.name).joined(separator: ", ") + ")")
        }
        if !invocation.options.flag("inputs"), !training.epochs.isEmpty {
            let layers = invocation.options.flag("layers")
            let keys = training.keys.filter { $0 != History.partial && (layers || !$0.contains("/")) }
            let rows = training.epochs.enumerated().map { index, logs in
                [String(index + 1) + (logs[History.partial] == nil ? "" : "*")]
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
            let partial = training.partialEpochs.map { epoch, share in
                let percent = share * 100 >= 1 ? String(Int(share * 100)) : NumberFormat.short(share * 100, digits: 1)
                return "* epoch \(epoch) was stopped by Ctrl-C after \(percent)% of its batches"
            }
            let hint = invocation.session.hintOnce(
                "(per layer: history --layers; the input lines: history --inputs)")
            return Reply(
                [
                    .table(
                        Table(
                            headers: ["epoch"] + keys, rows: rows,
                            alignments: Array(repeating: .right, count: keys.count + 1)))
                ] + partial.map(Output.text) + (hint.map { [.text($0)] } ?? []),
                value: lastEpoch(of: training, name: "History"),
                display: "History(\(training.epochs.count) epochs: _.loss, _.grad_norm.dense_1, … of the last)")
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

/// The last epoch of `history` as a value a check can read: `_.loss`, `_.val_accuracy`, and the
/// per-layer figures as records of their own, `_.grad_norm.dense_1` and `_.dead.dense_1`; also
/// the lowest losses over all epochs, `_.best_loss` and `_.best_val_loss`, and the epoch (from
/// 1) of the lowest validation loss, `_.best_epoch` — what early stopping goes back to.
private func lastEpoch(of history: History, name: String) -> Object {
    let last = history.epochs.last ?? [:]
    var fields: [(String, Object)] = [("epochs", .scalar(Value(Double(history.epochs.count))))]
    for key in ["loss", "val_loss"] {
        let values = history.epochs.compactMap { $0[key] }
        guard let best = values.min() else { continue }
        fields.append(("best_" + key, .scalar(Value(best))))
        if key == "val_loss", let epoch = history.epochs.firstIndex(where: { $0[key] == best }) {
            fields.append(("best_epoch", .scalar(Value(Double(epoch + 1)))))
        }
    }
    var groups: [(String, [(String, Object)])] = []
    for key in history.keys {
        guard let number = last[key] else { continue }
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            fields.append((key, .scalar(Value(number))))
            continue
        }
        if let index = groups.firstIndex(where: { $0.0 == parts[0] }) {
            groups[index].1.append((parts[1], .scalar(Value(number))))
        } else {
            groups.append((parts[0], [(parts[1], .scalar(Value(number)))]))
        }
    }
    fields += groups.map { ($0.0, .record(name: $0.0, fields: $0.1)) }
    return .record(name: name, fields: fields)
}
