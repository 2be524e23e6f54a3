import Language
import ScalarGrad
import Session
import Syntax

extension Command {
    /// Every built-in command, in the order `help` lists them. A new command is one new file
    /// declaring a `static let` and one entry here.
    package static let builtins: [Command] = [
        // Autograd (Values and tensors)
        .backward, .grad, .graph, .gradcheck, .stats, .noGrad, .seed,
        // Networks
        .model, .add, .summary, .forward, .compare,
        // Optimizers
        .compile, .explain, .step, .state, .undo, .schedule, .clip, .minimize, .race,
        // Data and training runs
        .data, .train, .callback, .evaluate, .predict, .confusion, .show, .boundary, .plot, .diagnose, .lrFind, .search,
        // Lessons
        .lesson, .next, .back, .run, .check,
        // The session
        .vars, .del, .reset, .history, .save, .load, .echo, .help, .quit,
    ]
}

extension Invocation {
    /// Evaluates the command's positional words as one expression.
    func objectArgument(what: String = "NAME") throws(NotebookError) -> (object: Object, name: String) {
        let text = positionals.joined(separator: " ")
        guard !text.isEmpty else { throw command.usageError("expected \(what)") }
        let expr: Expr
        do { expr = try Parser.expression(text) } catch { throw .syntax(error, source: text) }
        var evaluator = Evaluator(session: session)
        let object = try evaluator.evaluate(expr)
        switch object {
        case .scalar(let value): return (object, value.label ?? text)
        case .tensor(let tensor): return (object, tensor.label ?? text)
        case .tuple, .record: return (object, text)
        }
    }
}
