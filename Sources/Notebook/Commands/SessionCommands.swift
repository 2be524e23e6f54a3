import Explain
import ScalarGrad
import TensorGrad

extension Command {
    /// `vars`: the variables of the session.
    static let vars = Command(
        name: "vars",
        aliases: ["who"],
        abstract: "List the variables with their type, data and grad",
        usage: "vars"
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard !session.names.isEmpty else { return Reply([.text("no variables yet: try  a = 2.0")]) }
        let rows: [[String]] = session.names.compactMap { name in
            guard let object = session[name] else { return nil }
            switch object {
            case .scalar(let value):
                let inputs = value.inputs.map(\.displayName)
                let how = value.isLeaf ? "leaf" : value.operation.expression(inputs[0], inputs.count > 1 ? inputs[1] : "")
                return [name, "Value", NumberFormat.short(value.data), NumberFormat.short(value.grad), how]
            case .tensor(let tensor):
                let grad = tensor.grad.map { "‖g‖ " + NumberFormat.short(tensor.statistics(of: $0).norm, digits: 4) } ?? "—"
                let how = tensor.operation.map { op in "\(op.name)(" + tensor.inputs.map { $0.label ?? Tensor.describe($0.shape) }.joined(separator: ", ") + ")" } ?? "leaf"
                return [name, "Tensor " + Tensor.describe(tensor.shape), tensor.count == 1 ? NumberFormat.short(Double(tensor.data[0])) : "", grad, how]
            case .tuple:
                return [name, object.typeName, object.display, "", ""]
            }
        }
        return Reply([.table(Table(headers: ["name", "type", "data", "grad", "computed as"], rows: rows,
                                   alignments: [.left, .left, .right, .right, .left]))])
    }

    /// `del NAME`: forget a variable.
    static let del = Command(
        name: "del",
        abstract: "Delete variables",
        usage: "del NAME [NAME …]",
        examples: ["del e", "del a b c"]
    ) { invocation throws(NotebookError) in
        let names = invocation.positionals
        guard !names.isEmpty else { throw invocation.command.usageError("expected at least one NAME") }
        for name in names where invocation.session[name] == nil {
            throw .unknownName(name, suggestion: invocation.session.suggestion(for: name))
        }
        for name in names { invocation.session.remove(name) }
        return Reply([.text("deleted " + names.joined(separator: ", "))])
    }

    /// `reset`: start over, keeping the input history.
    static let reset = Command(
        name: "reset",
        abstract: "Forget all variables and outputs (the input history is kept)",
        usage: "reset"
    ) { invocation throws(NotebookError) in
        let count = invocation.session.names.count
        invocation.session.reset()
        return Reply([.text("reset: \(count) variable\(count == 1 ? "" : "s") and all outputs forgotten; history kept")])
    }

    /// `history`: the training history (Keras' History) or the inputs so far.
    static let history = Command(
        name: "history",
        abstract: "The training history per epoch after 'train' (else the input lines); --inputs for the inputs",
        usage: "history [N] [--inputs]",
        examples: ["history", "history --inputs", "history 5 --inputs"],
        options: [.flag("inputs", "list the input lines even after training")]
    ) { invocation throws(NotebookError) in
        let training = invocation.session.trainingHistory
        if !invocation.options.flag("inputs"), !training.epochs.isEmpty {
            let keys = training.keys
            let rows = training.epochs.enumerated().map { index, logs in
                [String(index + 1)] + keys.map { key in logs[key].map { NumberFormat.short($0, digits: 5) } ?? "" }
            }
            return Reply([.table(Table(headers: ["epoch"] + keys, rows: rows, alignments: Array(repeating: .right, count: keys.count + 1))),
                          .text("(the input lines: history --inputs)")])
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

    /// `quit`: leave.
    static let quit = Command(
        name: "quit",
        aliases: ["exit"],
        abstract: "Leave Gradbook (Ctrl-D does the same)",
        usage: "quit"
    ) { _ throws(NotebookError) in
        Reply([.quit])
    }
}
