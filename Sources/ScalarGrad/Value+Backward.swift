import Explain

/// What a backward pass does with the gradients already there.
public enum GradientPolicy: Sendable {
    /// Every grad starts from 0: repeating a pass gives the same grads (Gradbook's default).
    case reset
    /// This pass's grads are added to the existing ones, as PyTorch's `.grad` accumulates.
    case accumulate
    /// micrograd's behaviour: nothing is reset; the root's grad is set to 1 and every node adds
    /// to what it had — interior grads left by an earlier pass are propagated again, so a
    /// second pass does not simply double the leaves' grads.
    case micrograd
}

/// Watches a backward pass node by node. The pass is the same with or without one: `backward`
/// runs it with `SilentBackward` (whose empty methods compile away), `backwardSteps` with a
/// recorder that keeps every node's chain rule with its numbers.
protocol BackwardRecorder {
    /// `node` passed `local × upstream` to its input number `index`, whose grad went from
    /// `before` to `after`.
    mutating func contributed(
        _ node: Unmanaged<Value>, index: Int, local: Double, upstream: Double, before: Double, after: Double)
    /// `node` has passed its gradient to all its inputs.
    mutating func finished(_ node: Unmanaged<Value>, upstream: Double)
}

struct SilentBackward: BackwardRecorder {
    @inline(__always)
    mutating func contributed(
        _ node: Unmanaged<Value>, index: Int, local: Double, upstream: Double, before: Double, after: Double
    ) {}
    @inline(__always)
    mutating func finished(_ node: Unmanaged<Value>, upstream: Double) {}
}

/// Keeps each node's step: its formulas and what each input received.
struct StepsRecorder: BackwardRecorder {
    var steps: [BackwardStep] = []
    var contributions: [BackwardStep.Contribution] = []
    var formulas: [Formula] = []

    mutating func contributed(
        _ node: Unmanaged<Value>, index: Int, local: Double, upstream: Double, before: Double, after: Double
    ) {
        let value = node.takeUnretainedValue()
        if index == 0 { formulas = value.localGradientFormulas() }
        contributions.append(
            .init(
                input: value.inputs[index], formula: formulas[index], amount: local * upstream, gradBefore: before,
                gradAfter: after))
    }

    mutating func finished(_ node: Unmanaged<Value>, upstream: Double) {
        steps.append(BackwardStep(node: node.takeUnretainedValue(), upstream: upstream, contributions: contributions))
        contributions = []
    }
}

extension Value {
    /// Backpropagation: fills `grad` of every node below `self` with ∂self/∂node.
    ///
    /// Visits nodes in reverse topological order; each node passes
    /// `local derivative × its own grad` to each input with `+=`, so a value used more than
    /// once collects the sum over its uses (the multivariate chain rule).
    ///
    /// A second call does **not** silently add to the first: gradients are reset to zero
    /// before the pass (unlike micrograd). `.accumulate` adds this pass's gradients to the
    /// existing ones, as PyTorch does; `.micrograd` reproduces micrograd exactly.
    public func backward(_ policy: GradientPolicy = .reset) {
        var silent = SilentBackward()
        backpropagate(policy, &silent)
    }

    /// Backpropagation one node at a time, recording what each node did: the pass
    /// `backward(_:)` performs (the same code), returning for every interior node in the order
    /// visited the upstream gradient, the local derivative formulas with their numbers, and the
    /// amount added to each input.
    public func backwardSteps(_ policy: GradientPolicy = .reset) -> [BackwardStep] {
        var recorder = StepsRecorder()
        backpropagate(policy, &recorder)
        return recorder.steps
    }

    /// The one backward pass, watched by `recorder`.
    func backpropagate<R: BackwardRecorder>(_ policy: GradientPolicy, _ recorder: inout R) {
        let order = unmanagedOrder()
        let previous = policy == .accumulate ? order.map { $0._withUnsafeGuaranteedRef(\.grad) } : []
        if policy != .micrograd { for u in order { u._withUnsafeGuaranteedRef { $0.grad = 0 } } }
        grad = 1
        for u in order.reversed() {
            u._withUnsafeGuaranteedRef { node in
                guard let lhs = node.unownedLHS else { return }
                let rhs = node.unownedRHS
                let (da, db) = node.operation.localGradients(
                    lhs._withUnsafeGuaranteedRef(\.data),
                    rhs?._withUnsafeGuaranteedRef(\.data) ?? 0, out: node.data)
                let upstream = node.grad
                // Each input in turn (x·x adds twice to x: the second sees the first's sum).
                lhs._withUnsafeGuaranteedRef { input in
                    let before = input.grad
                    input.grad += da * upstream
                    recorder.contributed(u, index: 0, local: da, upstream: upstream, before: before, after: input.grad)
                }
                rhs?._withUnsafeGuaranteedRef { input in
                    let before = input.grad
                    input.grad += db * upstream
                    recorder.contributed(u, index: 1, local: db, upstream: upstream, before: before, after: input.grad)
                }
                recorder.finished(u, upstream: upstream)
            }
        }
        if policy == .accumulate {
            for (u, old) in zip(order, previous) { u._withUnsafeGuaranteedRef { $0.grad += old } }
        }
    }

    /// The local derivatives ∂self/∂input as formulas with the current numbers bound.
    public func localGradientFormulas() -> [Formula] {
        let names = inputs.map(\.displayName)
        let operands = zip(names, inputs).map { Operand(name: $0, value: $1.data) }
        guard let a = operands.first else { return [] }
        let out = Operand(name: displayName, value: data)
        let rhs = operation.localGradientFormulas(a, operands.count > 1 ? operands[1] : nil, out: out)
        let (da, db) = operation.localGradients(a.value, operands.count > 1 ? operands[1].value : 0, out: data)
        return zip(zip(names, [da, db]), rhs).map { pair, expression in
            Formula(lhs: "∂\(out.grouped)/∂\(Operand(name: pair.0, value: 0).grouped)", rhs: expression, value: pair.1)
        }
    }
}

/// What one node did during a backward pass: the chain rule at a single node.
public struct BackwardStep {
    /// The amount one input received from this node.
    public struct Contribution {
        /// The input that received gradient.
        public let input: Value
        /// ∂node/∂input, with numbers: the local derivative.
        public let formula: Formula
        /// `formula.value × upstream`: what was added to `input.grad`.
        public let amount: Double
        /// `input.grad` before and after the addition.
        public let gradBefore: Double
        public let gradAfter: Double
    }

    /// The node whose gradient is being passed down.
    public let node: Value
    /// ∂root/∂node: complete when the node is visited, since all its users come before it.
    public let upstream: Double
    /// One entry per input.
    public let contributions: [Contribution]
}
