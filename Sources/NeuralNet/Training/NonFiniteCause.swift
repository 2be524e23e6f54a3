import Datasets
import Explain

/// Why training produces nan, inf or nothing useful, found by ruling causes out in order:
/// the inputs first, then the weights the run started from, then the step itself. Every
/// diagnosis (forward, step, train and its warnings) asks this one place.
public enum NonFiniteCause: Equatable, Sendable {
    /// The batch itself holds nan or inf values.
    case nonFiniteInputs(count: Int)
    /// Inputs so large that no learning rate trains on them (unscaled features).
    case hugeInputs(largest: Double)
    /// A parameter already holds nan or inf.
    case nonFiniteWeights(name: String)
    /// The weights were huge before this run began: an earlier run blew them up.
    case hugeWeights(largest: Double)
    /// None of the above: the update itself (learning rate, no clipping).
    case step

    /// Inputs beyond this magnitude are called unscaled (raw 0–255 pixels stay below it).
    public static let inputLimit = 1e4
    /// Weights beyond this at the start of a run are called blown up.
    public static let weightLimit = 1e4

    /// What the inputs hold: how many values are not numbers, and the largest magnitude.
    public struct Inputs: Sendable {
        public var nonFinite = 0
        public var largest = 0.0

        public init(_ values: some Sequence<Float>) {
            for v in values {
                if v.isFinite { largest = max(largest, Double(abs(v))) } else { nonFinite += 1 }
            }
        }

        /// A whole dataset (bytes: the largest byte, scaled).
        public init(_ data: Dataset) {
            switch data.features {
            case .bytes(let bytes, let scale): self.init(CollectionOfOne(Float(bytes.max() ?? 0) * scale))
            case .floats(let values): self.init(values)
            }
        }
    }

    /// The cause, checked in order. `inputs`: the batch or the data (nil: not known);
    /// `weightsAtStart`: the largest |w| when the run began (nil: now).
    public static func find(inputs: Inputs?, model: Sequential, weightsAtStart: Double? = nil) -> NonFiniteCause {
        if let inputs {
            if inputs.nonFinite > 0 { return .nonFiniteInputs(count: inputs.nonFinite) }
            if inputs.largest > inputLimit { return .hugeInputs(largest: inputs.largest) }
        }
        if let (name, _) = model.namedParameters.first(where: { !$0.parameter.tensor.data.allSatisfy(\.isFinite) }) {
            return .nonFiniteWeights(name: name)
        }
        let start = weightsAtStart ?? largestWeight(model)
        if start > weightLimit { return .hugeWeights(largest: start) }
        return .step
    }

    /// The largest finite |w| of the model's parameters.
    public static func largestWeight(_ model: Sequential) -> Double {
        var largest = 0.0
        for (_, parameter) in model.namedParameters {
            for v in parameter.tensor.data where v.isFinite { largest = max(largest, Double(abs(v))) }
        }
        return largest
    }

    /// What to do about it, with the evidence.
    public func advice(learningRate: Double?) -> String {
        switch self {
        case .nonFiniteInputs(let count):
            return "the inputs hold \(count) nan/inf value\(count == 1 ? "" : "s"): the data, not the learning "
                + "rate, is the problem — remove or replace them"
        case .hugeInputs(let largest):
            return "the inputs reach |x| = \(NumberFormat.short(largest, digits: 3)): scale them first (to [0, 1], "
                + "or standardise each feature); no learning rate trains well on inputs that large"
        case .nonFiniteWeights(let name):
            return "\(name) already holds nan/inf: rebuild the model (model …) and train again"
        case .hugeWeights(let largest):
            return "the weights were already |w| = \(NumberFormat.short(largest, digits: 3)) when this run began "
                + "(an earlier run blew them up): rebuild the model (model …) before training again"
        case .step:
            let rate = learningRate.map { " (lr \(NumberFormat.short($0)))" } ?? ""
            return "the inputs and the starting weights are fine: a smaller learning rate\(rate) or gradient "
                + "clipping (clip norm=1) usually fixes this"
        }
    }
}
