#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScalarGrad

extension Command {
    /// `graph L`: the expression DAG, in the terminal or as Graphviz DOT.
    static let graph = Command(
        name: "graph",
        abstract: "Show the expression graph of a value: each node's op, data and grad",
        usage: "graph NAME [--dot FILE] [--all]",
        examples: ["graph L", "graph o --dot neuron.dot"],
        discussion: "--dot writes Graphviz DOT (render with: dot -Tsvg FILE > graph.svg). Large graphs are cut at 200 rows unless --all is given."
    ) { invocation throws(NotebookError) in
        try invocation.arguments.checkFlags(["dot", "all"], for: invocation.command)
        let (root, name) = try invocation.scalarArgument(options: ["dot"])
        if invocation.arguments.flag("dot") {
            guard let path = invocation.arguments.value(of: "dot"), !path.hasPrefix("--") else {
                throw invocation.command.usageError("--dot needs a file name")
            }
            try writeText(root.dot(), to: path)
            let count = root.topologicalOrder().count
            return Reply([.text("wrote \(count) nodes of \(name)'s graph to \(path) (Graphviz DOT; render with: dot -Tsvg \(path) -o graph.svg)")])
        }
        var view = GraphView(root: root)
        if invocation.arguments.flag("all") { view.limit = .max }
        let (table, omitted) = view.table()
        var outputs: [Output] = [.table(table)]
        if omitted > 0 {
            outputs.append(.text("… \(omitted) more rows not shown (graph \(name) --all, or --dot FILE)"))
        }
        return Reply(outputs)
    }
}

/// Writes `text` to `path`, replacing the file; errors name the path and the reason.
func writeText(_ text: String, to path: String) throws(NotebookError) {
    guard let file = fopen(path, "w") else {
        throw .file(path: path, reason: String(cString: strerror(errno)))
    }
    defer { fclose(file) }
    let bytes = Array(text.utf8)
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
        throw .file(path: path, reason: "could not write: " + String(cString: strerror(errno)))
    }
}
