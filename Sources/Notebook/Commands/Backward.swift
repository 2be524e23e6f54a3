import Explain
import ScalarGrad

extension Command {
    /// `backward L`: backpropagation from a Value, optionally one node at a time.
    static let backward = Command(
        name: "backward",
        abstract: "Backpropagate from a value: fill every node's grad with ∂L/∂node",
        usage: "backward NAME [--step] [--accumulate]",
        examples: ["backward L", "backward L --step", "backward loss --accumulate"],
        discussion: """
            Gradients are reset to 0 before each pass, so running backward twice gives the \
            same grads (micrograd silently adds them up). With --accumulate the new \
            gradients are added to the existing ones, as PyTorch's .grad accumulates.
            --step walks the nodes in reverse topological order, one per Enter: the \
            upstream gradient, the local derivative with its numbers, and what each input receives.
            """
    ) { invocation throws(NotebookError) in
        try invocation.arguments.checkFlags(["step", "accumulate"], for: invocation.command)
        let (root, name) = try invocation.scalarArgument()
        let accumulate = invocation.arguments.flag("accumulate")
        invocation.session.lastBackwardRoot = root
        let order = root.topologicalOrder()
        let policy = accumulate
            ? "this pass's gradients were added to the existing ones (--accumulate)"
            : "grads were reset to 0 first, so repeating this gives the same result (--accumulate adds instead)"
        guard invocation.arguments.flag("step") else {
            root.backward(accumulate: accumulate)
            let leaves = order.filter { $0.isLeaf && $0.label != nil }
            var lines = ["backward pass from \(name): \(order.count) nodes, ∂\(name)/∂\(name) = 1; \(policy)"]
            if !leaves.isEmpty {
                lines.append("  " + leaves.map { "∂\(name)/∂\($0.displayName) = \(NumberFormat.short($0.grad))" }.joined(separator: "   "))
            }
            var outputs: [Output] = [.text(lines.joined(separator: "\n"))]
            if order.contains(where: { !$0.grad.isFinite }) {
                outputs.append(.warning("some gradients are nan or inf: look for an overflow in the forward pass (graph \(name))"))
            }
            return Reply(outputs)
        }
        let steps = root.backwardSteps(accumulate: accumulate)
        let intro = """
            Backward pass from \(name), one node per step (\(steps.count) interior nodes, reverse topological order).
            Start: ∂\(name)/∂\(name) = 1. Each node, once all its users are done, passes
            ∂\(name)/∂node × ∂node/∂input to each input (chain rule), added with += .
            Note: \(policy).
            """
        var pages: [[Output]] = [[.text(intro)]]
        for (index, step) in steps.enumerated() {
            pages.append([.text(BackwardStepView(step: step, root: name, index: index + 1, count: steps.count).text)])
        }
        let summary = order.filter(\.isLeaf).map { "\($0.displayName).grad = \(NumberFormat.short($0.grad))" }
        pages.append([.text("Done. " + summary.joined(separator: ", "))])
        return Reply([.steps(title: "backward \(name)", pages: pages)])
    }
}

/// The text of one node's step in `backward --step`.
struct BackwardStepView {
    let step: BackwardStep
    let root: String
    let index: Int
    let count: Int

    var text: String {
        let node = step.node
        let n = node.groupedName
        var lines = ["[\(index)/\(count)] \(node.definition)   data \(NumberFormat.short(node.data))   upstream ∂\(root)/∂\(n) = \(NumberFormat.short(step.upstream))"]
        for contribution in step.contributions {
            let input = contribution.input.displayName
            let x = contribution.input.groupedName
            lines.append("  → \(input):  local  \(contribution.formula)")
            lines.append("       chain  ∂\(root)/∂\(n) · ∂\(n)/∂\(x) = \(NumberFormat.short(step.upstream)) · \(NumberFormat.short(contribution.formula.value)) = \(NumberFormat.short(contribution.amount))")
            lines.append("       \(x).grad += \(NumberFormat.short(contribution.amount)):  \(NumberFormat.short(contribution.gradBefore)) → \(NumberFormat.short(contribution.gradAfter))")
        }
        return lines.joined(separator: "\n")
    }
}
