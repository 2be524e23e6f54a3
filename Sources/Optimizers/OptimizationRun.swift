import Explain

/// An optimisation in progress, one step at a time — what `step`, `state`, `undo`, `minimize`
/// and `race` act on: parameters, how to compute their loss and gradients (a function of a
/// few numbers, or a model on a batch), an optimizer, and the history needed to undo a step.
/// `Failure` is what computing the loss can throw (the notebook's error).
public final class OptimizationRun<Failure: Error> {
    /// `minimize rosenbrock from (-1.5, 2)`, `the model on a batch of 8`.
    public let title: String
    /// True for the model on its last batch (as opposed to a function being minimized).
    public let isModel: Bool
    public let parameters: [OptimizedParameter]
    public var optimizer: Optimizer
    /// The learning rate schedules start from: the one the optimizer was made with.
    public var baseRate: Double { optimizer.initialLearningRate }
    /// Forward and backward: fills the gradients, returns the loss.
    let lossAndGradients: () throws(Failure) -> Double
    public private(set) var steps = 0
    /// The loss before each step.
    public private(set) var losses: [Double] = []
    /// For runs over a few coordinates: the point before the first step and after each.
    public private(set) var points: [[Double]] = []
    private var undoStack: [Snapshot] = []
    private static var undoDepth: Int { 50 }

    struct Snapshot {
        let values: [[Double]]
        let optimizer: OptimizerSnapshot
        let plateau: ReduceOnPlateau?
        let steps: Int
    }

    /// What one step did, for printing.
    public struct StepResult {
        public let step: Int
        public let loss: Double
        public let learningRate: Double
        public let gradientNorms: [(name: String, norm: Double)]
        public let clipped: (before: Double, after: Double)?
        public let watched: (name: String, before: Double, after: Double)?
        public let formulas: [Formula]
        public let newRate: Double?
        /// The loss was nan or inf: nothing was updated (the run diverged).
        public let diverged: Bool
    }

    public init(
        title: String, isModel: Bool = false, parameters: [OptimizedParameter], optimizer: Optimizer,
        lossAndGradients: @escaping () throws(Failure) -> Double
    ) {
        self.title = title
        self.isModel = isModel
        self.parameters = parameters
        self.optimizer = optimizer
        self.lossAndGradients = lossAndGradients
        if parameters.allSatisfy({ $0.count == 1 }), parameters.count <= 3 {
            points = [parameters.map { $0.value(at: 0) }]
        }
    }

    /// One iteration: loss and gradients, then the update every step shares with train
    /// (`UpdateRule`: clipping, the schedule, the optimizer), then `plateau`. `watch` picks the
    /// element whose formulas are recorded (default: the largest |g|). A loss that is not a
    /// number updates nothing: the result says the run diverged.
    public func step(
        update: UpdateRule, plateau: inout ReduceOnPlateau?, watch: (parameter: Int, element: Int)?,
        explain: Bool
    ) throws(Failure) -> StepResult {
        let snapshot = Snapshot(
            values: parameters.map(\.values), optimizer: optimizer.snapshot(), plateau: plateau, steps: steps)
        let loss = try lossAndGradients()
        guard loss.isFinite else {
            return StepResult(
                step: steps + 1, loss: loss, learningRate: optimizer.learningRate, gradientNorms: [], clipped: nil,
                watched: nil, formulas: [], newRate: nil, diverged: true)
        }
        // The gradient norms as the backward pass left them (before clipping).
        let norms = parameters.map { p in
            var squares = 0.0
            p.forEachGradient { squares += $0 * $0 }
            return (p.name, squares.squareRoot())
        }
        var target = watch
        if explain, target == nil { target = largestGradient() }
        let before = target.map { parameters[$0.parameter].value(at: $0.element) }
        // The one update every step shares with train: clipping → schedule → the optimizer.
        let applied = update.apply(
            parameters, optimizer: optimizer, baseRate: baseRate, time: steps, watch: explain ? target : nil)
        let (clipped, rate, formulas) = (applied.clipped, applied.learningRate, applied.formulas)
        steps += 1
        losses.append(loss)
        if !points.isEmpty { points.append(parameters.map { $0.value(at: 0) }) }
        var newRate: Double?
        if plateau != nil, let reduced = plateau?.observe(loss, rate: optimizer.learningRate) {
            optimizer.learningRate = reduced
            newRate = reduced
        }
        undoStack.append(snapshot)
        if undoStack.count > Self.undoDepth { undoStack.removeFirst() }
        let watched = target.map { t in (name(of: t), before ?? 0, parameters[t.parameter].value(at: t.element)) }
        return StepResult(
            step: steps, loss: loss, learningRate: rate, gradientNorms: norms, clipped: clipped,
            watched: watched, formulas: formulas, newRate: newRate, diverged: false)
    }

    /// How a run of several steps ended.
    public enum Ending {
        case completed
        /// `interrupted` said so after a step.
        case interrupted
        /// The loss stopped being a number: this step updated nothing.
        case diverged(StepResult)
    }

    /// The loop `minimize`, `step N` and `race` share: up to `count` steps through `update` and
    /// `plateau`, `observe` seeing each step's result. It ends after the step at which
    /// `interrupted` says so, or at a loss that is not a number (which updates nothing).
    public func run(
        _ count: Int, update: UpdateRule, plateau: inout ReduceOnPlateau?, interrupted: () -> Bool = { false },
        observe: (StepResult) throws(Failure) -> Void = { _ in }
    ) throws(Failure) -> Ending {
        for _ in 0..<max(count, 0) {
            let result = try step(update: update, plateau: &plateau, watch: nil, explain: false)
            guard !result.diverged else { return .diverged(result) }
            try observe(result)
            if interrupted() { return .interrupted }
        }
        return .completed
    }

    /// Reverts the last step: parameters, optimizer state, plateau counter and history.
    public func undo(plateau: inout ReduceOnPlateau?) -> Bool {
        guard let snapshot = undoStack.popLast() else { return false }
        for (parameter, values) in zip(parameters, snapshot.values) {
            for (i, v) in values.enumerated() { parameter.setValue(v, at: i) }
        }
        optimizer.restore(snapshot.optimizer)
        plateau = snapshot.plateau
        steps = snapshot.steps
        losses.removeLast(losses.count - steps)
        if !points.isEmpty { points.removeLast(points.count - steps - 1) }
        return true
    }

    public var canUndo: Bool { !undoStack.isEmpty }

    /// The loss at the current point (and its gradients), without a step.
    public func currentLoss() throws(Failure) -> Double { try lossAndGradients() }

    /// The element with the largest |gradient| over all parameters.
    public func largestGradient() -> (parameter: Int, element: Int)? {
        var best: (Int, Int, Double)?
        for (p, parameter) in parameters.enumerated() {
            for i in 0..<parameter.count {
                let g = abs(parameter.gradient(at: i))
                if g > (best?.2 ?? -1) { best = (p, i, g) }
            }
        }
        return best.map { ($0.0, $0.1) }
    }

    /// `dense_1.W[3, 17]`, or `x` for a one-element parameter.
    public func name(of element: (parameter: Int, element: Int)) -> String {
        let parameter = parameters[element.parameter]
        if parameter.count == 1 { return parameter.name }
        return parameter.name + "[" + parameter.multiIndex(element.element).map(String.init).joined(separator: ", ")
            + "]"
    }
}
