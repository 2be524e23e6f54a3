extension Tensor {
    /// Every node of the graph below `self`, inputs before their users (iterative, so deep
    /// graphs cannot overflow the stack).
    public func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.inputs.reversed() where !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }

    /// Backpropagation from a single-number tensor: every node below gets `grad` = ∂self/∂node.
    ///
    /// As in the scalar engine, gradients are reset first unless `accumulate` is true (then
    /// this pass is added to the existing gradients, like PyTorch's `.grad`).
    public func backward(accumulate: Bool = false) throws(TensorError) {
        guard count == 1 else { throw .notScalar(op: "backward", shape: shape) }
        try backward(seed: [1], accumulate: accumulate)
    }

    /// Backpropagation that also records, for every operation in the order visited, the
    /// upstream gradient and what each input received (for `backward --step`).
    public func backwardSteps(accumulate: Bool = false) throws(TensorError) -> [TensorBackwardStep] {
        guard count == 1 else { throw .notScalar(op: "backward", shape: shape) }
        var steps: [TensorBackwardStep] = []
        try backward(seed: [1], accumulate: accumulate) { node, gradient, contributions in
            steps.append(TensorBackwardStep(node: node, upstream: gradient, contributions: contributions))
        }
        return steps
    }

    /// Backpropagation with an explicit ∂L/∂self (`seed`, same shape as self).
    public func backward(
        seed: [Float], accumulate: Bool = false,
        record: ((Tensor, [Float], [(Tensor, [Float])]) -> Void)? = nil
    ) throws(TensorError) {
        guard seed.count == count else {
            throw .shapeMismatch(op: "backward", lhs: shape, rhs: [seed.count])
        }
        let order = topologicalOrder()
        var previous: [ObjectIdentifier: [Float]] = [:]
        for node in order {
            if accumulate, let g = node.grad { previous[ObjectIdentifier(node)] = g }
            node.grad = nil
        }
        grad = seed
        for node in order.reversed() {
            guard let operation = node.operation, let gradient = node.grad else { continue }
            let inputGradients = operation.backward(node.inputs, output: node, gradient: gradient)
            if let record {
                let received = zip(node.inputs, inputGradients).compactMap { input, g in
                    input.requiresGrad ? g.map { (input, $0) } : nil
                }
                record(node, gradient, received)
            }
            for (input, contribution) in zip(node.inputs, inputGradients) {
                guard input.requiresGrad, let contribution else { continue }
                if input.grad == nil {
                    input.grad = contribution
                } else {
                    input.grad?.withUnsafeMutableBufferPointer { g in
                        for i in 0..<g.count { g[i] += contribution[i] }
                    }
                }
            }
        }
        if accumulate {
            for node in order {
                guard let old = previous[ObjectIdentifier(node)] else { continue }
                if var g = node.grad {
                    for i in g.indices { g[i] += old[i] }
                    node.grad = g
                } else {
                    node.grad = old
                }
            }
        }
    }

    /// Re-runs every operation below `self` from the current leaf data.
    public func recompute() throws(TensorError) {
        for node in topologicalOrder() {
            guard let operation = node.operation else { continue }
            node.data = try operation.forward(node.inputs).data
        }
    }
}

/// What one operation did during a tensor backward pass.
public struct TensorBackwardStep {
    /// The node whose gradient is passed down.
    public let node: Tensor
    /// ∂root/∂node, complete when the node is visited.
    public let upstream: [Float]
    /// Each input that needs a gradient and the amount it received from this node.
    public let contributions: [(input: Tensor, gradient: [Float])]
}
