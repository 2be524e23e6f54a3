import Explain
import Randomness
import Session
import TensorGrad

extension Command {
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
}
