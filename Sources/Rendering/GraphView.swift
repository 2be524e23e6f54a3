import Explain
import ScalarGrad
import TensorGrad

/// A node that can be drawn as a row of the graph tree.
package protocol GraphNode: AnyObject {
    var graphInputs: [Self] { get }
    var graphName: String { get }
    /// How it is computed: `= a·b`, `leaf`, `= matmul(x, W)`.
    var graphDefinition: String { get }
    /// The value columns: data and grad for a Value; shape, stats and ‖grad‖ for a tensor.
    var graphColumns: [String] { get }
}

/// The expression graph below a node as an indented tree, one row per node. A node
/// reached a second time (a value used twice) is shown once and referred to after that.
package struct GraphView<Node: GraphNode> {
    package let root: Node
    package let headers: [String]
    /// Rows beyond this are summarised (deep graphs belong in `--dot`).
    package var limit = 200

    package init(root: Node, headers: [String]) {
        self.root = root
        self.headers = headers
    }

    package func table() -> (table: Table, omitted: Int) {
        var rows: [[String]] = []
        var shown = Set<ObjectIdentifier>()
        var omitted = 0
        // Iterative pre-order walk: (node, prefix for its own line, prefix for its children).
        var stack: [(Node, String, String)] = [(root, "", "")]
        while let (node, linePrefix, childPrefix) = stack.popLast() {
            guard rows.count < limit else {
                omitted += 1
                continue
            }
            let firstVisit = shown.insert(ObjectIdentifier(node)).inserted
            let columns = node.graphColumns
            rows.append(
                [
                    Self.fitted(linePrefix) + node.graphName + (firstVisit ? "" : "  ↑ (shown above)"),
                    firstVisit ? node.graphDefinition : "",
                ] + columns)
            guard firstVisit else { continue }
            let inputs = node.graphInputs
            for (index, input) in inputs.enumerated().reversed() {
                let last = index == inputs.count - 1
                stack.append((input, childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  ")))
            }
        }
        let table = Table(
            headers: ["node", "computed as"] + headers, rows: rows,
            alignments: [.left, .left] + headers.map { _ in .right })
        return (table, omitted)
    }

    /// Tree levels drawn in full; deeper rows (a long chain such as a 400-term sum) show the
    /// first and last levels with the middle elided, `⋯57⋯`, so the tree keeps its width.
    package static var shownLevels: Int { 6 }

    /// A row's tree prefix (3 characters per level) with the middle levels elided when deep.
    package static func fitted(_ prefix: String) -> String {
        let characters = Array(prefix)
        let levels = characters.count / 3
        guard levels > shownLevels else { return prefix }
        let head = 2
        let tail = shownLevels - head - 2
        let hidden = levels - head - tail
        return String(characters[..<(head * 3)]) + "⋯\(hidden)⋯ " + String(characters[((levels - tail) * 3)...])
    }
}

extension Value: GraphNode {
    package var graphInputs: [Value] { inputs }
    package var graphName: String { displayName }
    package var graphDefinition: String {
        guard !isLeaf else { return label == nil ? "constant" : "leaf" }
        let names = inputs.map(\.displayName)
        return "= " + operation.expression(names[0], names.count > 1 ? names[1] : "")
    }
    package var graphColumns: [String] { [NumberFormat.short(data), NumberFormat.short(grad)] }
}

extension Tensor: GraphNode {
    package var graphInputs: [Tensor] { inputs }
    package var graphName: String { label ?? (operation?.name ?? "tensor") }
    package var graphDefinition: String {
        guard let operation else { return requiresGrad ? "leaf" : "constant" }
        return "= \(operation.name)("
            + inputs.map {
                $0.label ?? ($0.count == 1 ? NumberFormat.short(Double($0.data[0])) : $0.operation?.name ?? "·")
            }.joined(separator: ", ") + ")"
    }
    package var graphColumns: [String] {
        let stats = statistics()
        let data =
            count == 1 ? NumberFormat.short(Double(self.data[0])) : "mean \(NumberFormat.short(stats.mean, digits: 4))"
        return [
            Tensor.describe(shape), data, grad.map { NumberFormat.short(statistics(of: $0).norm, digits: 4) } ?? "—",
        ]
    }
}
