import Explain
import Limits
import Optimizers
import Rendering
import ScalarGrad
import Session

extension Command {
    /// `race sgd momentum rmsprop adam on rosenbrock from (-1.5, 2) steps=500`.
    static let race = Command(
        name: "race",
        abstract: "Run several optimizers from the same point and compare: table, loss plot, optional SVG",
        usage:
            "race OPTIMIZER[options] … on FUNCTION from (x, y) [steps=N] [lr=γ] [threshold=T] [verbose=0|1|2] "
            + "[--svg FILE]",
        examples: [
            "race sgd momentum rmsprop adam on rosenbrock from (-1.5, 2) steps=500",
            "race sgd[lr=0.001] adam[lr=0.05] adam_nobias[lr=0.05] on rosenbrock from (-1.5, 2) steps=300 --svg "
                + "race.svg",
            "race rmsprop rmsprop_wrong on bowl from (1, 1) steps=100 lr=0.01",
        ],
        discussion:
            "Each optimizer starts from the same point with its PyTorch default learning rate, unless lr= (for all) "
            + "or NAME[lr=…] (for one) says otherwise. The table gives the final value and the first step at which "
            + "f < threshold (default 1e-3), then for a function of two coordinates each optimizer's path over the "
            + "contours of f, else a plot of f per step (verbose=2: both; verbose=0: the table only). --svg writes "
            + "the loss curves and the paths over the surface. The session's clipping ('clip') and schedule "
            + "('schedule') apply to every racer alike, as they do to 'step' and 'minimize'.",
        options: [
            .steps, .svg,
            .count(
                "verbose", in: 0...2, default: "1",
                "0: the table only; 1: and the paths over f (two coordinates) or f per step; 2: both pictures"),
            .number(
                "lr", in: 0...Double.greatestFiniteMagnitude, "the learning rate of every optimizer without its own"),
            .number(
                "threshold", in: 0...Double.greatestFiniteMagnitude, default: "1e-3",
                "the table gives the first step with f below it"),
        ],
        parsing: .dynamic { words, session in
            CommandOption.parameters(
                of: words.firstIndex(of: "on").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }, session: session)
        }
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        // The words without the --svg option (however it was written), which the parser read.
        let svgPath = invocation.options.text("svg")
        var words = invocation.arguments.words
        if let i = words.firstIndex(where: { $0 == "--svg" || $0.hasPrefix("--svg=") || $0.hasPrefix("svg=") }) {
            words.removeSubrange(i...(words[i] == "--svg" ? min(i + 1, words.count - 1) : i))
        }
        guard let onIndex = words.firstIndex(of: "on"), onIndex > 0, let fromIndex = words.firstIndex(of: "from"),
            fromIndex == onIndex + 2
        else {
            throw invocation.command.usageError("expected: OPTIMIZER … on FUNCTION from (x, y) …")
        }
        let rest = words[(fromIndex + 1)...]
        let pointText = rest.prefix { !$0.contains("=") }.joined(separator: " ")
        var globals: [String: Double] = [:]
        for word in rest.drop(while: { !$0.contains("=") }) {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { try Command.requireTypedPredictions([word], session: invocation.session) }
            guard parts.count == 2, let value = Command.optionNumber(parts[1], session: invocation.session) else {
                throw invocation.command.usageError(
                    "expected OPTION=NUMBER (finite, or an expression of one), got '\(word)'")
            }
            globals[parts[0]] = value
        }
        let steps = try invocation.command.count(
            globals.removeValue(forKey: "steps"), "steps=", default: 200, limit: .steps)
        let threshold = globals.removeValue(forKey: "threshold") ?? 1e-3
        let verbose = try invocation.command.count(
            globals.removeValue(forKey: "verbose"), "verbose=", default: 1, in: 0...2)
        let functionName = words[onIndex + 1]
        // Options that name a default parameter of the function (condition=50) fix it.
        let spec = try MinimizeSpecification(
            "\(functionName) from \(pointText) with sgd "
                + globals.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
            command: invocation.command, session: session)
        let sharedOptions = spec.optimizerOptions

        // The racers, each with its own optimizer; the race itself is `Race.run` (each runs
        // on its own, through the session's clipping and schedule).
        var racers: [(name: String, run: TrainingRun)] = []
        let names = words[..<onIndex]
        for word in names {
            let (name, own) = try parseOptimizer(word, command: invocation.command, session: session)
            let optimizer: Optimizer
            do throws(OptimizerError) {
                optimizer = try OptimizerFactory.make(name, sharedOptions.merging(own) { _, mine in mine })
            } catch { throw .optimizer(error) }
            racers.append((word, try spec.makeRun(optimizer: optimizer, session: session, title: word)))
        }
        let (entries, stopped) = Race.run(
            racers, steps: steps, threshold: threshold, update: session.training.updateRule,
            interrupted: invocation.notebook.interruptRequested)
        let rows = entries.map { entry in
            [
                entry.name,
                entry.diverged.map { "diverged at step \($0)" } ?? NumberFormat.short(entry.finalLoss, digits: 6),
                "(" + entry.point.map { NumberFormat.short($0, digits: 5) }.joined(separator: ", ") + ")",
                entry.reached.map(String.init) ?? "—", NumberFormat.short(entry.learningRate),
            ]
        }
        let series = entries.map { entry in
            // losses[k] is f after k steps (f at the start first).
            Plot.Series(name: entry.name, points: entry.losses.enumerated().map { (Double($0.offset), $0.element) })
        }
        let paths = entries.map(\.path)
        var notes: [Output] = []
        if let stopped {
            notes.append(
                .warning(
                    "stopped by Ctrl-C: \(stopped.name) after \(stopped.steps) of \(steps) steps"
                        + (entries.count < names.count ? ", the optimizers after it did not run" : "")))
        }
        let plot = Plot(
            title: "\(functionName) from \(pointText): loss per step", xLabel: "step", yLabel: "f",
            logarithmic: entries.allSatisfy { $0.losses.allSatisfy { $0 > 0 } },
            series: series)
        var outputs: [Output] =
            [
                .table(
                    Table(
                        headers: [
                            "optimizer", "final f", "final point", "steps to f < \(NumberFormat.short(threshold))",
                            "lr",
                        ], rows: rows,
                        alignments: [.left, .right, .left, .right, .right]))
            ]
        let surface = spec.surface(
            title: "\(functionName): the paths over f", paths: zip(entries, paths).map { ($0.name, $1) },
            session: session)
        if verbose == 2 || (verbose == 1 && surface == nil) { outputs.append(.plot(plot)) }
        if verbose > 0, let surface { outputs.append(.surface(surface)) }
        outputs += notes
        if let svgPath {
            try writeText(SVGPlot(plot: plot, surface: surface).render(), to: svgPath)
            outputs.append(
                .text(
                    "wrote the loss curves" + (surface == nil ? "" : " and the paths over \(functionName)")
                        + " to \(svgPath)"))
        }
        // The results as a value a check can read: `_.adam.final`, `_.adam.steps` (inf: never).
        var taken: [String: Int] = [:]
        let fields = entries.map { entry -> (String, Object) in
            let kind = String(entry.name.prefix { $0 != "[" })
            taken[kind, default: 0] += 1
            let key = taken[kind] == 1 ? kind : "\(kind)_\(taken[kind] ?? 0)"
            let result = Object.record(
                name: "Racer",
                fields: [
                    ("final", .scalar(Value(entry.finalLoss))),
                    ("steps", .scalar(Value(entry.reached.map(Double.init) ?? .infinity))),
                    ("point", .tuple(entry.point.map { .scalar(Value($0)) })),
                ])
            return (key, result)
        }
        let keys = fields.map(\.0)
        return Reply(
            outputs, value: .record(name: "Race", fields: fields),
            display: "Race(" + keys.joined(separator: ", ") + ")"
                + (keys.first.map { ": read _.\($0).final, _.\($0).steps" } ?? ""))
    }

    /// `adam` or `adam[lr=0.05,amsgrad=1]`: values as every option takes them (`lr=best`,
    /// `amsgrad=yes`).
    private static func parseOptimizer(_ word: String, command: Command, session: Session) throws(NotebookError) -> (
        String, [String: Double]
    ) {
        guard let open = word.firstIndex(of: "[") else { return (word, [:]) }
        guard word.hasSuffix("]") else { throw command.usageError("missing ']' in '\(word)'") }
        let name = String(word[..<open])
        var options: [String: Double] = [:]
        for item in word[word.index(after: open)..<word.index(before: word.endIndex)].split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: " \t") }
            guard parts.count == 2, let value = Command.optionNumber(parts[1], session: session) else {
                throw command.usageError(
                    "expected OPTION=NUMBER (finite, a name or an expression of one, or yes/no) inside '\(word)', "
                        + "got '\(item)'")
            }
            options[parts[0]] = value
        }
        return (name, options)
    }
}
