import Explain
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `reset`: start over, keeping the input history.
    static let reset = Command(
        name: "reset",
        abstract:
            "Start over: forget variables, functions, outputs, the model, the optimizer, the data and the training "
            + "history (the input history is kept)",
        usage: "reset",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let count = session.names.count
        // Name what was there, so nothing disappears unannounced (IPython's %reset asks first).
        var forgotten = ["\(count) variable\(count == 1 ? "" : "s")"]
        if !session.functions.isEmpty { forgotten.append("\(session.functions.count) function(s)") }
        if session.model != nil { forgotten.append("the model") }
        if session.training.optimizer != nil { forgotten.append("the optimizer") }
        if session.data.train != nil { forgotten.append("the data") }
        if !session.runs.current.epochs.isEmpty { forgotten.append("the training history") }
        session.reset()
        let list = forgotten.joined(separator: ", ")
        return Reply([.text("reset: \(list) and all outputs forgotten; input history kept")])
    }
}
