extension Value {
    /// Every node of the graph below `self`, each once, inputs before the nodes that use them.
    ///
    /// Iterative depth-first search with an explicit stack, so a graph of any depth (a chain
    /// of 100k additions, say) is sorted without recursion and cannot overflow the call
    /// stack. Visited nodes are marked on the node itself (micrograd uses a set; a flag is
    /// several times faster) and the marks are cleared before returning.
    public func topologicalOrder() -> [Value] {
        unmanagedOrder().map { $0.takeUnretainedValue() }
    }

    /// The same order without reference counting: the walk touches every node a few times,
    /// and retaining and releasing each reference cost more than the walk itself. Valid while
    /// `self` is alive (it owns every node below it).
    func unmanagedOrder() -> [Unmanaged<Value>] {
        var order: [Unmanaged<Value>] = []
        var stack: [(node: Unmanaged<Value>, expanded: Bool)] = [(Unmanaged.passUnretained(self), false)]
        while let (u, expanded) = stack.popLast() {
            if expanded {
                order.append(u)
                continue
            }
            u._withUnsafeGuaranteedRef { node in
                guard !node.isVisited else { return }
                node.isVisited = true
                stack.append((u, true))
                // Push rhs first so lhs is finished first: the order reads left to right.
                if let rhs = node.unownedRHS, !rhs._withUnsafeGuaranteedRef(\.isVisited) { stack.append((rhs, false)) }
                if let lhs = node.unownedLHS, !lhs._withUnsafeGuaranteedRef(\.isVisited) { stack.append((lhs, false)) }
            }
        }
        for u in order { u._withUnsafeGuaranteedRef { $0.isVisited = false } }
        return order
    }

    /// The leaves (inputs, constants, parameters) of the graph below `self`, in topological order.
    public func leaves() -> [Value] {
        topologicalOrder().filter(\.isLeaf)
    }

    /// Recomputes every interior node from the current leaf values (after a leaf's `data` changed).
    public func recompute() {
        for node in topologicalOrder() { node.recomputeData() }
    }

    /// Re-applies this node's forward rule to its inputs' current data.
    @inline(__always)
    func recomputeData() {
        guard let lhs else { return }
        data = operation.forward(lhs.data, rhs?.data ?? 0)
    }
}
