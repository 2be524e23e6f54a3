import Explain
import ScalarGrad

extension Command {
    /// `grad a`: a gradient, and how the chain rule produced it.
    static let grad = Command(
        name: "grad",
        abstract: "Show ∂L/∂x from the last backward pass and how the chain rule obtained it",
        usage: "grad NAME",
        examples: ["grad a", "grad w1"]
    ) { invocation throws(NotebookError) in
        try invocation.arguments.checkFlags([], for: invocation.command)
        let (value, name) = try invocation.scalarArgument()
        guard let root = invocation.session.lastBackwardRoot else {
            throw .precondition("no backward pass yet: run 'backward L' first (L being the value to differentiate)")
        }
        let rootName = root.displayName
        let result = Value(value.grad)
        let headline = "∂\(rootName)/∂\(name) = \(NumberFormat.short(value.grad))"
        if value === root {
            return Reply(value: .scalar(result), display: headline + "   (the root: ∂\(rootName)/∂\(rootName) = 1 by definition)")
        }
        // Every (user, operand slot) through which gradient reached the value: `a + a` counts twice.
        let uses = root.topologicalOrder().flatMap { user in
            zip(user.inputs, user.localGradientFormulas()).enumerated()
                .filter { $0.element.0 === value }
                .map { (user: user, slot: $0.offset, formula: $0.element.1) }
        }
        guard !uses.isEmpty else {
            return Reply(value: .scalar(result), display: headline + "   (\(name) is not part of \(rootName)'s graph)")
        }
        let x = value.groupedName
        var lines = [headline]
        lines.append("  chain rule, summed over the \(uses.count == 1 ? "one use" : "\(uses.count) uses") of \(name):  ∂\(rootName)/∂\(x) = Σ ∂\(rootName)/∂u · ∂u/∂\(x)")
        var total = 0.0
        for use in uses {
            let u = use.user.groupedName
            let term = use.user.grad * use.formula.value
            total += term
            let slot = use.user.inputs.count > 1 && use.user.inputs[0] === use.user.inputs[1] ? (use.slot == 0 ? " (left operand)" : " (right operand)") : ""
            lines.append("  via \(use.user.definition)\(slot):  ∂\(rootName)/∂\(u) · ∂\(u)/∂\(x) = \(NumberFormat.short(use.user.grad)) · \(NumberFormat.short(use.formula.value)) = \(NumberFormat.short(term))")
            lines.append("      where \(use.formula)")
        }
        if abs(total - value.grad) > 1e-12 * max(1, abs(total)) {
            lines.append("  note: the terms sum to \(NumberFormat.short(total)), not \(NumberFormat.short(value.grad)): values changed after the backward pass, or grads were accumulated; run backward again")
        }
        return Reply(value: .scalar(result), display: lines.joined(separator: "\n"))
    }
}
