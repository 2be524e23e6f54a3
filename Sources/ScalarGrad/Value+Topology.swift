extension Value {
    /// Every node of the graph below `self`, each once, inputs before the nodes that use them.
    ///
    /// Iterative depth-first search with an explicit stack and a visited set keyed by
    /// object identity, so a graph of any depth (a chain of 100k additions, say) is sorted
    /// without recursion and cannot overflow the call stack.
    public func topologicalOrder() -> [Value] {
        var order: [Value] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: Value, expanded: Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            // Push rhs first so lhs is finished first: the order reads left to right.
            if let rhs = node.rhs, !visited.contains(ObjectIdentifier(rhs)) { stack.append((rhs, false)) }
            if let lhs = node.lhs, !visited.contains(ObjectIdentifier(lhs)) { stack.append((lhs, false)) }
        }
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
