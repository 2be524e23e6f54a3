import Explain
import ScalarGrad

extension Command {
    /// `gradcheck L`: analytic gradients against finite differences.
    static let gradcheck = Command(
        name: "gradcheck",
        abstract: "Compare backward's gradients with finite differences, leaf by leaf",
        usage: "gradcheck NAME",
        examples: ["gradcheck L", "gradcheck o"],
        discussion: "Runs a fresh backward pass, then nudges each leaf by ±h (h = 1e-6·max(1,|x|)) and compares (f(x+h) − f(x−h))/2h with the analytic gradient."
    ) { invocation throws(NotebookError) in
        try invocation.arguments.checkFlags([], for: invocation.command)
        let (root, name) = try invocation.scalarArgument()
        let check = root.gradientCheck()
        invocation.session.lastBackwardRoot = root
        let rows = check.rows.map { row in
            [row.name, NumberFormat.short(row.analytic, digits: 10), NumberFormat.short(row.numeric, digits: 10),
             NumberFormat.short(row.relativeError, digits: 2), row.passed ? "ok" : "MISMATCH"]
        }
        let table = Table(headers: ["leaf", "analytic ∂\(name)/∂leaf", "numeric (central diff.)", "rel. error", ""],
                          rows: rows, alignments: [.left, .right, .right, .right, .left])
        let verdict = check.passed
            ? "all \(check.rows.count) gradients agree with finite differences"
            : "\(check.rows.filter { !$0.passed }.count) of \(check.rows.count) gradients disagree"
        return Reply([.table(table), .check(passed: check.passed, message: verdict)])
    }
}
