import Explain
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `vars`: the variables of the session.
    static let vars = Command(
        name: "vars",
        aliases: ["who"],
        abstract: "List the variables with their type, data and grad",
        usage: "vars",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard !session.names.isEmpty else { return Reply([.text("no variables yet: try  a = 2.0")]) }
        let rows: [[String]] = session.names.compactMap { name in
            guard let object = session[name] else { return nil }
            switch object {
            case .scalar(let value):
                let inputs = value.inputs.map(\.displayName)
                let how =
                    value.isLeaf ? "leaf" : value.operation.expression(inputs[0], inputs.count > 1 ? inputs[1] : "")
                return [name, "Value", NumberFormat.short(value.data), NumberFormat.short(value.grad), how]
            case .tensor(let tensor):
                let grad =
                    tensor.grad.map { "‖g‖ " + NumberFormat.short(tensor.statistics(of: $0).norm, digits: 4) } ?? "—"
                let how =
                    tensor.operation.map { op in
                        "\(op.name)("
                            + tensor.inputs.map { $0.label ?? Tensor.describe($0.shape) }.joined(separator: ", ") + ")"
                    } ?? "leaf"
                return [
                    name, "Tensor " + Tensor.describe(tensor.shape),
                    tensor.count == 1 ? NumberFormat.short(Double(tensor.data[0])) : "", grad, how,
                ]
            case .tuple, .record:
                return [name, object.typeName, object.display, "", ""]
            }
        }
        return Reply([
            .table(
                Table(
                    headers: ["name", "type", "data", "grad", "computed as"], rows: rows,
                    alignments: [.left, .left, .right, .right, .left]))
        ])
    }
}
