import Explain
import Randomness
import Rendering
import Session
import TensorGrad

extension Command {
    /// `stats X`: summary statistics of a tensor (and of its gradient).
    static let stats = Command(
        name: "stats",
        abstract: "Summary statistics of a tensor and its gradient: mean, std, min, max, norm",
        usage: "stats NAME",
        examples: ["stats W", "stats dense_1.W"]
    ) { invocation throws(NotebookError) in
        let (object, name) = try invocation.objectArgument()
        guard case .tensor(let tensor) = object else { throw .type("stats needs a tensor, got a \(object.typeName)") }
        func row(_ label: String, _ values: [Float]) -> [String] {
            let s = tensor.statistics(of: values)
            return [
                label, NumberFormat.short(s.mean, digits: 5), NumberFormat.short(s.std, digits: 5),
                NumberFormat.short(Double(s.min), digits: 5), NumberFormat.short(Double(s.max), digits: 5),
                NumberFormat.short(s.norm, digits: 5),
            ]
        }
        var rows = [row(name, tensor.data)]
        if let grad = tensor.grad { rows.append(row("∂/∂" + name, grad)) }
        let nonFinite = tensor.data.filter { !$0.isFinite }.count
        var outputs: [Output] = [
            .text("\(name): shape \(Tensor.describe(tensor.shape)), \(tensor.count) elements, float32"),
            .table(
                Table(
                    headers: ["", "mean", "std", "min", "max", "‖·‖₂"], rows: rows,
                    alignments: [.left] + Array(repeating: .right, count: 5))),
        ]
        if nonFinite > 0 { outputs.append(.warning("\(nonFinite) elements are nan or inf")) }
        return Reply(outputs)
    }
}
