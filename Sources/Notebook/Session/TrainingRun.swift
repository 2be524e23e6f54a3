import Explain
import Optimizers

/// What `step`, `state` and `undo` act on: parameters, how to compute their loss and
/// gradients, an optimizer, and the history needed to undo a step.
public final class TrainingRun {
    /// `minimize rosenbrock from (-1.5, 2)`, `the model on a batch of 8`.
    public let title: String
    /// True for the model on its last batch (as opposed to a function being minimized).
    public let isModel: Bool
    public let parameters: [OptimizedParameter]
    public var optimizer: Optimizer
    /// The learning rate schedules start from.
    public let baseRate: Double
    /// Forward and backward: fills the gradients, returns the loss.
    let lossAndGradients: () throws(NotebookError) -> Double
    public private(set) var steps = 0
    /// The loss before each step.
    public private(set) var losses: [Double] = []
    /// For runs over a few coordinates: the point before the first step and after each.
    public private(set) var points: [[Double]] = []
    private var undoStack: [Snapshot] = []
    private static let undoDepth = 50

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
    }

    init(title: String, isModel: Bool = false, parameters: [OptimizedParameter], optimizer: Optimizer,
         lossAndGradients: @escaping () throws(NotebookError) -> Double) {
        self.title = title
        self.isModel = isModel
        self.parameters = parameters
        self.optimizer = optimizer
        self.baseRate = optimizer.learningRate
        self.lossAndGradients = lossAndGradients
        if parameters.allSatisfy({ $0.count == 1 }), parameters.count <= 3 { points = [parameters.map { $0.value(at: 0) }] }
    }

    /// One iteration: loss and gradients, clipping, the schedule's learning rate, the update.
    /// `watch` picks the element whose formulas are recorded (default: the largest |g|).
    public func step(session: Session, watch: (parameter: Int, element: Int)?, explain: Bool) throws(NotebookError) -> StepResult {
        let snapshot = Snapshot(values: parameters.map(\.values), optimizer: optimizer.snapshot(), plateau: session.plateau, steps: steps)
        let loss = try lossAndGradients()
        guard loss.isFinite else {
            throw .precondition("the loss is \(loss) at step \(steps + 1) (learning rate \(NumberFormat.short(optimizer.learningRate))): the run diverged; 'undo' goes back, then try a smaller lr")
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
        let applied = session.updateRule.apply(parameters, optimizer: optimizer, baseRate: baseRate, time: steps, watch: explain ? target : nil)
        let (clipped, rate, formulas) = (applied.clipped, applied.learningRate, applied.formulas)
        steps += 1
        losses.append(loss)
        if !points.isEmpty { points.append(parameters.map { $0.value(at: 0) }) }
        var newRate: Double?
        if session.plateau != nil, let reduced = session.plateau?.observe(loss, rate: optimizer.learningRate) {
            optimizer.learningRate = reduced
            newRate = reduced
        }
        undoStack.append(snapshot)
        if undoStack.count > Self.undoDepth { undoStack.removeFirst() }
        let watched = target.map { t in (name(of: t), before ?? 0, parameters[t.parameter].value(at: t.element)) }
        return StepResult(step: steps, loss: loss, learningRate: rate, gradientNorms: norms, clipped: clipped,
                          watched: watched, formulas: formulas, newRate: newRate)
    }

    /// Reverts the last step: parameters, optimizer state, plateau counter and history.
    public func undo(session: Session) -> Bool {
        guard let snapshot = undoStack.popLast() else { return false }
        for (parameter, values) in zip(parameters, snapshot.values) {
            for (i, v) in values.enumerated() { parameter.setValue(v, at: i) }
        }
        optimizer.restore(snapshot.optimizer)
        session.plateau = snapshot.plateau
        steps = snapshot.steps
        losses.removeLast(losses.count - steps)
        if !points.isEmpty { points.removeLast(points.count - steps - 1) }
        return true
    }

    public var canUndo: Bool { !undoStack.isEmpty }

    /// The element with the largest |gradient| over all parameters.
    func largestGradient() -> (parameter: Int, element: Int)? {
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
    func name(of element: (parameter: Int, element: Int)) -> String {
        let parameter = parameters[element.parameter]
        if parameter.count == 1 { return parameter.name }
        return parameter.name + "[" + parameter.multiIndex(element.element).map(String.init).joined(separator: ", ") + "]"
    }

    /// Resolves `dense_1.W[3,17]` or `x` to a parameter and element.
    func element(named text: String) throws(NotebookError) -> (parameter: Int, element: Int) {
        let compact = text.filter { $0 != " " }
        let base = compact.split(separator: "[", maxSplits: 1).first.map(String.init) ?? compact
        guard let p = parameters.firstIndex(where: { $0.name == base }) else {
            throw .unknownName(base, suggestion: Suggestion.closest(to: base, among: parameters.map(\.name)))
        }
        let parameter = parameters[p]
        guard compact.contains("[") else {
            guard parameter.count == 1 else { throw .type("\(base) has \(parameter.count) elements: pick one, e.g. \(base)[" + parameter.shape.map { _ in "0" }.joined(separator: ",") + "]") }
            return (p, 0)
        }
        let inside = compact.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
        let index = inside.split(separator: ",").compactMap { Int($0) }
        guard index.count == inside.split(separator: ",").count, let flat = parameter.flatIndex(index) else {
            throw .type("\(text) is not an element of \(base), whose shape is " + "[" + parameter.shape.map(String.init).joined(separator: ", ") + "]")
        }
        return (p, flat)
    }
}
