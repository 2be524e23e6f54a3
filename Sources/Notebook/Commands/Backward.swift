import Explain
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `backward L`: backpropagation from a Value, optionally one node at a time.
    static let backward = Command(
        name: "backward",
        abstract: "Backpropagate from a value or a single-number tensor: fill every node's grad with ∂L/∂node",
        usage: "backward [NAME] [--step] [--accumulate] [--micrograd]",
        examples: [
            "backward L", "backward L --step", "backward loss --accumulate",
            "backward   # the loss of the last forward",
        ],
        discussion: """
            Gradients are reset to 0 before each pass, so running backward twice gives the \
            same grads. With --accumulate the new gradients are added to the existing ones, as \
            PyTorch's .grad accumulates (a second pass doubles the leaves' grads). micrograd \
            resets nothing, not even interior nodes, so a second pass propagates the doubled \
            interior grads again: --micrograd reproduces that (on L = (a·b + c)·f, a's grad \
            goes from 6 to 24, not 12).
            --step walks the nodes in reverse topological order, one per Enter: the \
            upstream gradient, the local derivative with its numbers, and what each input receives.
            """,
        options: [
            .flag("step", "walk the nodes one at a time, with each local derivative's numbers"),
            .flag("accumulate", "add to the existing gradients instead of resetting them (PyTorch's .grad)"),
            .flag(
                "micrograd",
                "reset nothing, as micrograd does: interior grads left by an earlier pass are propagated again"),
        ]
    ) { invocation throws(NotebookError) in
        let accumulate = invocation.options.flag("accumulate")
        let object: Object
        let name: String
        if invocation.positionals.isEmpty, let loss = invocation.session.lastLoss {
            (object, name) = (.tensor(loss), "loss")
        } else if invocation.positionals.isEmpty {
            throw invocation.command.usageError(
                "expected NAME (e.g. backward L); backward alone uses the loss of the last 'forward … labels=…', "
                    + "and there is none yet")
        } else {
            (object, name) = try invocation.objectArgument()
        }
        guard case .scalar(let root) = object else {
            if invocation.options.flag("micrograd") {
                throw invocation.command.usageError("--micrograd applies to Values (micrograd's engine), not tensors")
            }
            guard case .tensor(let tensor) = object else {
                throw .type("backward needs a Value or a tensor, got a tuple")
            }
            return try tensorBackward(
                tensor, name: name, accumulate: accumulate, step: invocation.options.flag("step"),
                session: invocation.session)
        }
        invocation.session.lastBackwardRoot = root
        let order = root.topologicalOrder()
        let micrograd = invocation.options.flag("micrograd")
        if micrograd, accumulate {
            throw invocation.command.usageError("--micrograd and --accumulate exclude each other")
        }
        let gradients: GradientPolicy = micrograd ? .micrograd : (accumulate ? .accumulate : .reset)
        let policy =
            switch gradients {
            case .accumulate: "this pass's gradients were added to the existing ones (--accumulate)"
            case .micrograd:
                "nothing was reset, as in micrograd: every node, interior ones too, added to the grad it had"
            case .reset:
                "grads were reset to 0 first, so repeating this gives the same result (--accumulate adds instead)"
            }
        guard invocation.options.flag("step") else {
            root.backward(gradients)
            let leaves = order.filter { $0.isLeaf && $0.label != nil }
            var lines = ["backward pass from \(name): \(order.count) nodes, ∂\(name)/∂\(name) = 1; \(policy)"]
            if !leaves.isEmpty {
                lines.append(
                    "  "
                        + leaves.map { "∂\(name)/∂\($0.displayName) = \(NumberFormat.short($0.grad))" }.joined(
                            separator: "   "))
            }
            var outputs: [Output] = [.text(lines.joined(separator: "\n"))]
            if order.contains(where: { !$0.grad.isFinite }) {
                outputs.append(
                    .warning("some gradients are nan or inf: look for an overflow in the forward pass (graph \(name))"))
            }
            return Reply(outputs)
        }
        let steps = root.backwardSteps(gradients)
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

extension Command {
    /// Backward from a tensor: a summary of every leaf's gradient, or one page per operation.
    static func tensorBackward(_ root: Tensor, name: String, accumulate: Bool, step: Bool, session: Session)
        throws(NotebookError) -> Reply
    {
        let policy =
            accumulate
            ? "this pass's gradients were added to the existing ones (--accumulate)"
            : "grads were reset first, so repeating this gives the same result (--accumulate adds instead)"
        let steps: [TensorBackwardStep]
        do {
            if step {
                steps = try root.backwardSteps(accumulate: accumulate)
            } else {
                try root.backward(accumulate: accumulate)
                steps = []
            }
        } catch {
            throw .tensor(error)
        }
        session.lastTensorRoot = root
        let leaves = root.topologicalOrder().filter { $0.isLeaf && $0.requiresGrad }
        let rows = leaves.map { leaf in
            [
                leaf.label ?? "(unnamed)", Tensor.describe(leaf.shape),
                leaf.grad.map { NumberFormat.short(leaf.statistics(of: $0).norm, digits: 5) } ?? "—",
            ]
        }
        let summary: [Output] = [
            .text(
                "backward pass from \(name) = \(NumberFormat.short(Double(root.data[0]))): "
                    + "\(root.topologicalOrder().count) tensors; \(policy)"
            ),
            .table(
                Table(headers: ["leaf", "shape", "‖∂\(name)/∂leaf‖"], rows: rows, alignments: [.left, .left, .right])),
        ]
        guard step else { return Reply(summary + [.text("see one with: grad NAME")]) }
        var pages: [[Output]] = [
            [
                .text(
                    "Backward pass from \(name), one operation per step (\(steps.count) operations, reverse "
                        + "topological order).\nStart: ∂\(name)/∂\(name) = 1. Each operation multiplies the gradient "
                        + "it receives by its local\nJacobian (its vector-Jacobian product) and adds the result to "
                        + "each input's grad."
                )
            ]
        ]
        for (index, step) in steps.enumerated() {
            let node = step.node
            let norm = { (g: [Float]) in NumberFormat.short(node.statistics(of: g).norm, digits: 5) }
            var lines = [
                "[\(index + 1)/\(steps.count)] \(node.graphName) \(node.graphDefinition)   shape "
                    + "\(Tensor.describe(node.shape))   upstream ‖∂\(name)/∂\(node.graphName)‖ = \(norm(step.upstream))"
            ]
            for (input, gradient) in step.contributions {
                lines.append(
                    "  → \(input.graphName) \(Tensor.describe(input.shape)):  receives a gradient of norm "
                        + "\(norm(gradient))"
                )
            }
            pages.append([.text(lines.joined(separator: "\n"))])
        }
        pages.append(summary)
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
        var lines = [
            "[\(index)/\(count)] \(node.definition)   data \(NumberFormat.short(node.data))   upstream ∂\(root)/∂\(n) "
                + "= \(NumberFormat.short(step.upstream))"
        ]
        for contribution in step.contributions {
            let input = contribution.input.displayName
            let x = contribution.input.groupedName
            lines.append("  → \(input):  local  \(contribution.formula)")
            lines.append(
                "       chain  ∂\(root)/∂\(n) · ∂\(n)/∂\(x) = \(NumberFormat.short(step.upstream)) · "
                    + "\(NumberFormat.short(contribution.formula.value)) = \(NumberFormat.short(contribution.amount))"
            )
            lines.append(
                "       \(x).grad += \(NumberFormat.short(contribution.amount)):  "
                    + "\(NumberFormat.short(contribution.gradBefore)) → \(NumberFormat.short(contribution.gradAfter))"
            )
        }
        return lines.joined(separator: "\n")
    }
}
