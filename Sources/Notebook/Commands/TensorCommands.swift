import Explain
import Randomness
import TensorGrad

extension Command {
    /// `stats X`: summary statistics of a tensor (and of its gradient).
    static let stats = Command(
        name: "stats",
        abstract: "Summary statistics of a tensor and its gradient: mean, std, min, max, norm",
        usage: "stats NAME",
        examples: ["stats W", "stats dense_1.W"]
    ) { invocation throws(NotebookError) in
        let (object, name) = try invocation.objectArgument()
        guard case .tensor(let tensor) = object else { throw .type("stats needs a tensor, got a \(object.typeName)") }
        func row(_ label: String, _ values: [Float]) -> [String] {
            let s = tensor.statistics(of: values)
            return [label, NumberFormat.short(s.mean, digits: 5), NumberFormat.short(s.std, digits: 5),
                    NumberFormat.short(Double(s.min), digits: 5), NumberFormat.short(Double(s.max), digits: 5), NumberFormat.short(s.norm, digits: 5)]
        }
        var rows = [row(name, tensor.data)]
        if let grad = tensor.grad { rows.append(row("∂/∂" + name, grad)) }
        let nonFinite = tensor.data.filter { !$0.isFinite }.count
        var outputs: [Output] = [
            .text("\(name): shape \(Tensor.describe(tensor.shape)), \(tensor.count) elements, float32"),
            .table(Table(headers: ["", "mean", "std", "min", "max", "‖·‖₂"], rows: rows, alignments: [.left] + Array(repeating: .right, count: 5))),
        ]
        if nonFinite > 0 { outputs.append(.warning("\(nonFinite) elements are nan or inf")) }
        return Reply(outputs)
    }

    /// `no_grad STATEMENT`: evaluate without recording a graph.
    static let noGrad = Command(
        name: "no_grad",
        abstract: "Run a statement without recording the graph (PyTorch's torch.no_grad())",
        usage: "no_grad STATEMENT",
        examples: ["no_grad y = x @ W", "no_grad sum(W * W)"],
        parsing: .raw("the text is a statement")
    ) { invocation throws(NotebookError) in
        let text = invocation.arguments.text
        guard !text.isEmpty else { throw invocation.command.usageError("expected a statement") }
        let result = GradMode.withoutGradients { invocation.notebook.evaluate(text) }
        return Reply(result.outputs, value: result.value, display: result.display)
    }

    /// `seed N`: make every later random draw reproducible.
    static let seed = Command(
        name: "seed",
        abstract: "Seed the random generator: every later draw (randn, weights, dropout) is reproducible",
        usage: "seed N",
        examples: ["seed 42"]
    ) { invocation throws(NotebookError) in
        guard let word = invocation.positionals.first else {
            let current = invocation.session.seed.map { "the seed is \($0)" } ?? "no seed set: draws differ from run to run"
            return Reply([.text(current)])
        }
        guard let seed = UInt64(word) else { throw invocation.command.usageError("N must be a whole number ≥ 0, got '\(word)'") }
        invocation.session.seed = seed
        invocation.session.generator = SeededGenerator(seed: seed)
        return Reply([.text("seed \(seed): random draws from here on are reproducible")])
    }
}
