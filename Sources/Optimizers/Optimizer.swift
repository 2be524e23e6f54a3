import Explain

/// A hyperparameter an optimizer was given was out of range; names the value, like
/// PyTorch's `ValueError("Invalid learning rate: -0.1")`.
public struct OptimizerError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Up to three per-element state values (m, v, v_max; a momentum buffer; a running sum),
/// loaded from the optimizer's buffers before an element's update and stored after it.
public struct Slots {
    public var a: Double
    public var b: Double
    public var c: Double
}

/// The per-element update rule of an optimizer, written as the math reads.
public protocol ElementwiseRule: AnyObject {
    /// How many state buffers (`Slots` fields) the rule uses, and their names for `state`.
    var bufferNames: [String] { get }
    /// The new θ for one element, given θ, its gradient g, its state, and the step number t
    /// (1 for the first step), reporting each intermediate quantity to `recorder`.
    func update<R: StepRecorder>(_ θ: Double, _ g: Double, _ s: inout Slots, t: Int, _ recorder: inout R) -> Double
}

/// An optimizer: one update rule plus its state across steps.
public protocol Optimizer: AnyObject {
    /// The registry name (`adam`).
    var kind: String { get }
    /// The name shown to a learner: `Adam`, `Adam WITHOUT bias correction (wrong)`.
    var displayName: String { get }
    var learningRate: Double { get set }
    /// Every hyperparameter with its symbol, for `explain`.
    var hyperparameters: [(name: String, symbol: String, value: Double)] { get }
    /// The update written with symbols, one line per quantity, and the source of the form.
    var rule: [String] { get }
    var reference: String { get }
    /// Steps taken so far.
    var stepCount: Int { get }
    /// One iteration over all parameters; formulas of the watched element.
    func step(_ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?) -> [Formula]
    /// The state buffers, for `state` and `undo`.
    var buffers: [String: [[Double]]] { get }
    func snapshot() -> OptimizerSnapshot
    func restore(_ snapshot: OptimizerSnapshot)
}

/// Everything an optimizer carries between steps, to undo a step.
public struct OptimizerSnapshot {
    public let stepCount: Int
    public let learningRate: Double
    public let buffers: [[[Double]]]
    public let extra: [Double]
}

/// The shared machinery: buffers per parameter, the step counter, and the loop that applies
/// an `ElementwiseRule` to every element (specialised per rule, so the loop is fast).
open class OptimizerBase {
    public var learningRate: Double
    public private(set) var stepCount = 0
    /// state[buffer][parameter][element]
    var state: [[[Double]]] = []
    /// Extra scalars a rule keeps between steps (e.g. a plateau counter); part of snapshots.
    var extra: [Double] = []

    init(learningRate: Double) {
        self.learningRate = learningRate
    }

    /// Applies `rule` to every element; the watched one records its formulas.
    func run<Rule: ElementwiseRule>(_ rule: Rule, _ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?,
                                    initial: (OptimizedParameter, Int) -> Slots = { _, _ in Slots(a: 0, b: 0, c: 0) }) -> [Formula] {
        stepCount += 1
        let t = stepCount
        let buffers = rule.bufferNames.count
        if state.count != buffers || state.first?.count != parameters.count || zip(state.first ?? [], parameters).contains(where: { $0.count != $1.count }) {
            state = (0..<buffers).map { b in
                parameters.map { p in (0..<p.count).map { i in
                    let s = initial(p, i)
                    return b == 0 ? s.a : (b == 1 ? s.b : s.c)
                } }
            }
        }
        var formulas: [Formula] = []
        var silent = NoRecorder()
        for (index, parameter) in parameters.enumerated() {
            // A Float32 tensor keeps its optimizer state in Float32 too, as torch.optim does:
            // the rule computes in Double, and θ and every buffer are rounded back each step.
            let single: Bool
            if case .tensor = parameter.storage { single = true } else { single = false }
            for i in 0..<parameter.count {
                var s = Slots(a: buffers > 0 ? state[0][index][i] : 0,
                              b: buffers > 1 ? state[1][index][i] : 0,
                              c: buffers > 2 ? state[2][index][i] : 0)
                let θ = parameter.value(at: i), g = parameter.gradient(at: i)
                let updated: Double
                if let watch, watch.parameter == index, watch.element == i {
                    var recorder = FormulaRecorder()
                    recorder.record("g", g, "∂L/∂θ")
                    updated = rule.update(θ, g, &s, t: t, &recorder)
                    recorder.record("θ", updated, "\("θ", θ) + \("Δθ", updated - θ)")
                    formulas = recorder.formulas
                } else {
                    updated = rule.update(θ, g, &s, t: t, &silent)
                }
                parameter.setValue(updated, at: i)
                if single {
                    s.a = Double(Float(s.a))
                    s.b = Double(Float(s.b))
                    s.c = Double(Float(s.c))
                }
                if buffers > 0 { state[0][index][i] = s.a }
                if buffers > 1 { state[1][index][i] = s.b }
                if buffers > 2 { state[2][index][i] = s.c }
            }
        }
        return formulas
    }

    func namedBuffers(_ names: [String]) -> [String: [[Double]]] {
        var result: [String: [[Double]]] = [:]
        for (name, buffer) in zip(names, state) { result[name] = buffer }
        return result
    }

    public func snapshot() -> OptimizerSnapshot {
        OptimizerSnapshot(stepCount: stepCount, learningRate: learningRate, buffers: state, extra: extra)
    }

    public func restore(_ snapshot: OptimizerSnapshot) {
        stepCount = snapshot.stepCount
        learningRate = snapshot.learningRate
        state = snapshot.buffers
        extra = snapshot.extra
    }
}

/// Checks shared by all optimizers, with PyTorch's wording.
enum Check {
    static func learningRate(_ lr: Double) throws(OptimizerError) {
        guard lr >= 0, lr.isFinite else { throw OptimizerError("Invalid learning rate: \(lr) (must be ≥ 0)") }
    }
    static func nonNegative(_ x: Double, _ name: String) throws(OptimizerError) {
        guard x >= 0, x.isFinite else { throw OptimizerError("Invalid \(name) value: \(x) (must be ≥ 0)") }
    }
    static func positive(_ x: Double, _ name: String) throws(OptimizerError) {
        guard x > 0, x.isFinite else { throw OptimizerError("Invalid \(name) value: \(x) (must be > 0)") }
    }
    static func unitInterval(_ x: Double, _ name: String) throws(OptimizerError) {
        guard x >= 0, x < 1 else { throw OptimizerError("Invalid \(name): \(x) (must be in [0, 1))") }
    }
}
