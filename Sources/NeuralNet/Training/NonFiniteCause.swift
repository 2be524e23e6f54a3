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
    /// Inputs far outside the usual ranges ([0, 1] or standardised), raw 0–255 pixels say:
    /// gradients hundreds of times larger, and a learning rate tuned for scaled data fails.
    case unscaledInputs(largest: Double)
    /// A parameter already holds nan or inf.
    case nonFiniteWeights(name: String)
    /// The weights were huge before this run began: an earlier run blew them up.
    case hugeWeights(largest: Double)
    /// Every unit of a layer has the same weights (a constant initialisation such as zeros):
    /// they compute the same thing, get the same gradient, and stay identical.
    case identicalUnits(layer: String, units: Int)
    /// None of the above: the update itself (learning rate, no clipping).
    case step

    /// Inputs beyond this magnitude are called huge: no learning rate trains on them.
    public static let inputLimit = 1e4
    /// Inputs beyond this magnitude are called unscaled (raw 0–255 pixels are; data scaled
    /// to [0, 1] or standardised, a few units at most, is not).
    public static let scaleLimit = 10.0
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
        if let (layer, units) = identicalUnits(model) { return .identicalUnits(layer: layer, units: units) }
        if let inputs, inputs.largest > scaleLimit { return .unscaledInputs(largest: inputs.largest) }
        return .step
    }

    /// The first kernel (a [fan-in, units] weight matrix with more than one unit) whose columns
    /// are all equal: its units cannot become different from one another.
    public static func identicalUnits(_ model: Sequential) -> (String, Int)? {
        for (name, parameter) in model.namedParameters where name.hasSuffix(".W") {
            let shape = parameter.tensor.shape
            guard shape.count == 2, shape[1] > 1 else { continue }
            let (rows, columns) = (shape[0], shape[1])
            let w = parameter.tensor.data
            let identical = (0..<rows).allSatisfy { row in
                let first = w[row * columns]
                return (1..<columns).allSatisfy { w[row * columns + $0] == first }
            }
            if identical { return (String(name.dropLast(2)), columns) }
        }
        return nil
    }

    /// What identical units look like, and the cure (train's warnings and `diagnose` say the same).
    static func identicalUnitsEvidence(layer: String, units: Int) -> String {
        "the \(units) units of \(layer) all have the same weights: they compute the same thing, get the same "
            + "gradient and stay identical, as if the layer had one unit"
    }
    static let identicalUnitsFix =
        "initialise the weights randomly (the default glorot_uniform, or he_normal for relu), not with a constant "
        + "such as init=zeros"

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
        case .unscaledInputs(let largest):
            let rate = learningRate.map { " (lr \(NumberFormat.short($0)))" } ?? ""
            return "the inputs reach |x| = \(NumberFormat.short(largest, digits: 3)): scale them first (to [0, 1], "
                + "or standardise each feature) — unscaled inputs make the first layer's gradients hundreds of times "
                + "larger — then, if it still fails, a smaller learning rate\(rate)"
        case .identicalUnits(let layer, let units):
            return Self.identicalUnitsEvidence(layer: layer, units: units) + ": " + Self.identicalUnitsFix
        case .nonFiniteWeights(let name):
            return "\(name) already holds nan/inf: rebuild the model (model …) and train again"
        case .hugeWeights(let largest):
            return "the weights were already |w| = \(NumberFormat.short(largest, digits: 3)) when this run began "
                + "(an earlier run blew them up): rebuild the model (model …) before training again"
        case .step:
            let rate = learningRate.map { " than the current lr \(NumberFormat.short($0))" } ?? ""
            return "the inputs and the starting weights are fine: a smaller learning rate\(rate) or gradient "
                + "clipping (clip norm=1) usually fixes this"
        }
    }
}
