import Explain
import ScalarGrad

/// The expression graph below a Value as an indented tree, one row per node: its name,
/// how it is computed, its data and grad. A node reached a second time (a value used
/// twice) is shown once and referred to after that.
struct GraphView {
    let root: Value
    /// Rows beyond this are summarised (deep graphs belong in `--dot`).
    var limit = 200

    func table() -> (table: Table, omitted: Int) {
        var rows: [[String]] = []
        var shown = Set<ObjectIdentifier>()
        var omitted = 0
        // Iterative pre-order walk: (node, prefix for its own line, prefix for its children).
        var stack: [(Value, String, String)] = [(root, "", "")]
        while let (node, linePrefix, childPrefix) = stack.popLast() {
            guard rows.count < limit else {
                omitted += 1
                continue
            }
            let name = node.displayName
            let firstVisit = shown.insert(ObjectIdentifier(node)).inserted
            let definition: String
            if node.isLeaf {
                definition = node.label == nil ? "constant" : "leaf"
            } else {
                let inputs = node.inputs.map(\.displayName)
                definition = "= " + node.operation.expression(inputs[0], inputs.count > 1 ? inputs[1] : "")
            }
            rows.append([linePrefix + name + (firstVisit ? "" : "  ↑ (shown above)"),
                         firstVisit ? definition : "",
                         NumberFormat.short(node.data), NumberFormat.short(node.grad)])
            guard firstVisit else { continue }
            let inputs = node.inputs
            for (index, input) in inputs.enumerated().reversed() {
                let last = index == inputs.count - 1
                stack.append((input, childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  ")))
            }
        }
        let table = Table(headers: ["node", "computed as", "data", "grad"], rows: rows,
                          alignments: [.left, .left, .right, .right])
        return (table, omitted)
    }
}
