import Explain
import TensorGrad

/// A hyperparameter an optimizer was given was out of range; names the value, like
/// PyTorch's `ValueError("Invalid learning rate: -0.1")`.
public struct OptimizerError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Up to three per-element state values, loaded from the optimizer's buffers before an
/// element's update and stored after it. Each optimizer names them in its own file (Adam's
/// `m`, `v`, `vMax`; SGD's `momentumBuffer`; AdaGrad's `sum`), so its kernel reads like its
/// math. `T` is the parameter's precision: Float for tensors (as torch.optim on float32),
/// Double for scalar Values.
public struct Slots<T: BinaryFloatingPoint> {
    /// The buffers in storage order; read them through the optimizer's names.
    var first: T
    var second: T
    var third: T

    init(_ first: T, _ second: T, _ third: T) {
        self.first = first
        self.second = second
        self.third = third
    }
}

/// The update of one element, with every constant of the step held by value (so the loop
/// over a tensor's elements keeps them in registers and vectorises).
public protocol UpdateKernel {
    /// The new θ for one element, given θ, its gradient g, its state, and the step number t
    /// (1 for the first step), reporting each intermediate quantity to `recorder`.
    func update<T: BinaryFloatingPoint, R: StepRecorder>(
        _ θ: T, _ g: T, _ s: inout Slots<T>, t: Int, _ recorder: inout R
    ) -> T
    /// The same update over Float32 arrays with SIMD, where a kernel provides one; it must
    /// give exactly the numbers `update` gives (same operations in the same order). Returns
    /// how many leading elements it updated (the rest go through `update`).
    func vectorUpdate(
        _ θ: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>,
        _ b: UnsafeMutablePointer<Float>, count: Int
    ) -> Int
}

/// Coupled (L2) weight decay as torch.optim adds it to the gradient: g ← g + λ·θ, recorded as
/// a step of the formula when λ ≠ 0.
@inline(__always)
func coupledWeightDecay<T: BinaryFloatingPoint, R: StepRecorder>(_ g: T, _ θ: T, _ λ: Double, _ r: inout R) -> T {
    guard λ != 0 else { return g }
    let decayed = g + T(λ) * θ
    r.record("g", Double(decayed), "\("g", Double(g)) + \("λ", λ)·\("θ", Double(θ))")
    return decayed
}

extension UpdateKernel {
    public func vectorUpdate(
        _ θ: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>,
        _ b: UnsafeMutablePointer<Float>, count: Int
    ) -> Int { 0 }
}

/// The per-element update rule of an optimizer, written as the math reads.
public protocol ElementwiseRule: AnyObject {
    associatedtype Kernel: UpdateKernel
    /// How many state buffers (`Slots` fields) the rule uses, and their names for `state`.
    var bufferNames: [String] { get }
    /// The update of step t with the current hyperparameters (and what is the same for every
    /// element, such as Adam's 1 − βᵗ, computed once).
    func kernel(t: Int) -> Kernel
}

/// An optimizer: one update rule plus its state across steps.
public protocol Optimizer: AnyObject {
    /// The registry name (`adam`).
    var kind: String { get }
    /// The name shown to a learner: `Adam`, `Adam WITHOUT bias correction (wrong)`.
    var displayName: String { get }
    var learningRate: Double { get set }
    /// The learning rate it was made with: schedules start from it (not from a rate an
    /// earlier schedule or plateau left behind).
    var initialLearningRate: Double { get }
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
    /// The names of the state buffers in slot order (`exp_avg (m)`, `exp_avg_sq (v)`).
    var bufferNames: [String] { get }
    func snapshot() -> OptimizerSnapshot
    func restore(_ snapshot: OptimizerSnapshot)
    /// Forgets the state (buffers, t), keeping the hyperparameters.
    func resetState()
}

/// Everything an optimizer carries between steps, to undo a step.
public struct OptimizerSnapshot {
    public let stepCount: Int
    public let learningRate: Double
    /// buffers[slot][parameter], three slots (those the rule does not name are scratch).
    public let buffers: [[StateBuffer]]
    public let extra: [Double]

    public init(stepCount: Int, learningRate: Double, buffers: [[StateBuffer]], extra: [Double]) {
        self.stepCount = stepCount
        self.learningRate = learningRate
        self.buffers = buffers
        self.extra = extra
    }
}

extension OptimizerSnapshot {
    /// How many buffers the storage keeps per parameter, named by the rule or scratch.
    public static let slots = 3

    /// The buffers the optimizer names (its `bufferNames`, in order), without the scratch
    /// slots: the optimizer's state dict, what a checkpoint keeps.
    public func named(_ names: [String]) -> [(name: String, perParameter: [StateBuffer])] {
        zip(names, buffers).map { ($0, $1) }
    }

    /// A snapshot from the named buffers alone (as a checkpoint holds them), for parameters of
    /// `sizes` elements; the scratch slots start at zero.
    public init(stepCount: Int, learningRate: Double, named: [[StateBuffer]], sizes: [Int], extra: [Double]) {
        let scratch = (named.count..<max(named.count, Self.slots)).map { _ in
            sizes.map { StateBuffer.single([Float](repeating: 0, count: $0)) }
        }
        self.init(stepCount: stepCount, learningRate: learningRate, buffers: named + scratch, extra: extra)
    }
}

/// One state buffer of one parameter, in the parameter's precision.
public enum StateBuffer {
    case single([Float])
    case double([Double])

    public var doubles: [Double] {
        switch self {
        case .single(let values): values.map(Double.init)
        case .double(let values): values
        }
    }
}

/// The shared machinery: buffers per parameter, the step counter, and the loop that applies
/// an `ElementwiseRule` to every element (specialised per rule, so the loop is fast).
open class OptimizerBase {
    public var learningRate: Double
    public let initialLearningRate: Double
    public private(set) var stepCount = 0
    /// state[buffer][parameter]: a Float array for a tensor, a Double array for Values.
    var state: [[StateBuffer]] = []
    /// Extra scalars a rule keeps between steps (e.g. a plateau counter); part of snapshots.
    var extra: [Double] = []

    init(learningRate: Double) {
        self.learningRate = learningRate
        initialLearningRate = learningRate
    }

    /// Applies `rule` to every element; the watched one records its formulas.
    func run<Rule: ElementwiseRule>(
        _ rule: Rule, _ parameters: [OptimizedParameter], watch: (parameter: Int, element: Int)?,
        initial: Double = 0
    ) -> [Formula] {
        let buffers = rule.bufferNames.count
        // Always `slots` (three) buffers per parameter: those the rule does not use are scratch space,
        // allocated once, so a step allocates nothing.
        let shapesMatch =
            state.count == OptimizerSnapshot.slots
            && state.allSatisfy { perParameter in
                perParameter.count == parameters.count
                    && zip(perParameter, parameters).allSatisfy { buffer, p in
                        switch (buffer, p.storage) {
                        case (.single(let v), .tensor(let t)): v.count == t.count
                        case (.double(let v), .values(let values)): v.count == values.count
                        default: false
                        }
                    }
            }
        if !shapesMatch {
            // Other parameters than last time (a new or grown model): the state starts afresh,
            // and so does t — fresh buffers with an old t would get the bias correction wrong.
            stepCount = 0
            extra = []
            state = (0..<OptimizerSnapshot.slots).map { b in
                parameters.map { p in
                    let start = b == 0 ? initial : 0
                    if case .tensor(let t) = p.storage {
                        return .single([Float](repeating: Float(start), count: t.count))
                    }
                    return .double([Double](repeating: start, count: p.count))
                }
            }
        }
        stepCount += 1
        let t = stepCount
        let kernel = rule.kernel(t: t)
        var formulas: [Formula] = []
        for (index, parameter) in parameters.enumerated() {
            let watched = watch.flatMap { $0.parameter == index ? $0.element : nil }
            switch parameter.storage {
            case .tensor(let tensor):
                var θs = tensor.data
                tensor.data = []
                let gs = tensor.grad ?? [Float](repeating: 0, count: θs.count)
                formulas += update(
                    kernel, &θs, gs, index: index, buffers: buffers, t: t, watched: watched,
                    unpack: { if case .single(let v) = $0 { v } else { [] } }, pack: StateBuffer.single)
                tensor.data = θs
            case .values(let values):
                var θs = values.map(\.data)
                let gs = values.map(\.grad)
                formulas += update(
                    kernel, &θs, gs, index: index, buffers: buffers, t: t, watched: watched,
                    unpack: { if case .double(let v) = $0 { v } else { [] } }, pack: StateBuffer.double)
                for (value, θ) in zip(values, θs) { value.data = θ }
            }
        }
        return formulas
    }

    /// The update of one parameter's elements, through raw pointers so the loop vectorises:
    /// every element with the silent recorder; the watched one is also computed first with
    /// a formula recorder (same code, same inputs, so the same result).
    private func update<T: BinaryFloatingPoint, K: UpdateKernel>(
        _ rule: K, _ θs: inout [T], _ gs: [T], index: Int, buffers: Int, t: Int, watched: Int?,
        unpack: (StateBuffer) -> [T], pack: ([T]) -> StateBuffer
    ) -> [Formula] {
        let count = θs.count
        // Take the buffers out of `state` (so nothing is copied); unused ones are scratch.
        func take(_ b: Int) -> [T] {
            defer { state[b][index] = pack([]) }
            return unpack(state[b][index])
        }
        var (a, b, c) = (take(0), take(1), take(2))
        var formulas: [Formula] = []
        if let i = watched, i < count {
            var recorder = FormulaRecorder()
            var s = Slots(a[i], b[i], c[i])
            recorder.record("g", Double(gs[i]), "∂L/∂θ")
            let updated = rule.update(θs[i], gs[i], &s, t: t, &recorder)
            recorder.record("θ", Double(updated), "\("θ", Double(θs[i])) + \("Δθ", Double(updated) - Double(θs[i]))")
            formulas = recorder.formulas
        }
        θs.withUnsafeMutableBufferPointer { θp in
            gs.withUnsafeBufferPointer { gp in
                a.withUnsafeMutableBufferPointer { ap in
                    b.withUnsafeMutableBufferPointer { bp in
                        c.withUnsafeMutableBufferPointer { cp in
                            var silent = NoRecorder()
                            var start = 0
                            if T.self == Float.self, let θf = θp.baseAddress, let gf = gp.baseAddress,
                                let af = ap.baseAddress, let bf = bp.baseAddress
                            {
                                start = rule.vectorUpdate(
                                    UnsafeMutableRawPointer(θf).assumingMemoryBound(to: Float.self),
                                    UnsafeRawPointer(gf).assumingMemoryBound(to: Float.self),
                                    UnsafeMutableRawPointer(af).assumingMemoryBound(to: Float.self),
                                    UnsafeMutableRawPointer(bf).assumingMemoryBound(to: Float.self), count: count)
                            }
                            for i in start..<count {
                                var s = Slots(ap[i], bp[i], cp[i])
                                θp[i] = rule.update(θp[i], gp[i], &s, t: t, &silent)
                                ap[i] = s.first
                                bp[i] = s.second
                                cp[i] = s.third
                            }
                        }
                    }
                }
            }
        }
        state[0][index] = pack(a)
        state[1][index] = pack(b)
        state[2][index] = pack(c)
        return formulas
    }

    func namedBuffers(_ names: [String]) -> [String: [[Double]]] {
        var result: [String: [[Double]]] = [:]
        for (name, buffer) in zip(names, state) { result[name] = buffer.map(\.doubles) }
        return result
    }

    public func snapshot() -> OptimizerSnapshot {
        OptimizerSnapshot(stepCount: stepCount, learningRate: learningRate, buffers: state, extra: extra)
    }

    /// Forgets every buffer and the step count, keeping the hyperparameters: the optimizer
    /// as `compile` made it, for a new model.
    public func resetState() {
        stepCount = 0
        state = []
        extra = []
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
