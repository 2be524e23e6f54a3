import Explain
import Language
import Limits
import Optimizers
import Rendering
import ScalarGrad
import Session
import Syntax

extension Command {
    /// `minimize f from (-1.5, 2) with adam lr=0.01 steps=200`.
    static let minimize = Command(
        name: "minimize",
        abstract: "Minimize a function of a few numbers from a starting point with any optimizer",
        usage: "minimize FUNCTION from (x, y, …) with OPTIMIZER [OPTION=VALUE …] [steps=N] [verbose=0|1|2]",
        examples: [
            "f(x, y) = (1 - x)^2 + 100*(y - x^2)^2", "minimize f from (-1.5, 2) with adam lr=0.01 steps=200",
            "minimize bowl from (1, 1) with sgd lr=0.1 condition=50",
            "minimize rosenbrock from (-1.5, 2) with momentum lr=0.0002 steps=0",
        ],
        discussion: "Built-in functions: " + UserFunction.library.map(\.source).joined(separator: "; ")
            + ". Options that name a parameter with a default (condition=50) set it. Afterwards 'step' continues the "
            + "run one iteration at a time, with the formula; 'undo' steps back. verbose=1 (the default) prints the "
            + "first step, every k-th and the last, and after more than 20 steps a picture: the path over the "
            + "contours of f for a function of two coordinates, else f per step; verbose=2 every step; "
            + "verbose=0 only the "
            + "result.",
        options: [.steps, .verbose],
        parsing: .dynamic { words, session in
            let optimizer = words.firstIndex(of: "with").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
            return CommandOption.optimizer(optimizer ?? "")
                + CommandOption.parameters(of: words.first, session: session)
        }
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let spec = try MinimizeSpecification(invocation.arguments.text, command: invocation.command, session: session)
        let optimizer: Optimizer
        do throws(OptimizerError) {
            optimizer = try OptimizerFactory.make(spec.optimizerName, spec.optimizerOptions)
        } catch { throw .optimizer(error) }
        let run = try spec.makeRun(optimizer: optimizer, session: session)
        // The run carries its own optimizer: the model's compiled one (and its state) is untouched.
        session.run = run
        let steps = spec.steps ?? 100
        var lines = [
            "minimize \(spec.function.name) from (" + spec.start.map { NumberFormat.short($0) }.joined(separator: ", ")
                + ") with \(optimizer.displayName), lr \(NumberFormat.short(optimizer.learningRate))"
        ]
        let log = LogSchedule.steps(count: steps, verbose: spec.verbose ?? 1)
        // The header is long already: the hint to verbose=2 is in 'help minimize'.
        if let omission = log.omission("step", hint: false) { lines[0] += " (\(omission))" }
        let stopped = try run.run(steps, session: session, interrupted: invocation.notebook.interruptRequested) {
            result throws(NotebookError) in
            guard log.shows(result.step) else { return }
            // f at the point printed: after the step (the step's own loss is f before it).
            let after = try run.currentLoss()
            lines.append(
                "  step \(String(result.step).leftPadded(5))  f = "
                    + "\(NumberFormat.short(after, digits: 8).leftPadded(14))  at ("
                    + (run.points.last ?? []).map { NumberFormat.short($0, digits: 6) }.joined(separator: ", ") + ")")
        }
        if stopped { lines.append("stopped by Ctrl-C after step \(run.steps) of \(steps); the run so far is kept") }
        let final = try run.currentLoss()
        lines.append(
            "after \(run.steps) steps: f = \(NumberFormat.short(final, digits: 8)) at ("
                + (run.points.last ?? []).map { NumberFormat.short($0, digits: 8) }.joined(separator: ", ") + ")")
        if let hint = session.hintOnce("'step' continues one iteration at a time with the formula; 'undo' goes back") {
            lines.append(hint)
        }
        var outputs: [Output] = [.text(lines.joined(separator: "\n"))]
        // f after 0, 1, …, n steps: the loss before each step, then the final one.
        let curve = run.losses + [final]
        // A short run's table has every step: a picture is for a long one — the path over f's
        // surface when f has two coordinates, else f per step.
        if run.losses.count > 20, log.verbose > 0 {
            if let surface = spec.surface(
                title: "\(spec.function.name): the path of \(optimizer.kind) over f",
                paths: [(optimizer.kind, run.points)], session: session)
            {
                outputs.append(.surface(surface))
            } else {
                outputs.append(
                    .plot(
                        Plot(
                            title: "f during minimize", xLabel: "step", yLabel: "f",
                            logarithmic: curve.allSatisfy { $0 > 0 },
                            series: [
                                .init(
                                    name: optimizer.kind,
                                    points: curve.enumerated().map { (Double($0.offset), $0.element) })
                            ])))
            }
        }
        return Reply(outputs, value: run.pointObject)
    }
}

/// The parsed text of `minimize`: function, starting point, optimizer and options.
struct MinimizeSpecification {
    let function: UserFunction
    let start: [Double]
    let optimizerName: String
    let optimizerOptions: [String: Double]
    /// Values for parameters with defaults (`condition=50`).
    let fixed: [String: Double]
    let steps: Int?
    let verbose: Int?

    init(_ text: String, command: Command, session: Session) throws(NotebookError) {
        let words = text.split(separator: " ").map(String.init)
        guard let fromIndex = words.firstIndex(of: "from"), fromIndex == 1,
            let withIndex = words.firstIndex(of: "with"), withIndex > fromIndex + 1, withIndex + 1 < words.count
        else {
            throw command.usageError("expected: FUNCTION from (x, y) with OPTIMIZER …")
        }
        let name = words[0]
        guard let function = session.function(named: name) else {
            throw .unknownFunction(name, suggestion: Suggestion.closest(to: name, among: session.functionNames))
        }
        self.function = function
        start = try MinimizeSpecification.point(
            words[(fromIndex + 1)..<withIndex].joined(separator: " "), for: function, session: session)
        optimizerName = words[withIndex + 1]
        var options: [String: Double] = [:]
        var fixed: [String: Double] = [:]
        var steps: Int?
        var verbose: Int?
        for word in words[(withIndex + 2)...] {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { try Command.requireTypedPredictions([word], session: session) }
            guard parts.count == 2, let value = Command.optionNumber(parts[1], session: session) else {
                throw command.usageError("expected OPTION=NUMBER (finite, or an expression of one), got '\(word)'")
            }
            if parts[0] == "steps" {
                steps = try command.count(value, "steps=", default: 0, atLeast: 0, limit: .steps)
            } else if parts[0] == "verbose" {
                verbose = try command.count(value, "verbose=", default: 1, in: 0...2)
            } else if function.parameters.contains(where: { $0.name == parts[0] && $0.defaultValue != nil }) {
                fixed[parts[0]] = value
            } else {
                options[parts[0]] = value
            }
        }
        optimizerOptions = options
        self.fixed = fixed
        self.steps = steps
        self.verbose = verbose
    }

    /// `(-1.5, 2)` as numbers, one per free parameter of the function.
    static func point(_ text: String, for function: UserFunction, session: Session) throws(NotebookError) -> [Double] {
        let expr: Expr
        do { expr = try Parser.expression(text) } catch { throw .syntax(error, source: text) }
        var evaluator = Evaluator(session: session)
        let object = try evaluator.evaluate(expr)
        let items: [Object]
        switch object {
        case .tuple(let values): items = values
        case .record: throw .type("a starting point is numbers, e.g. (1, 1); got a \(object.typeName)")
        case .scalar: items = [object]
        case .tensor(let t): items = t.data.map { .scalar(Value(Double($0))) }
        }
        let numbers = items.compactMap { item -> Double? in if case .scalar(let v) = item { v.data } else { nil } }
        if let bad = numbers.first(where: { !$0.isFinite }) {
            throw .domain("a starting point is finite numbers; \(object.display) has \(bad)")
        }
        guard numbers.count == items.count, numbers.count == function.free.count else {
            throw .type(
                "\(function.name) has \(function.free.count) free parameters "
                    + "(\(function.free.joined(separator: ", "))): the starting point needs \(function.free.count) "
                    + "numbers, got \(object.display)"
            )
        }
        return numbers
    }

    /// A run whose parameters are the function's free coordinates, as Values. f must have a
    /// value at the start: a run from where f is already infinite would be reported as a
    /// divergence, and blamed on the learning rate.
    func makeRun(optimizer: Optimizer, session: Session, title: String? = nil) throws(NotebookError) -> TrainingRun {
        if let f = value(at: start, session: session), !f.isFinite {
            throw .domain(
                "\(function.name) is \(f) at the starting point ("
                    + start.map { NumberFormat.short($0) }.joined(separator: ", ") + "): start where it is finite")
        }
        let coordinates = zip(function.free, start).map { Value($1, label: $0) }
        let parameters = zip(function.free, coordinates).map { OptimizedParameter(name: $0, values: [$1]) }
        let keywords = fixed.mapValues { Object.scalar(Value($0)) }
        let function = self.function
        // The session keeps the run; the run only borrows the session (no reference cycle).
        let run = TrainingRun(title: title ?? "minimize \(function.name)", parameters: parameters, optimizer: optimizer)
        { [weak session] () throws(NotebookError) -> Double in
            guard let session else { throw .precondition("the session of this run is gone") }
            let result = try function.call(
                coordinates.map { .scalar($0) }, keywords: keywords, session: session, depth: 0)
            guard case .scalar(let f) = result else {
                throw .type("\(function.name) must give a number, got a \(result.typeName)")
            }
            f.backward()
            return f.data
        }
        return run
    }

    /// f over the rectangle around `paths` (each a run's points, step by step) with the paths
    /// on top; nil unless f has two free coordinates.
    func surface(title: String, paths: [(name: String, points: [[Double]])], session: Session) -> Surface? {
        guard function.free.count == 2 else { return nil }
        let drawn = paths.map { path in
            Surface.Path(name: path.name, points: path.points.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil })
        }
        guard let frame = Surface.frame(around: drawn.map(\.points)) else { return nil }
        // A diverging path leaves the picture (its points past ±1e6 are not framed): its name says when.
        let named = drawn.map { path -> Surface.Path in
            guard let out = path.points.firstIndex(where: { !frame.x.contains($0.x) || !frame.y.contains($0.y) })
            else { return path }
            return Surface.Path(name: "\(path.name) (off the picture from step \(out))", points: path.points)
        }
        let surface = Surface.sampling(title: title, x: frame.x, y: frame.y, paths: named) { x, y in
            value(at: [x, y], session: session)
        }
        return Surface(
            title: surface.title, xLabel: function.free[0], yLabel: function.free[1], x: surface.x, y: surface.y,
            columns: surface.columns, rows: surface.rows, values: surface.values, shading: .height, paths: named)
    }

    /// f at a point, without gradients (for contour plots).
    func value(at point: [Double], session: Session) -> Double? {
        let keywords = fixed.mapValues { Object.scalar(Value($0)) }
        guard
            case .scalar(let f)? = try? function.call(
                point.map { .scalar(Value($0)) }, keywords: keywords, session: session, depth: 0)
        else { return nil }
        return f.data
    }
}

extension TrainingRun {
    /// The current point of a run over a few coordinates, as a tuple (`_[0]` is x).
    var pointObject: Object? {
        points.last.map { .tuple($0.map { .scalar(Value($0)) }) }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
