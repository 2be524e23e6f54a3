import Explain
import Foundation

extension Command {
    /// `check EXPR == EXPECTED`: verify a value, as lessons do.
    static let check = Command(
        name: "check",
        abstract: "Check that an expression has the expected value (to 1e-4 relative)",
        usage: "check EXPR == EXPECTED",
        examples: ["check a.grad == 6", "check o == 0.7071"],
        parsing: .raw("the text is an expression")
    ) { invocation throws(NotebookError) in
        guard invocation.arguments.text.contains("==") else {
            throw invocation.command.usageError("expected EXPR == EXPECTED")
        }
        return Reply([Command.check(invocation.arguments.text, notebook: invocation.notebook)])
    }
}
