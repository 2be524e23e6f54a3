import Explain
import Foundation
import Session

extension Command {
    /// `check EXPR OP EXPECTED [tol=T]`: verify a claim, as lessons do; bare `check` re-runs the
    /// current lesson step's checks.
    static let check = Command(
        name: "check",
        abstract: "Check a claim about a value: EXPR ==, !=, <, <=, > or >= EXPECTED (bare: the step's checks)",
        usage: "check [EXPR OP EXPECTED [tol=T]]",
        examples: [
            "check a.grad == 6", "check (f2 - f1)/h == 14 tol=1e-3", "check loss < 0.1", "check W.grad != 0",
            "check   # the current lesson step's checks again",
        ],
        discussion: """
            == holds to 1e-4 relative (absolute for numbers below 1), or to tol= when given. \
            A tensor compares element by element and the check holds when every element does; \
            reductions (sum, mean, max) and indexing (x[0, 1]) give single numbers.
            """,
        parsing: .raw("the text is a comparison")
    ) { invocation throws(NotebookError) in
        let text = invocation.arguments.text.trimmingCharacters(in: " \t")
        guard !text.isEmpty else {
            guard let progress = invocation.session.lessonProgress else {
                throw invocation.command.usageError("expected EXPR OP EXPECTED (bare 'check' needs a lesson step)")
            }
            let checks = progress.lesson.sections[progress.section].checks
            guard !checks.isEmpty else { return Reply([.text("this step has no checks")]) }
            return Reply(checks.map { Command.check($0, notebook: invocation.notebook) })
        }
        return Reply([Command.check(text, notebook: invocation.notebook)])
    }
}
