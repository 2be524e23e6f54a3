import CLoops
import Datasets
import Explain
import Kernels
import Limits
import Operations
import Optimizers
import Randomness
import TensorGrad

/// What `train` says when the loss or a gradient stops being a number: where, and likely why.
extension Trainer {
    /// nil while everything is a number; otherwise what went wrong, where, and likely why.
    /// What a run started from, for its diagnoses.
    struct Start {
        let inputs: NonFiniteCause.Inputs
        let weights: Double

        func cause(_ model: Sequential) -> NonFiniteCause {
            NonFiniteCause.find(inputs: inputs, model: model, weightsAtStart: weights)
        }
    }

    func diagnose(
        _ loss: Double, epoch: Int, batch: Int, step: Int, data: Dataset, rows: ArraySlice<Int>, start: Start
    ) -> String? {
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
            let largest =
                parameters.map { p in (0..<p.count).reduce(0.0) { max($0, Swift.abs(p.value(at: $1))) } }.max() ?? 0
            let shown = NumberFormat.short(largest, digits: 3)
            lines.append(
                "the weights are finite (the largest |w| is \(shown)); the first layer whose output is nan/inf: "
                    + "\(layer)"
            )
        }
        lines.append(
            "gradient norms: "
                + gradientNorms.map { "\($0.0) \(NumberFormat.short($0.1, digits: 3))" }.joined(separator: ", "))
        // The inputs and the starting weights are ruled out before the step is blamed.
        lines.append(
            "\(optimizer.displayName): " + start.cause(model).advice(learningRate: optimizer.learningRate))
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

    /// What a run that does not learn is warned of (each once per run).
    enum Warning: Hashable { case chanceLevel, lossGrew }

    /// A word after an epoch that trained without learning: accuracy at chance level from the
    /// second epoch on, or a loss that grew.
    func warnings(
        after logs: [String: Double], previous: [String: Double]?, epochInRun: Int, classes: Int?, start: Start
    ) -> [(kind: Warning, finding: String, advice: String)] {
        var notes: [(kind: Warning, finding: String, advice: String)] = []
        let cause = start.cause(model)
        var advice = cause.advice(learningRate: optimizer.learningRate)
        // Inputs and weights ruled out: the layers' own figures may still name the cause.
        let layerFinding =
            cause == .step
            ? TrainingDiagnosis(epochs: [logs], inputs: nil).findings.first(where: {
                $0.problem == .vanishingGradients || $0.problem == .deadUnits
            }) : nil
        if let layerFinding {
            advice = "\(layerFinding.evidence) (the inputs and starting weights are fine): \(layerFinding.fix)"
        }
        if let classes, classes >= 2, epochInRun >= 2, let accuracy = logs["val_accuracy"] ?? logs["accuracy"],
            accuracy <= 1 / Double(classes) + 0.02
        {
            let shown = NumberFormat.fixed(accuracy, decimals: 4)
            // A loss that falls, with no layer dead or vanishing, is a rate too small, not too large.
            var advice = advice
            if cause == .step, layerFinding == nil, let loss = logs["loss"], let before = previous?["loss"],
                loss < before
            {
                advice =
                    "the loss falls, slowly (\(NumberFormat.short(before, digits: 4)) → "
                    + "\(NumberFormat.short(loss, digits: 4))): the learning rate (lr "
                    + "\(NumberFormat.short(optimizer.learningRate))) is likely too small — raise it ×10, or use "
                    + "Adam ('diagnose' reads the whole history)"
            }
            notes.append(
                (
                    .chanceLevel,
                    "accuracy \(shown) is at chance level (1/\(classes)) after \(epochInRun) epochs", advice
                ))
        }
        // A rise of under 10%, or one while the accuracy still rises, is minibatch noise (a run at
        // 99% accuracy bumps its small loss by a few percent now and then), not a warning.
        let accuracyRose = (logs["accuracy"]).flatMap { now in previous?["accuracy"].map { now > $0 } } ?? false
        if let loss = logs["loss"], let before = previous?["loss"], loss > before * 1.1, !accuracyRose {
            let (from, to) = (NumberFormat.short(before, digits: 4), NumberFormat.short(loss, digits: 4))
            notes.append((.lossGrew, "the loss grew from \(from) to \(to)", advice))
        }
        return notes
    }
}
