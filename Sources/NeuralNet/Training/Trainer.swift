import CLoops
import Datasets
import Explain
import Kernels
import Limits
import Operations
import Optimizers
import Randomness
import TensorGrad

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Something `fit` reports while it runs; a front end turns these into a progress bar.
public enum TrainingEvent: Sendable {
    /// Training begins: `epochs` epochs numbered from `firstEpoch` (after earlier fits).
    case started(epochs: Int, firstEpoch: Int, batches: Int, samples: Int, validationSamples: Int, fastPath: Bool)
    /// After each batch: running means over the epoch so far.
    case batch(epoch: Int, batch: Int, batches: Int, loss: Double, accuracy: Double?, seconds: Double)
    /// After each epoch: its metrics, and the batches done of the epoch's (fewer after Ctrl-C).
    case epoch(epoch: Int, epochs: Int, logs: [String: Double], seconds: Double, batches: Int, of: Int)
    case note(String)
}

/// Why `fit` ended.
public enum StopReason: Equatable, Sendable {
    case completed
    case earlyStopping(epoch: Int, bestEpoch: Int)
    case interrupted(epoch: Int, batch: Int)
    /// The loss or a gradient stopped being a number; the message is the diagnosis.
    case notANumber(String)
}

/// Trains a `Sequential` on a dataset, Keras' `fit`: minibatches from a shuffled order,
/// per-epoch metrics, validation, callbacks; on the fast path when the model allows it.
public final class Trainer {
    public let model: Sequential
    public var optimizer: Optimizer
    public let loss: Loss
    let parameters: [OptimizedParameter]

    public init(model: Sequential, optimizer: Optimizer, loss: Loss) {
        self.model = model
        self.optimizer = optimizer
        self.loss = loss
        parameters = model.namedParameters.map { OptimizedParameter(name: $0.name, tensor: $0.parameter.tensor) }
    }

    /// The result of `fit`.
    public struct Result: Sendable {
        public var history: History
        public var stop: StopReason
        public var restoredEpoch: Int?
        public var epochSeconds: [Double]
    }

    /// Runs `epochs` epochs over `rows` of `data` (all rows when nil), validating on
    /// `validation` after each. `interrupted` is polled after every batch (Ctrl-C); `save` is
    /// called with this fit's history and the generator when the checkpoint's metric improves
    /// (it returns why saving failed, or nil). Epochs are
    /// numbered from `initialEpoch + 1` (Keras' `initial_epoch`: a model trained again goes on
    /// counting, in the progress, the history and the schedule alike).
    public func fit(
        _ data: Dataset, rows: [Int]? = nil, validation: (Dataset, [Int])? = nil, epochs: Int, batchSize: Int,
        initialEpoch: Int = 0,
        shuffle: Bool = true, generator: inout SeededGenerator, update: UpdateRule = UpdateRule(),
        callbacks: Callbacks = Callbacks(),
        progress: (TrainingEvent) -> Void = { _ in }, interrupted: () -> Bool = { false },
        save: (_ history: History, _ generator: SeededGenerator) -> String? = { _, _ in nil }
    ) throws(TensorError) -> Result {
        guard epochs > 0, epochs <= Limit.epochs.value, batchSize > 0 else {
            throw .invalidArgument(
                op: "train",
                reason:
                    "epochs must be 1…\(Limit.epochs.value) and batch positive, got epochs=\(epochs) batch=\(batchSize)"
            )
        }
        try checkInput(data, rows: rows, for: "train")
        if let (validationData, validationRows) = validation {
            try checkInput(validationData, rows: validationRows, for: "validation")
        }
        try checkTargets(data)
        let rows = rows ?? Array(0..<data.count)
        var order = rows
        guard !order.isEmpty else { throw .invalidArgument(op: "train", reason: "no training samples") }
        let capacity = min(batchSize, order.count)
        let classification = data.classCount != nil
        let network = ParallelNetwork(model, capacity: capacity)
        let fast =
            network.map { FastLoss.supports(loss, final: $0.finalActivation, classification: classification) } ?? false
        if fast { network?.readSparse(SparseRows(data)) }
        let batches = (order.count + batchSize - 1) / batchSize
        // Shards run side by side on the cores; BLAS threads inside them would only compete.
        let blasThreads = BLAS.threads
        if fast, network?.isParallel == true { BLAS.setThreads(1) }
        defer { BLAS.setThreads(blasThreads) }
        progress(
            .started(
                epochs: epochs, firstEpoch: initialEpoch + 1, batches: batches, samples: order.count,
                validationSamples: validation?.1.count ?? 0,
                fastPath: fast))

        let labels = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let targets = UnsafeMutablePointer<Float>.allocate(capacity: capacity * data.targetWidth)
        defer {
            labels.deallocate()
            targets.deallocate()
        }
        var result = Result(history: History(), stop: .completed, restoredEpoch: nil, epochSeconds: [])
        var plateau = callbacks.reduceOnPlateau
        let baseRate = optimizer.initialLearningRate
        var best: (value: Double, epoch: Int, weights: [[Float]])?
        var wait = 0
        var bestSaved: Double?
        var said: Set<Trainer.Warning> = []
        var advised: Set<String> = []
        // What a diagnosis rules out first: the inputs, and the weights the run starts from.
        let origin = Start(inputs: NonFiniteCause.Inputs(data), weights: NonFiniteCause.largestWeight(model))
        let regularized = model.regularized
        var step = 0
        let kernels = LayerStatistics.kernels(of: model)

        epochs: for epoch in (initialEpoch + 1)...(initialEpoch + epochs) {
            // Each epoch a fresh permutation of the rows (as PyTorch's RandomSampler), not a
            // shuffle of the last epoch's order: then the order of epoch k depends only on the
            // generator, and training 2 epochs, then 1 (even after save and load) is training 3.
            if shuffle {
                order = rows
                Batching.shuffle(&order, generator: &generator)
            }
            let start = now()
            var lossSum = 0.0
            var correct = 0
            var seen = 0
            var done = 0
            var gradientNorms = [Double](repeating: 0, count: kernels.count)
            for batch in 0..<batches {
                let slice = order[(batch * batchSize)..<min((batch + 1) * batchSize, order.count)]
                let n = slice.count
                data.fillTargets(slice, labels: labels, values: targets)
                let batchLoss: Double
                let hits: Int?
                if fast, let network {
                    (batchLoss, hits) = network.trainingStep(
                        data, rows: slice, loss: loss, labels: classification ? UnsafePointer(labels) : nil,
                        targets: classification ? nil : UnsafePointer(targets))
                } else {
                    (batchLoss, hits) = try graphStep(data, slice, labels: labels, targets: targets)
                }
                // The one training step: loss and gradients (above) → regularisation → clipping →
                // schedule → the optimizer's update (`UpdateRule`).
                let penalty = Regularizer.addGradients(regularized, gradient: batchLoss.isFinite)
                let total = batchLoss + penalty
                step += 1
                if let diagnosis = diagnose(
                    total, epoch: epoch, batch: batch + 1, step: step, data: data, rows: slice, start: origin)
                {
                    result.stop = .notANumber(diagnosis)
                    break epochs
                }
                for (index, kernel) in kernels.enumerated() {
                    gradientNorms[index] += LayerStatistics.gradientNorm(kernel.tensor)
                }
                update.apply(
                    parameters, optimizer: optimizer, baseRate: baseRate,
                    time: update.schedulePerBatch ? step - 1 : epoch - 1)
                lossSum += total * Double(n)
                seen += n
                if let hits { correct += hits }
                done += 1
                progress(
                    .batch(
                        epoch: epoch, batch: batch + 1, batches: batches, loss: lossSum / Double(seen),
                        accuracy: classification ? Double(correct) / Double(seen) : nil, seconds: now() - start))
                if interrupted() {
                    result.stop = .interrupted(epoch: epoch, batch: batch + 1)
                    break
                }
            }
            let seconds = now() - start
            var logs: [String: Double] = ["loss": lossSum / Double(max(seen, 1)), "lr": optimizer.learningRate]
            if classification { logs["accuracy"] = Double(correct) / Double(max(seen, 1)) }
            // Per layer: the epoch's mean gradient norm, and the share of dead ReLU units.
            for (index, kernel) in kernels.enumerated() where done > 0 {
                logs[LayerStatistics.gradientPrefix + kernel.layer] = gradientNorms[index] / Double(done)
            }
            for (layer, dead) in LayerStatistics.deadFractions(model, data, rows: rows) {
                logs[LayerStatistics.deadPrefix + layer] = dead
            }
            if let (validationData, validationRows) = validation, !validationRows.isEmpty, seen > 0 {
                let (l, a) = try evaluate(validationData, rows: validationRows)
                logs["val_loss"] = l
                if let a { logs["val_accuracy"] = a }
            }
            result.history.append(logs)
            result.epochSeconds.append(seconds)
            progress(
                .epoch(
                    epoch: epoch, epochs: initialEpoch + epochs, logs: logs, seconds: seconds, batches: done,
                    of: batches))
            // A word when the run is not learning (each kind once per run).
            // An advice already given in this run is referred to, not repeated.
            for (kind, finding, advice) in warnings(
                after: logs, previous: result.history.epochs.dropLast().last,
                epochInRun: epoch - initialEpoch, classes: data.classCount, start: origin)
            where !said.contains(kind) {
                said.insert(kind)
                let repeated = advised.contains(advice)
                advised.insert(advice)
                progress(.note("Warning: " + finding + (repeated ? " (the same cause as above)" : ": " + advice)))
            }
            if case .interrupted = result.stop { break }

            if let checkpoint = callbacks.checkpoint, let value = logs[checkpoint.monitor],
                checkpoint.improves(value, over: bestSaved)
            {
                bestSaved = value
                if let failure = save(result.history, generator) {
                    progress(.note("Warning: the checkpoint of epoch \(epoch) was not saved: \(failure)"))
                } else {
                    progress(
                        .note("saved epoch \(epoch) (\(checkpoint.monitor) \(NumberFormat.fixed(value, decimals: 4)))"))
                }
            }
            if let stopping = callbacks.earlyStopping, let value = logs[stopping.monitor] {
                if stopping.improves(value, over: best?.value) {
                    best = (value, epoch, stopping.restoreBestWeights ? parameters.map(snapshot) : [])
                    wait = 0
                } else {
                    wait += 1
                    if wait >= stopping.patience {  // Keras: stop once `patience` epochs passed without improvement
                        result.stop = .earlyStopping(epoch: epoch, bestEpoch: best?.epoch ?? epoch)
                        break
                    }
                }
            }
            if plateau != nil, let value = logs[callbacks.plateauMonitor] ?? logs["loss"],
                let reduced = plateau?.observe(value, rate: optimizer.learningRate)
            {
                optimizer.learningRate = reduced
                progress(
                    .note(
                        "reducing the learning rate to \(NumberFormat.short(reduced)) "
                            + "(\(callbacks.plateauMonitor) has not improved)"
                    ))
            }
        }
        if let stopping = callbacks.earlyStopping, stopping.restoreBestWeights, let best, !best.weights.isEmpty {
            for (parameter, values) in zip(parameters, best.weights) { restore(parameter, values) }
            result.restoredEpoch = best.epoch
        }
        return result
    }

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
            return (out, logits && (model.layers.last.map { Trainer.endsInSquash($0) } ?? false))
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

    private static func endsInSquash(_ layer: Layer) -> Bool {
        if let dense = layer as? Dense { return dense.activation == .softmax || dense.activation == .sigmoid }
        if let activation = layer as? ActivationLayer {
            return activation.activation == .softmax || activation.activation == .sigmoid
        }
        return false
    }

    private func finalActivationApplied(_ z: Tensor) throws(TensorError) -> Tensor {
        let final = (model.layers.last as? Dense)?.activation ?? (model.layers.last as? ActivationLayer)?.activation
        return final == .sigmoid ? try z.sigmoid() : try z.softmax(axis: -1)
    }

    /// One batch on the graph engine (for models or losses without a fast form).
    private func graphStep(
        _ data: Dataset, _ rows: ArraySlice<Int>, labels: UnsafeMutablePointer<Int32>,
        targets: UnsafeMutablePointer<Float>
    ) throws(TensorError) -> (Double, Int?) {
        let n = rows.count
        let x = Tensor(shape: [n] + data.sampleShape, data: rows.flatMap { data.sample($0) })
        let (output, logits) = try model.forward(x, training: true)
        let target: Tensor =
            data.classCount != nil
            ? Tensor(shape: [n], data: (0..<n).map { Float(labels[$0]) })
            : Tensor(
                shape: [n, data.targetWidth],
                data: Array(UnsafeBufferPointer(start: targets, count: n * data.targetWidth)))
        let value = try loss.compute(target: target, output: output, logits: logits)
        try value.backward()
        var hits: Int?
        if data.classCount != nil, output.rank == 2 {
            let width = output.shape[1]
            hits =
                (0..<n).filter { r in
                    let row = output.data[(r * width)..<((r + 1) * width)]
                    return row.indices.max { row[$0] < row[$1] }.map { $0 - r * width } == Int(labels[r])
                }.count
        }
        return (Double(value.data[0]), hits)
    }

    private func snapshot(_ parameter: OptimizedParameter) -> [Float] {
        if case .tensor(let t) = parameter.storage { return t.data }
        return parameter.values.map(Float.init)
    }

    private func restore(_ parameter: OptimizedParameter, _ values: [Float]) {
        if case .tensor(let t) = parameter.storage { t.data = values }
    }
}

/// Seconds on the monotonic clock.
func now() -> Double { monotonicSeconds() }
