import Explain
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `del NAME`: forget a variable.
    static let del = Command(
        name: "del",
        abstract: "Delete variables",
        usage: "del NAME [NAME …]",
        examples: ["del e", "del a b c"]
    ) { invocation throws(NotebookError) in
        let names = invocation.positionals
        guard !names.isEmpty else { throw invocation.command.usageError("expected at least one NAME") }
        for name in names where invocation.session[name] == nil {
            throw .unknownName(name, suggestion: invocation.session.suggestion(for: name))
        }
        for name in names { invocation.session.remove(name) }
        return Reply([.text("deleted " + names.joined(separator: ", "))])
    }
}
