import Explain
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `quit`: leave.
    static let quit = Command(
        name: "quit",
        aliases: ["exit"],
        abstract: "Leave Gradbook (Ctrl-D does the same)",
        usage: "quit",
        positionals: 0...0
    ) { _ throws(NotebookError) in
        Reply([.quit])
    }
}
