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
        let rows = rows ?? Array(0..<data.count)
        let chunks = try score(data, rows: rows, chunk: batchSize, for: "evaluate")
        guard !rows.isEmpty else { return (.nan, nil) }
        let lossSum = chunks.reduce(0.0) { $0 + $1.loss * Double($1.rows) }
        let correct = chunks.reduce(0) { $0 + $1.hits }
        return (
            lossSum / Double(rows.count) + (try penalty()),
            data.classCount != nil ? Double(correct) / Double(rows.count) : nil
        )
    }

    /// The loss of each of `rows` alone (with the regularization penalty, as `evaluate`'s mean
    /// has it) and, for class labels, whether it was classified correctly: what choosing among
    /// models on a part of a set needs (`ModelSelection`). Their mean is `evaluate`'s loss.
    public func evaluateEach(_ data: Dataset, rows: [Int]) throws(TensorError) -> (losses: [Double], correct: [Bool]?) {
        let each = try score(data, rows: rows, chunk: 1, for: "evaluate")
        guard !rows.isEmpty else { return ([], nil) }
        let penalty = try penalty()
        return (each.map { $0.loss + penalty }, data.classCount != nil ? each.map { $0.hits == 1 } : nil)
    }

    /// The regularization penalty of the current weights, without gradients.
    private func penalty() throws(TensorError) -> Double {
        try GradMode.withoutGradients { () throws(TensorError) -> Double in
            try model.regularizationTerms().reduce(0.0) { $0 + Double($1.penalty.data[0]) }
        }
    }

    /// The data loss (mean over the chunk) and the hits of `rows` in chunks of `chunk` rows, on
    /// the graph engine without gradients (exact and simple), from one `predict` of them all.
    private func score(_ data: Dataset, rows: [Int], chunk: Int, for op: String) throws(TensorError) -> [(
        loss: Double, rows: Int, hits: Int
    )] {
        try checkInput(data, rows: rows, for: op)
        try checkTargets(data, for: op)
        guard !rows.isEmpty else { return [] }
        let classification = data.classCount != nil
        let probabilities = try predict(data, rows: rows, batchSize: chunk > 1 ? chunk : 1000, logits: true)
        let width = model.outputShape.last ?? 1
        let labels = UnsafeMutablePointer<Int32>.allocate(capacity: rows.count)
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: rows.count * data.targetWidth)
        defer {
            labels.deallocate()
            targets.deallocate()
        }
        data.fillTargets(rows, labels: labels, values: targets)
        var scores: [(loss: Double, rows: Int, hits: Int)] = []
        scores.reserveCapacity((rows.count + chunk - 1) / chunk)
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
            let hits =
                classification
                ? z.data.withUnsafeBufferPointer {
                    Classification.hits(
                        $0.baseAddress!, labels: labels + start, rows: n, width: width,
                        threshold: probabilities.areLogits ? 0 : 0.5)
                } : 0
            scores.append((Double(value.data[0]), n, hits))
            start += n
        }
        return scores
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
