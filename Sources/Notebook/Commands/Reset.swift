import Explain
import ScalarGrad
import TensorGrad

extension Command {
    /// `reset`: start over, keeping the input history.
    static let reset = Command(
        name: "reset",
        abstract: "Forget all variables and outputs (the input history is kept)",
        usage: "reset",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        let count = invocation.session.names.count
        invocation.session.reset()
        return Reply([.text("reset: \(count) variable\(count == 1 ? "" : "s") and all outputs forgotten; history kept")]
        )
    }
}
