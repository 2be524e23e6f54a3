import Explain
import Limits
import NeuralNet
import Optimizers
import Session
import TensorGrad

extension Command {
    /// `undo`: revert the last step.
    static let undo = Command(
        name: "undo",
        abstract: "Revert the last step: parameters and optimizer state (try another lr from the same point)",
        usage: "undo",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        guard let run = invocation.session.run else { throw .precondition("no run in progress: nothing to undo") }
        guard run.undo(plateau: &invocation.session.training.plateau) else {
            throw .precondition("nothing to undo: no step since the run started (or the last 50 were undone)")
        }
        let point =
            run.points.last.map { " at (" + $0.map { NumberFormat.short($0) }.joined(separator: ", ") + ")" } ?? ""
        return Reply([
            .text(
                "undid step \(run.steps + 1): parameters and \(run.optimizer.displayName) state are as after step "
                    + "\(run.steps)\(point)"
            )
        ])
    }
}
