import CLoops
import Datasets
import Kernels
import Limits
import Operations
import Optimizers
import Randomness
import TensorGrad

/// What `train` says when the loss or a gradient stops being a number: where, and likely why.
extension Trainer {
    /// nil while everything is a number; otherwise what went wrong, where, and likely why.
    func diagnose(_ loss: Double, epoch: Int, batch: Int, step: Int, data: Dataset, rows: ArraySlice<Int>)
        -> String?
    {
        // Σg² of every gradient: one pass over raw memory; a nan or inf anywhere makes it non-finite.
        guard !loss.isFinite || !gradientsAreFinite() else { return nil }
        let gradientNorms = model.namedParameters.map { name, parameter -> (String, Double) in
            let squares =
                parameter.tensor.grad?.withUnsafeBufferPointer { g -> Double in
                    var total = 0.0
                    for v in g { total += Double(v) * Double(v) }
                    return total
                } ?? 0
            return (name, squares.squareRoot())
        }
        let badGradient = gradientNorms.first { !$0.1.isFinite }
        guard !loss.isFinite || badGradient != nil else { return nil }
        var lines = [
            "training stopped at epoch \(epoch), batch \(batch) (step \(step)): "
                + (loss.isFinite ? "a gradient is not a number" : "the loss is \(loss.isNaN ? "nan" : "\(loss)")")
        ]
        if let badWeights = parameters.first(where: { p in (0..<p.count).contains { !p.value(at: $0).isFinite } }) {
            lines.append("first parameter with nan/inf values: \(badWeights.name)")
        } else if let layer = firstNonFiniteLayer(data, rows) {
            lines.append("all weights are finite; the first layer whose output is nan/inf: \(layer)")
        }
        lines.append("gradient norms: " + gradientNorms.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        lines.append(
            "learning rate: \(optimizer.learningRate) (\(optimizer.displayName)) — a smaller learning rate or "
                + "gradient clipping usually fixes this"
        )
        return lines.joined(separator: "\n")
    }

    /// True when no gradient holds a nan or inf (checked without allocating, every step).
    func gradientsAreFinite() -> Bool {
        for parameter in parameters {
            guard case .tensor(let tensor) = parameter.storage, let grad = tensor.grad else { continue }
            let finite = grad.withUnsafeBufferPointer { gb_all_finite($0.baseAddress!, $0.count) != 0 }
            if !finite { return false }
        }
        return true
    }

    func firstNonFiniteLayer(_ data: Dataset, _ rows: ArraySlice<Int>) -> String? {
        var h = Tensor(shape: [rows.count] + data.sampleShape, data: rows.flatMap { data.sample($0) })
        for layer in model.layers {
            guard let next = try? GradMode.withoutGradients({ () throws(TensorError) in try layer(h, training: false) })
            else { return nil }
            if next.data.contains(where: { !$0.isFinite }) { return "\(layer.name) (\(layer.kind))" }
            h = next
        }
        return nil
    }
}
