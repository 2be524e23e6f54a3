import Explain
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `grad a`: a gradient, and how the chain rule produced it.
    static let grad = Command(
        name: "grad",
        abstract: "Show ∂L/∂x from the last backward pass and how the chain rule obtained it",
        usage: "grad NAME",
        examples: ["grad a", "grad w1", "grad dense_1.W"]
    ) { invocation throws(NotebookError) in
        let (object, name) = try invocation.objectArgument()
        if case .tensor(let tensor) = object {
            return try tensorGradient(tensor, name: name, session: invocation.session)
        }
        guard case .scalar(let value) = object else { throw .type("grad needs a Value or a tensor, got a tuple") }
        guard let root = invocation.session.lastBackwardRoot else {
            throw .precondition("no backward pass yet: run 'backward L' first (L being the value to differentiate)")
        }
        let rootName = root.displayName
        let result = Value(value.grad)
        let headline = "∂\(rootName)/∂\(name) = \(NumberFormat.short(value.grad))"
        if value === root {
            return Reply(
                [.text(headline + "   (the root: ∂\(rootName)/∂\(rootName) = 1 by definition)")], value: .scalar(result)
            )
        }
        // Every (user, operand slot) through which gradient reached the value: `a + a` counts twice.
        let uses = root.topologicalOrder().flatMap { user in
            zip(user.inputs, user.localGradientFormulas()).enumerated()
                .filter { $0.element.0 === value }
                .map { (user: user, slot: $0.offset, formula: $0.element.1) }
        }
        guard !uses.isEmpty else {
            return Reply([.text(headline + "   (\(name) is not part of \(rootName)'s graph)")], value: .scalar(result))
        }
        let x = value.groupedName
        var lines = [headline]
        lines.append(
            "  chain rule, summed over the \(uses.count == 1 ? "one use" : "\(uses.count) uses") of \(name):  "
                + "∂\(rootName)/∂\(x) = Σ ∂\(rootName)/∂u · ∂u/∂\(x)"
        )
        var total = 0.0
        for use in uses {
            let u = use.user.groupedName
            let term = use.user.grad * use.formula.value
            total += term
            let slot =
                use.user.inputs.count > 1 && use.user.inputs[0] === use.user.inputs[1]
                ? (use.slot == 0 ? " (left operand)" : " (right operand)") : ""
            lines.append(
                "  via \(use.user.definition)\(slot):  ∂\(rootName)/∂\(u) · ∂\(u)/∂\(x) = "
                    + "\(NumberFormat.short(use.user.grad)) · \(NumberFormat.short(use.formula.value)) = "
                    + "\(NumberFormat.short(term))"
            )
            lines.append("      where \(use.formula)")
        }
        if abs(total - value.grad) > 1e-12 * max(1, abs(total)) {
            lines.append(
                "  note: the terms sum to \(NumberFormat.short(total)), not \(NumberFormat.short(value.grad)): values "
                    + "changed after the backward pass, or grads were accumulated; run backward again"
            )
        }
        // The explanation is output; Out holds the value (IPython keeps prose out of Out).
        return Reply([.text(lines.joined(separator: "\n"))], value: .scalar(result))
    }
}

extension Command {
    /// The gradient of a tensor as the value, with its summary statistics as output.
    static func tensorGradient(_ tensor: Tensor, name: String, session: Session) throws(NotebookError) -> Reply {
        guard let gradient = tensor.grad else {
            let hint =
                session.lastTensorRoot == nil
                ? "run backward on a loss first"
                : "the last backward pass did not reach it (does the loss depend on it, and does it track gradients?)"
            throw .precondition("\(name) has no gradient: \(hint)")
        }
        let root = session.lastTensorRoot?.label ?? "loss"
        let stats = tensor.statistics(of: gradient)
        let line =
            "∂\(root)/∂\(name): shape \(Tensor.describe(tensor.shape))   mean "
            + "\(NumberFormat.short(stats.mean, digits: 4))   std \(NumberFormat.short(stats.std, digits: 4))   min "
            + "\(NumberFormat.short(Double(stats.min), digits: 4))   max "
            + "\(NumberFormat.short(Double(stats.max), digits: 4))   ‖g‖ "
            + "\(NumberFormat.short(stats.norm, digits: 5))"
        let value = Tensor(shape: tensor.shape, data: gradient)
        // The statistics are output; Out holds the gradient itself (printed once, fitted to the width).
        return Reply([.text(line)], value: .tensor(value))
    }
}
