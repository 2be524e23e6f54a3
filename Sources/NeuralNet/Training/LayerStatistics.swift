import CLoops
import Datasets
import TensorGrad

/// What `train` records about each layer per epoch, beside the loss (`history` shows it,
/// `plot gradients` and `plot dead` draw it, `diagnose` reads it):
///
///     grad_norm/LAYER   the mean over the epoch's batches of ‖∂L/∂W‖ for the layer's kernel
///     dead/LAYER        the fraction of a ReLU layer's units that output 0 for every one of
///                       up to 1,000 training samples after the epoch (units that no longer learn)
enum LayerStatistics {
    static let gradientPrefix = "grad_norm/"
    static let deadPrefix = "dead/"
    /// Samples the dead-unit count looks at.
    static let deadSample = 1_000

    /// The kernels whose gradient norms are recorded: each layer's first weight matrix.
    static func kernels(of model: Sequential) -> [(layer: String, tensor: Tensor)] {
        model.layers.compactMap { layer in
            layer.parameters.first { $0.tensor.rank == 2 }.map { (layer.name, $0.tensor) }
        }
    }

    /// ‖g‖ of a tensor's gradient (0 without one): a vectorized pass, accumulated in Double.
    static func gradientNorm(_ tensor: Tensor) -> Double {
        guard let grad = tensor.grad else { return 0 }
        return grad.withUnsafeBufferPointer { g in
            g.baseAddress.map { gb_sum_squares($0, g.count) }?.squareRoot() ?? 0
        }
    }

    /// For each ReLU layer (Dense with relu, or a ReLU layer), the fraction of its units that
    /// are 0 for every sample of the first `deadSample` rows.
    static func deadFractions(_ model: Sequential, _ data: Dataset, rows: [Int]) -> [(layer: String, dead: Double)] {
        let sample = Array(rows.prefix(deadSample))
        guard !sample.isEmpty else { return [] }
        var h = Tensor(shape: [sample.count] + data.sampleShape, data: sample.flatMap { data.sample($0) })
        var fractions: [(String, Double)] = []
        for layer in model.layers {
            guard let next = try? GradMode.withoutGradients({ () throws(TensorError) in try layer(h, training: false) })
            else { return fractions }
            let activation = (layer as? Dense)?.activation ?? (layer as? ActivationLayer)?.activation
            if let activation, activation.name == "relu", next.rank == 2, next.shape[0] > 0 {
                let (rows, units) = (next.shape[0], next.shape[1])
                var alive = [Bool](repeating: false, count: units)
                next.data.withUnsafeBufferPointer { out in
                    for r in 0..<rows {
                        for u in 0..<units where out[r * units + u] > 0 { alive[u] = true }
                    }
                }
                fractions.append((layer.name, Double(alive.filter { !$0 }.count) / Double(max(units, 1))))
            }
            h = next
        }
        return fractions
    }
}
