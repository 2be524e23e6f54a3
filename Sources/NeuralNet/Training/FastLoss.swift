import Kernels
import Operations

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The losses on the fast path: the mean loss of a batch, and ∂L/∂(last output) written into
/// the network's last gradient buffer. The same formulas as `Loss`, evaluated on buffers.
enum FastLoss {
    /// Whether the fast path computes `loss` for a network ending in `final`.
    static func supports(_ loss: Loss, final: Activation?, classification: Bool) -> Bool {
        switch loss {
        case .sparseCategoricalCrossentropy: return final == .softmax && classification
        case .categoricalCrossentropy: return final == .softmax && !classification
        case .binaryCrossentropy: return final == .sigmoid
        case .meanSquaredError: return final == nil
        }
    }

    /// Loss, gradient and (for classification) the number of rows whose largest output is the
    /// label. The mean is over `meanOver` rows (default `rows`): a shard of a batch gives its
    /// share of the batch's mean loss and gradient.
    static func evaluate(
        _ loss: Loss, network: CompiledNetwork, rows: Int, labels: UnsafePointer<Int32>?,
        targets: UnsafePointer<Float>?, gradient: Bool, meanOver batch: Int? = nil
    ) -> (loss: Double, correct: Int?) {
        let width = network.outputWidth
        let batch = batch ?? rows
        guard let z = network.outputs.last, let g = network.gradients.last else { return (.nan, nil) }
        switch loss {
        case .sparseCategoricalCrossentropy:
            guard let labels else { return (.nan, nil) }
            let value = Softmax.crossEntropy(
                logits: z, labels: labels, rows: rows, classes: width, gradient: gradient ? g : nil, meanOver: batch)
            return (value, Classification.hits(z, labels: labels, rows: rows, width: width, threshold: 0))
        case .categoricalCrossentropy:
            // One-hot (or soft) target rows; class labels are refused before training.
            guard let targets else { return (.nan, nil) }
            let value = Softmax.crossEntropy(
                logits: z, targets: targets, rows: rows, classes: width, gradient: gradient ? g : nil, meanOver: batch)
            return (value, nil)
        case .binaryCrossentropy:
            // mean(max(z, 0) − z·y + log(1 + e^−|z|)),  ∂/∂z = (σ(z) − y) / (batch·width)
            let n = rows * width
            let mean = Float(batch * width)
            var total = 0.0
            for i in 0..<n {
                let x = z[i]
                let y = target(i, labels, targets)
                total += Double(max(x, 0) - x * y + log1pf(expf(-abs(x))))
                if gradient { g[i] = (Sigmoid().forward(x) - y) / mean }
            }
            var hits = 0
            for i in 0..<n where (z[i] > 0) == (target(i, labels, targets) > 0.5) { hits += 1 }
            return (total / Double(mean), width == 1 ? hits : nil)
        case .meanSquaredError:
            // mean((ŷ − y)²),  ∂/∂ŷ = 2(ŷ − y) / (batch·width)
            let n = rows * width
            let mean = Float(batch * width)
            var total = 0.0
            for i in 0..<n {
                let d = z[i] - target(i, labels, targets)
                total += Double(d * d)
                if gradient { g[i] = 2 * d / mean }
            }
            return (total / Double(mean), nil)
        }
    }

    @inline(__always)
    private static func target(_ i: Int, _ labels: UnsafePointer<Int32>?, _ targets: UnsafePointer<Float>?) -> Float {
        if let targets { return targets[i] }
        return labels.map { Float($0[i]) } ?? 0
    }
}
