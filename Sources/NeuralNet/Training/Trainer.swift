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
        guard !rows.isEmpty else { throw .invalidArgument(op: "train", reason: "no training samples") }
        var sampler = MinibatchSampler(rows: rows, size: batchSize, shuffle: shuffle)
        let capacity = min(batchSize, rows.count)
        do throws(MemoryLimitError) {
            try MemoryLimit.check(model.trainingBytes(rows: capacity), for: "training in batches of \(capacity)")
        } catch { throw .invalidArgument(op: "train", reason: error.description + "; a smaller batch needs less") }
        let classification = data.classCount != nil
        let network = ParallelNetwork(model, capacity: capacity)
        let fast =
            network.map { FastLoss.supports(loss, final: $0.finalActivation, classification: classification) } ?? false
        if fast { network?.readSparse(SparseRows(data)) }
        let batches = sampler.batchesPerEpoch
        // Shards run side by side on the cores; BLAS threads inside them would only compete.
        let blasThreads = BLAS.threads
        if fast, network?.isParallel == true { BLAS.setThreads(1) }
        defer { BLAS.setThreads(blasThreads) }
        progress(
            .started(
                epochs: epochs, firstEpoch: initialEpoch + 1, batches: batches, samples: rows.count,
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
            // Each epoch a fresh permutation of the rows (`MinibatchSampler`): the order of
            // epoch k depends only on the generator, and training 2 epochs, then 1 (even after
            // save and load) is training 3.
            sampler.startEpoch(generator: &generator)
            let start = now()
            var lossSum = 0.0
            var correct = 0
            var seen = 0
            var done = 0
            var gradientNorms = [Double](repeating: 0, count: kernels.count)
            for batch in 0..<batches {
                let slice = sampler.batch(batch)
                let n = slice.count
                data.fillTargets(slice, labels: labels, values: targets)
                // The one training step: loss and gradients → regularisation (the fast path's
                // fused kernels, or `ModelStep` on the graph) → clipping → schedule → the
                // optimizer's update (`UpdateRule`).
                let total: Double
                let hits: Int?
                if fast, let network {
                    let (batchLoss, fastHits) = network.trainingStep(
                        data, rows: slice, loss: loss, labels: classification ? UnsafePointer(labels) : nil,
                        targets: classification ? nil : UnsafePointer(targets))
                    total = batchLoss + Regularizer.addGradients(regularized, gradient: batchLoss.isFinite)
                    hits = fastHits
                } else {
                    let (input, target) = data.batch(slice)
                    let graph = try ModelStep.gradients(model: model, loss: loss, input: input, target: target)
                    total = graph.total
                    hits = classification ? graphHits(graph.output, labels: UnsafePointer(labels)) : nil
                }
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
            // An epoch stopped by Ctrl-C is recorded as the share of its batches that ran.
            if done < batches { logs[History.partial] = Double(done) / Double(batches) }
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
            // A word when the run is not learning (each kind once per run; not from the few
            // batches of an interrupted epoch). An advice already given in this run is referred
            // to, not repeated.
            for (kind, finding, advice) in done < batches
                ? []
                : warnings(
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

    /// The rows of a graph step's output classified right (its outputs are probabilities).
    private func graphHits(_ output: Tensor, labels: UnsafePointer<Int32>) -> Int? {
        guard output.rank == 2 else { return nil }
        return output.data.withUnsafeBufferPointer { z in
            z.baseAddress.map {
                Classification.hits($0, labels: labels, rows: output.shape[0], width: output.shape[1])
            }
        }
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
