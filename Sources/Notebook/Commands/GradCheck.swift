import Explain
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `gradcheck L`: analytic gradients against finite differences.
    static let gradcheck = Command(
        name: "gradcheck",
        abstract:
            "Compare backward's gradients with finite differences, leaf by leaf (Values) or input by input (tensors)",
        usage: "gradcheck [NAME]",
        examples: ["gradcheck L", "gradcheck o", "gradcheck   # the loss of the last forward"],
        discussion:
            "Runs a fresh backward pass, then nudges each leaf by ±h (h = 1e-6·max(1,|x|)) and compares (f(x+h) − "
            + "f(x−h))/2h with the analytic gradient."
    ) { invocation throws(NotebookError) in
        let object: Object
        let name: String
        if invocation.positionals.isEmpty, let loss = invocation.session.lastLoss {
            (object, name) = (.tensor(loss), "loss")
        } else {
            (object, name) = try invocation.objectArgument()
        }
        if case .tensor(let tensor) = object { return try tensorCheck(tensor, name: name, invocation: invocation) }
        guard case .scalar(let root) = object else { throw .type("gradcheck needs a Value or a tensor") }
        let check = root.gradientCheck(interrupted: invocation.notebook.interruptRequested)
        invocation.session.lastBackwardRoot = root
        let rows = check.rows.map { row in
            [
                row.name, NumberFormat.short(row.analytic, digits: 10), NumberFormat.short(row.numeric, digits: 10),
                NumberFormat.short(row.relativeError, digits: 2), row.passed ? "ok" : "MISMATCH",
            ]
        }
        let table = Table(
            headers: ["leaf", "analytic ∂\(name)/∂leaf", "numeric (central diff.)", "rel. error", ""],
            rows: rows, alignments: [.left, .right, .right, .right, .left])
        let verdict =
            check.passed
            ? "all \(check.rows.count) gradients agree with finite differences"
            : "\(check.rows.filter { !$0.passed }.count) of \(check.rows.count) gradients disagree"
        return Reply(
            [.table(table), .check(passed: check.passed, message: verdict)]
                + (check.wasInterrupted
                    ? [
                        .warning(
                            "stopped by Ctrl-C after \(check.rows.count) leaves; the rows above are the leaves "
                                + "checked so far"
                        )
                    ] : []))
    }
}

extension Command {
    /// Finite differences for a tensor graph: the worst relative error per input.
    static func tensorCheck(_ root: Tensor, name: String, invocation: Invocation) throws(NotebookError) -> Reply {
        let check: TensorGradientCheck
        do { check = try TensorGradientCheck.check(root, interrupted: invocation.notebook.interruptRequested) } catch {
            throw .tensor(error)
        }
        invocation.session.lastTensorRoot = root
        let rows = check.rows.map { row in
            [
                row.name, Tensor.describe(row.input.shape), NumberFormat.short(row.worstRelativeError, digits: 2),
                "\(row.worstIndex)", NumberFormat.short(row.worstAnalytic, digits: 6),
                NumberFormat.short(row.worstNumeric, digits: 6), row.passed ? "ok" : "MISMATCH",
            ]
        }
        let table = Table(
            headers: ["input", "shape", "worst rel. error", "at", "analytic", "numeric", ""], rows: rows,
            alignments: [.left, .left, .right, .right, .right, .right, .left])
        let verdict =
            check.passed
            ? "all \(check.rows.count) inputs agree with finite differences (Float32 forward, h = 1e-3, differences "
                + "in Double)"
            : "\(check.rows.filter { !$0.passed }.count) of \(check.rows.count) inputs disagree with finite differences"
        let checked = check.rows.reduce(0) { $0 + $1.checked }
        return Reply(
            [.table(table), .check(passed: check.passed, message: verdict)]
                + (check.wasInterrupted
                    ? [
                        .warning(
                            "stopped by Ctrl-C after \(checked) elements; the rows above cover the elements checked "
                                + "so far"
                        )
                    ] : []))
    }
}
