import Datasets
import TensorGrad

/// What each layer outputs on a sample of the data — the picture behind dead ReLUs and
/// saturated sigmoids (`plot activations`):
///
///     zero       the share of outputs exactly 0 (a ReLU that is off)
///     saturated  the share of a sigmoid's outputs below 0.01 or above 0.99, or a tanh's with
///                |a| > 0.99 (where σ′ = σ(1 − σ) < 0.0099 and tanh′ = 1 − a² < 0.0199:
///                the gradient through them nearly vanishes)
///     histogram  the share of outputs in each of `bins` equal bins over [low, high]
public struct ActivationStatistics: Sendable {
    public let layer: String
    public let activation: String
    public let count: Int
    public let mean: Double
    public let standardDeviation: Double
    public let zero: Double
    public let saturated: Double?
    public let low: Double
    public let high: Double
    public let histogram: [Double]

    /// Every layer with an activation, on the first `sample` rows of `data`.
    public static func measure(_ model: Sequential, _ data: Dataset, sample: Int = 1_000, bins: Int = 30)
        throws(TensorError) -> [ActivationStatistics]
    {
        let rows = Array(0..<min(sample, data.count))
        guard !rows.isEmpty else { return [] }
        var h = Tensor(shape: [rows.count] + data.sampleShape, data: rows.flatMap { data.sample($0) })
        var result: [ActivationStatistics] = []
        for layer in model.layers {
            let input = h
            h = try GradMode.withoutGradients { () throws(TensorError) in try layer(input, training: false) }
            guard let activation = (layer as? Dense)?.activation ?? (layer as? ActivationLayer)?.activation else {
                continue
            }
            result.append(
                ActivationStatistics(layer: layer.name, activation: activation.name, values: h.data, bins: bins))
        }
        return result
    }

    init(layer: String, activation: String, values: [Float], bins: Int) {
        self.layer = layer
        self.activation = activation
        let finite = values.filter(\.isFinite).map(Double.init)
        count = finite.count
        let n = Double(max(finite.count, 1))
        let mean = finite.reduce(0, +) / n
        self.mean = mean
        standardDeviation = (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        zero = Double(finite.filter { $0 == 0 }.count) / n
        switch activation {
        case "sigmoid": saturated = Double(finite.filter { $0 < 0.01 || $0 > 0.99 }.count) / n
        case "tanh": saturated = Double(finite.filter { abs($0) > 0.99 }.count) / n
        default: saturated = nil
        }
        low = finite.min() ?? 0
        high = finite.max() ?? 0
        var counts = [Double](repeating: 0, count: bins)
        let span = high - low
        for value in finite {
            let bin = span > 0 ? min(bins - 1, Int((value - low) / span * Double(bins))) : 0
            counts[bin] += 1
        }
        histogram = counts.map { $0 / n }
    }

    /// The centre of bin `index`.
    public func centre(_ index: Int) -> Double {
        low + (Double(index) + 0.5) / Double(histogram.count) * (high - low)
    }
}
