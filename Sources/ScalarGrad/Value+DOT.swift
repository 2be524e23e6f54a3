import Explain

extension Value {
    /// The graph below `self` in Graphviz DOT: one record per value (name | data | grad)
    /// and one small node per operation, as in micrograd's `draw_dot`.
    public func dot() -> String {
        let order = topologicalOrder()
        var ids: [ObjectIdentifier: Int] = [:]
        for (index, node) in order.enumerated() { ids[ObjectIdentifier(node)] = index }
        var lines = ["digraph gradbook {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        for (index, node) in order.enumerated() {
            let record =
                "{ \(escape(node.displayName)) | data \(NumberFormat.fixed(node.data)) | grad "
                + "\(NumberFormat.fixed(node.grad)) }"
            lines.append("  v\(index) [shape=record, label=\"\(record)\"];")
            guard !node.isLeaf else { continue }
            lines.append("  v\(index)op [shape=ellipse, label=\"\(escape(node.operation.symbol))\"];")
            lines.append("  v\(index)op -> v\(index);")
            for input in node.inputs {
                if let inputID = ids[ObjectIdentifier(input)] {
                    lines.append("  v\(inputID) -> v\(index)op;")
                }
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "{}|<>\"\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
