import CLoops
import Datasets
import Explain
import Kernels
import Limits
import Operations
import Optimizers
import Randomness
import TensorGrad

/// Scoring a model without training it: the mean loss and accuracy (`evaluate`), each
/// example's loss (`evaluateEach`), and the outputs (`predict`).
extension Trainer {
    /// Mean loss (with regularization) and accuracy over `rows`, without training.
    public func evaluate(_ data: Dataset, rows: [Int]? = nil, batchSize: Int = 1000) throws(TensorError) -> (
        loss: Double, accuracy: Double?
    ) {
        try checkInput(data, rows: rows, for: "evaluate")
        try checkTargets(data)
        let rows = rows ?? Array(0..<data.count)
        guard !rows.isEmpty else { return (.nan, nil) }
        let classification = data.classCount != nil
        var lossSum = 0.0
        var correct = 0
        let probabilities = try predict(data, rows: rows, batchSize: batchSize, logits: true)
        let width = model.outputShape.last ?? 1
        let labels = UnsafeMutablePointer<Int32>.allocate(capacity: rows.count)
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: rows.count * data.targetWidth)
        defer {
            labels.deallocate()
            targets.deallocate()
        }
        data.fillTargets(rows, labels: labels, values: targets)
        // Evaluate the loss on the graph engine in chunks (no gradients): exact and simple.
        let chunk = batchSize
        var start = 0
        while start < rows.count {
            let n = min(chunk, rows.count - start)
            let z = Tensor(
                shape: [n, width], data: Array(probabilities.values[(start * width)..<((start + n) * width)]))
            let (output, logits) = try probabilities.areLogits ? (finalActivationApplied(z), z) : (z, nil)
            let target: Tensor =
                classification
                ? Tensor(shape: [n], data: (0..<n).map { Float(labels[start + $0]) })
                : Tensor(
                    shape: [n, data.targetWidth],
                    data: Array(
                        UnsafeBufferPointer(start: targets + start * data.targetWidth, count: n * data.targetWidth)))
            let value = try GradMode.withoutGradients { () throws(TensorError) -> Tensor in
                try loss.compute(target: target, output: output, logits: logits)
            }
            lossSum += Double(value.data[0]) * Double(n)
            if classification {
                correct += z.data.withUnsafeBufferPointer {
                    FastLoss.correct(
                        $0.baseAddress!, labels + start, rows: n, width: width,
                        threshold: probabilities.areLogits ? 0 : 0.5)
                }
            }
            start += n
        }
        let penalty = try GradMode.withoutGradients { () throws(TensorError) -> Double in
            try model.regularizationTerms().reduce(0.0) { $0 + Double($1.penalty.data[0]) }
        }
        return (lossSum / Double(rows.count) + penalty, classification ? Double(correct) / Double(rows.count) : nil)
    }

    /// The loss of each of `rows` alone (with the regularization penalty, as `evaluate`'s mean
    /// has it) and, for class labels, whether it was classified correctly: what choosing among
    /// models on a part of a set needs (`Selection`). Their mean is `evaluate`'s loss.
    public func evaluateEach(_ data: Dataset, rows: [Int]) throws(TensorError) -> (losses: [Double], correct: [Bool]?) {
        try checkInput(data, rows: rows, for: "evaluate")
        try checkTargets(data)
        guard !rows.isEmpty else { return ([], nil) }
        let probabilities = try predict(data, rows: rows, logits: true)
        let width = model.outputShape.last ?? 1
        let classification = data.classCount != nil
        let penalty = try GradMode.withoutGradients { () throws(TensorError) -> Double in
            try model.regularizationTerms().reduce(0.0) { $0 + Double($1.penalty.data[0]) }
        }
        let labels = UnsafeMutablePointer<Int32>.allocate(capacity: rows.count)
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: rows.count * data.targetWidth)
        defer {
            labels.deallocate()
            targets.deallocate()
        }
        data.fillTargets(rows, labels: labels, values: targets)
        var losses: [Double] = []
        var correct: [Bool] = []
        losses.reserveCapacity(rows.count)
        for i in rows.indices {
            let z = Tensor(shape: [1, width], data: Array(probabilities.values[(i * width)..<((i + 1) * width)]))
            let (output, logits) = try probabilities.areLogits ? (finalActivationApplied(z), z) : (z, nil)
            let target: Tensor =
                classification
                ? Tensor(shape: [1], data: [Float(labels[i])])
                : Tensor(
                    shape: [1, data.targetWidth],
                    data: Array(UnsafeBufferPointer(start: targets + i * data.targetWidth, count: data.targetWidth)))
            let value = try GradMode.withoutGradients { () throws(TensorError) -> Tensor in
                try loss.compute(target: target, output: output, logits: logits)
            }
            losses.append(Double(value.data[0]) + penalty)
            if classification {
                let hit = z.data.withUnsafeBufferPointer {
                    FastLoss.correct(
                        $0.baseAddress!, labels + i, rows: 1, width: width, threshold: probabilities.areLogits ? 0 : 0.5
                    )
                }
                correct.append(hit == 1)
            }
        }
        return (losses, classification ? correct : nil)
    }

    /// The model's outputs for `rows` (probabilities after a final softmax or sigmoid), row
    /// after row; with `logits`, the values before that final activation when it exists.
    public func predict(_ data: Dataset, rows: [Int], batchSize: Int = 1000, logits: Bool = false) throws(TensorError)
        -> (values: [Float], areLogits: Bool)
    {
        try checkInput(data, rows: rows, for: "predict")
        guard batchSize > 0 else {
            throw .invalidArgument(op: "predict", reason: "batch must be positive, got \(batchSize)")
        }
        let width = model.outputShape.last ?? 1
        var out = [Float](repeating: 0, count: rows.count * width)
        guard let network = ParallelNetwork(model, capacity: min(batchSize, max(rows.count, 1))) else {
            // A model without a fast form: the graph engine, batch by batch.
            var start = 0
            while start < rows.count {
                let n = min(batchSize, rows.count - start)
                let x = Tensor(
                    shape: [n] + data.sampleShape, data: rows[start..<(start + n)].flatMap { data.sample($0) })
                let (output, z) = try GradMode.withoutGradients { () throws(TensorError) in try model.forward(x) }
                let values = logits ? (z ?? output) : output
                for i in 0..<values.count { out[start * width + i] = values.data[i] }
                start += n
            }
            return (out, logits && model.finalSquash != nil)
        }
        let parallelBLAS = BLAS.threads
        if network.isParallel { BLAS.setThreads(1) }
        defer { BLAS.setThreads(parallelBLAS) }
        var start = 0
        while start < rows.count {
            let n = min(network.capacity, rows.count - start)
            out.withUnsafeMutableBufferPointer { buffer in
                network.infer(data, rows: rows[start..<(start + n)], into: buffer.baseAddress! + start * width)
            }
            if !logits, let final = network.finalActivation {
                out.withUnsafeMutableBufferPointer { buffer in
                    let row = buffer.baseAddress! + start * width
                    if final == .softmax {
                        Softmax.softmax(row, outer: n, n: width, inner: 1, into: row)
                    } else {
                        Sigmoid().forward(row, into: row, count: n * width)
                    }
                }
            }
            start += n
        }
        return (out, logits && network.finalActivation != nil)
    }

    // MARK: - Pieces

    fileprivate func finalActivationApplied(_ z: Tensor) throws(TensorError) -> Tensor {
        model.finalSquash == .sigmoid ? try z.sigmoid() : try z.softmax(axis: -1)
    }
}
