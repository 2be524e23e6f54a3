import Explain
import Limits
import NeuralNet
import Optimizers
import Rendering
import Session
import TensorGrad

extension Command {
    /// `step`: one iteration, explained; `step N`: N iterations, one line each.
    static let step = Command(
        name: "step",
        abstract: "One optimizer iteration with the loss, gradient norms and the update formula with numbers",
        usage: "step [N] [--watch PARAMETER[i,j]] [batch=B|all] [verbose=0|1|2]",
        examples: [
            "step", "step --watch dense_1.W[3,17]", "step --watch x", "step 100", "step batch=1", "step batch=all",
        ],
        discussion:
            "Works on the run in progress: a function being minimized, or the model on the batch of the last 'forward "
            + "… labels=…' with the compiled optimizer. The watched element defaults to the one with the largest "
            + "|gradient|. 'undo' takes a step back. 'step N' prints one line a step: the first, every k-th and "
            + "the last (verbose=2: every step; verbose=0: the last only); 'step verbose=0' takes one step in one "
            + "line, without the formula.",
        options: [
            .text(
                "watch", "PARAMETER[i,j]",
                "the element whose update is shown with numbers (default: the largest |gradient|)"),
            .text(
                "batch", "B|all",
                "on loaded data: the minibatch size each step draws (default 128, kept for later steps); all: the "
                    + "whole training set, the full gradient"),
            .count(
                "verbose", in: 0...2, default: "1",
                "0: one line (of the last step); 1: one step with its formula, or of N steps the first, every "
                    + "k-th and the last; 2: every step"),
        ],
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        if let text = invocation.options.text("batch") {
            let size: Int? =
                text == "all"
                ? nil : try invocation.command.count(text, "batch=", in: 1...100_000_000)
            session.training.stepBatch = size
            // A run on data is rebuilt with the new batch (the optimizer and its state carry on).
            if session.run?.isModel == true, session.lastBatch == nil { session.run = nil }
        }
        let run = try currentRun(session)
        let count: Int
        if let word = invocation.positionals.first {
            count = try invocation.command.count(word, "N", in: 1...Limit.steps.value, limit: .steps)
        } else {
            count = 1
        }
        let watch = try invocation.options.text("watch").map { text throws(NotebookError) in
            try run.element(named: text)
        }
        let verbose = invocation.options.count("verbose") ?? 1
        if count == 1, verbose > 0 {
            let result = try run.step(session: session, watch: watch, explain: true)
            return Reply(
                stepOutputs(result, run: run), value: run.pointObject)
        }
        // Steps are numbered per run, as epochs per model: `step 50` after 200 shows 201 … 250.
        let log = LogSchedule.steps(first: run.steps + 1, count: count, verbose: verbose)
        var lines: [String] = log.omission("step").map { ["(\($0))"] } ?? []
        func line(_ result: TrainingRun.StepResult) -> String {
            let norm = result.gradientNorms.reduce(0.0) { $0 + $1.norm * $1.norm }.squareRoot()
            var line =
                "step \(pad(String(result.step), 5))  loss \(pad(NumberFormat.short(result.loss, digits: 7), 12))  "
                + "‖g‖ \(pad(NumberFormat.short(norm, digits: 4), 10))  lr "
                + "\(NumberFormat.short(result.learningRate, digits: 4))"
            if !run.points.isEmpty, let point = run.points.last {
                line += "  at (" + point.map { NumberFormat.short($0, digits: 5) }.joined(separator: ", ") + ")"
            }
            if let rate = result.newRate { line += "  → lr \(NumberFormat.short(rate)) (plateau)" }
            return line
        }
        var last: (result: TrainingRun.StepResult, shown: Bool)?
        let stopped = try run.run(count, session: session, interrupted: invocation.notebook.interruptRequested) {
            result in
            // A step that changed the learning rate, and the last one run, are always shown.
            let shown = log.shows(result.step) || result.newRate != nil || result.step == log.last
            if shown { lines.append(line(result)) }
            last = (result, shown)
        }
        if stopped, let (result, shown) = last {
            if !shown { lines.append(line(result)) }
            lines.append(
                "stopped by Ctrl-C after \(result.step - log.first + 1) of \(count) steps; the model and the "
                    + "optimizer state so far are kept")
        }
        return Reply(
            [.text(lines.joined(separator: "\n"))], value: run.pointObject)
    }
}
