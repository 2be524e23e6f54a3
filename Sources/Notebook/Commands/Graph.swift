import Rendering
import ScalarGrad
import Session
import TensorGrad

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Command {
    /// `graph L`: the expression DAG, in the terminal or as Graphviz DOT.
    static let graph = Command(
        name: "graph",
        abstract: "Show the expression graph of a value or tensor: each node's op, data and grad",
        usage: "graph NAME [--dot FILE] [--all]",
        examples: ["graph L", "graph o --dot neuron.dot", "graph loss"],
        discussion:
            "--dot writes Graphviz DOT for a Value's graph (render with: dot -Tsvg FILE > graph.svg). Large graphs "
            + "are cut at 200 rows unless --all is given. A tensor's graph shows each node's shape, mean and "
            + "gradient norm ‖g‖.",
        options: [
            .text("dot", "FILE", "write a Value's graph as Graphviz DOT"),
            .flag("all", "show every row of a large graph"),
        ]
    ) { invocation throws(NotebookError) in
        let (object, name) = try invocation.objectArgument()
        let all = invocation.options.flag("all")
        switch object {
        case .scalar(let root):
            if let path = invocation.options.text("dot") {
                try writeText(root.dot(), to: path)
                let count = root.topologicalOrder().count
                return Reply([
                    .text(
                        "wrote \(count) nodes of \(name)'s graph to \(path) (Graphviz DOT; render with: dot -Tsvg "
                            + "\(path) -o graph.svg)"
                    )
                ])
            }
            var view = GraphView(root: root, headers: ["data", "grad"])
            if all { view.limit = .max }
            return Reply(graphOutputs(view.table(), name: name))
        case .tensor(let root):
            if invocation.options.has("dot") {
                throw invocation.command.usageError(
                    "--dot draws a Value's graph; a tensor graph is shown in the terminal")
            }
            var view = GraphView(root: root, headers: ["shape", "data", "‖grad‖"])
            if all { view.limit = .max }
            return Reply(graphOutputs(view.table(), name: name))
        case .tuple, .record:
            throw .type("graph needs a Value or a Tensor, got a \(object.typeName)")
        }
    }

    private static func graphOutputs(_ result: (table: Table, omitted: Int), name: String) -> [Output] {
        var outputs: [Output] = [.table(result.table)]
        if result.omitted > 0 {
            outputs.append(.text("… \(result.omitted) more rows not shown (graph \(name) --all, or --dot FILE)"))
        }
        return outputs
    }
}
