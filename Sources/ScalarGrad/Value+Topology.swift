extension Value {
    /// Every node of the graph below `self`, each once, inputs before the nodes that use them.
    ///
    /// Iterative depth-first search with an explicit stack, so a graph of any depth (a chain
    /// of 100k additions, say) is sorted without recursion and cannot overflow the call
    /// stack. Visited nodes are marked on the node itself (micrograd uses a set; a flag is
    /// several times faster) and the marks are cleared before returning.
    public func topologicalOrder() -> [Value] {
        var order: [Value] = []
        var stack: [(node: Value, expanded: Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            guard !node.isVisited else { continue }
            node.isVisited = true
            stack.append((node, true))
            // Push rhs first so lhs is finished first: the order reads left to right.
            if let rhs = node.rhs, !rhs.isVisited { stack.append((rhs, false)) }
            if let lhs = node.lhs, !lhs.isVisited { stack.append((lhs, false)) }
        }
        for node in order { node.isVisited = false }
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
