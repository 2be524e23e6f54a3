import Datasets
import Kernels

/// The fast path on every core: data parallelism, as PyTorch's DistributedDataParallel does
/// across machines, here across the cores of one.
///
/// A batch of N rows is cut into consecutive ranges, one per shard (a `CompiledNetwork` with
/// buffers of its own). The shards run forward, loss and backward on their rows at the same
/// time, each with single-threaded BLAS. Each shard's loss is a mean over all N rows, so
///
///     L = Σ_shards L_s   and   ∂L/∂θ = Σ_shards ∂L_s/∂θ,
///
/// and the gradients are added into the parameters' `grad` once all shards are done (for a
/// first layer that reads sparse input, ∂L/∂W is summed by rows of W across the threads
/// instead). Only the order of the additions differs from a single pass over N rows.
final class ParallelNetwork {
    let shards: [CompiledNetwork]
    /// Each shard's dense layers with its gradient buffers (the same layers in every shard).
    private let dense: [[(layer: Dense, dW: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>)]]
    /// Rows per batch at most.
    let capacity: Int
    /// A shard gets at least this many rows; smaller batches use fewer shards.
    let minimumRows: Int
    /// One (loss, correct) per shard, written by the shards while they run.
    private let results: UnsafeMutablePointer<(loss: Double, correct: Int?)>

    /// As many shards as cores (at most one per `minimumRows` rows of `capacity`).
    static var cores: Int { Parallel.cores }

    /// Compiles `model` for batches of up to `capacity` rows; nil when a layer has no fast form.
    init?(_ model: Sequential, capacity: Int, shards: Int = ParallelNetwork.cores, minimumRows: Int = 32) {
        guard capacity > 0 else { return nil }
        let count = max(1, min(shards, capacity / max(minimumRows, 1)))
        let perShard = (capacity + count - 1) / count
        var networks: [CompiledNetwork] = []
        for _ in 0..<count {
            guard let network = CompiledNetwork(model, capacity: perShard) else { return nil }
            networks.append(network)
        }
        self.shards = networks
        self.dense = networks.map { $0.denseStages }
        self.capacity = capacity
        self.minimumRows = max(minimumRows, 1)
        results = .allocate(capacity: count)
        results.initialize(repeating: (0, nil), count: count)
        for (layer, _, _) in dense[0] {
            if layer.weight.grad?.count != layer.weight.count {
                layer.weight.grad = [Float](repeating: 0, count: layer.weight.count)
            }
            if layer.bias.grad?.count != layer.bias.count {
                layer.bias.grad = [Float](repeating: 0, count: layer.bias.count)
            }
        }
    }

    deinit {
        results.deinitialize(count: shards.count)
        results.deallocate()
    }

    var finalActivation: Activation? { shards[0].finalActivation }
    var outputWidth: Int { shards[0].outputWidth }
    /// Whether batches are split across threads (BLAS should then run single-threaded).
    var isParallel: Bool { shards.count > 1 }

    /// How many shards a batch of `rows` rows uses, and shard `index`'s range of them: the
    /// first `rows % parts` shards take one row more. At least `minimumRows` rows a shard
    /// where possible, and never more rows than a shard holds (e.g. 63 rows of a batch of 100
    /// over two 50-row shards take both).
    func parts(_ rows: Int) -> Int {
        let perShard = shards[0].capacity
        let needed = (rows + perShard - 1) / perShard
        return max(1, min(shards.count, max(needed, rows / minimumRows)))
    }

    func range(_ index: Int, of parts: Int, rows: Int) -> Range<Int> {
        let base = rows / parts
        let extra = rows % parts
        let start = index * base + min(index, extra)
        return start..<(start + base + (index < extra ? 1 : 0))
    }

    /// Runs `body(shard)` for shards 0..<parts, at the same time when there are several.
    /// (Each shard touches only its own buffers and its own slot of `results`.)
    private func run(_ parts: Int, _ body: (Int) -> Void) {
        Parallel.run(parts, body)
    }

    // MARK: - Training

    /// Reads the first layer's input from `sparse` (the training data's sparse rows) rather
    /// than from dense batches, when the first layer is dense.
    func readSparse(_ sparse: SparseRows?) {
        guard let sparse, sparse.width == shards[0].inputWidth, case .dense? = shards[0].stages.first else { return }
        for shard in shards { shard.sparse = sparse }
    }

    /// One training step's forward and backward over the batch `rows` of `data`: returns the
    /// batch's mean loss and (classification) how many rows were classified right, and leaves
    /// ∂L/∂θ in every dense layer's `grad` (not when the loss is nan or infinite).
    func trainingStep(
        _ data: Dataset, rows: ArraySlice<Int>, loss: Loss, labels: UnsafePointer<Int32>?,
        targets: UnsafePointer<Float>?
    ) -> (loss: Double, correct: Int?) {
        let n = rows.count
        let parts = parts(n)
        let targetWidth = data.targetWidth
        // Dropout draws from each layer's generator in row order, so one shard after the other.
        for shard in 0..<parts { shards[shard].fillDropoutMasks(rows: range(shard, of: parts, rows: n).count) }
        rows.withUnsafeBufferPointer { indices in
            run(parts) { shard in
                let range = range(shard, of: parts, rows: n)
                let network = shards[shard]
                let batch = UnsafeBufferPointer(rebasing: indices[range])
                if let sparse = network.sparseBatch {
                    sparse.load(batch)
                } else {
                    data.fillFeatures(batch, into: network.input)
                }
                step(
                    network, rows: range, of: n, loss: loss, labels: labels, targets: targets, targetWidth: targetWidth,
                    shard: shard)
            }
        }
        var total = 0.0
        var correct: Int? = nil
        for shard in 0..<parts {
            total += results[shard].loss
            if let c = results[shard].correct { correct = (correct ?? 0) + c }
        }
        // Collected even when the loss is not a number: the diagnosis then reports this
        // batch's gradients, not an earlier one's.
        if sparseFirstLayer { firstLayerWeightGradient(parts) }
        collectGradients(parts, skippingFirstWeights: sparseFirstLayer)
        return (total, correct)
    }

    /// Whether the first layer reads sparse input: its ∂L/∂W is then summed over the shards by
    /// `firstLayerWeightGradient`, each thread writing its own rows of the parameter's `grad`.
    private var sparseFirstLayer: Bool { shards[0].sparseBatch != nil }

    /// ∂L/∂W₁ = Σ_shards X_sᵀ·dZ_s, split by rows of W₁ across the threads (not by shards): no
    /// per-shard copy of the 784×64 gradient to add up, and each row is written by one thread.
    private func firstLayerWeightGradient(_ parts: Int) {
        let layer = dense[0][0].layer
        let width = layer.units
        let inputs = shards[0].inputWidth
        if layer.weight.grad?.count != layer.weight.count {
            layer.weight.grad = [Float](repeating: 0, count: layer.weight.count)
        }
        layer.weight.grad?.withUnsafeMutableBufferPointer { g in
            guard let dW = g.baseAddress else { return }
            run(parts) { thread in
                let columns = range(thread, of: parts, rows: inputs)
                for shard in 0..<parts {
                    guard let batch = shards[shard].sparseBatch else { continue }
                    batch.transposeTimes(
                        shards[shard].gradients[0], n: width, into: dW, columns: columns, accumulate: shard > 0)
                }
            }
        }
    }

    /// One shard's forward, loss (its share of the batch mean) and backward.
    private func step(
        _ network: CompiledNetwork, rows range: Range<Int>, of n: Int, loss: Loss, labels: UnsafePointer<Int32>?,
        targets: UnsafePointer<Float>?, targetWidth: Int, shard: Int
    ) {
        network.forward(rows: range.count, training: true, masksDrawn: true)
        let result = FastLoss.evaluate(
            loss, network: network, rows: range.count, labels: labels.map { $0 + range.lowerBound },
            targets: targets.map { $0 + range.lowerBound * targetWidth }, gradient: true, meanOver: n)
        if result.loss.isFinite { network.backward(rows: range.count, firstWeights: network.sparseBatch == nil) }
        results[shard] = result
    }

    /// grad = Σ_shards (the shards' ∂L/∂W and ∂L/∂b), for every dense layer.
    private func collectGradients(_ parts: Int, skippingFirstWeights: Bool) {
        for (k, (layer, _, _)) in dense[0].enumerated() {
            func sum(into grad: inout [Float]?, count: Int, _ buffer: (Int) -> UnsafeMutablePointer<Float>) {
                if grad?.count != count { grad = [Float](repeating: 0, count: count) }
                grad!.withUnsafeMutableBufferPointer { g in
                    let out = g.baseAddress!
                    out.update(from: buffer(0), count: count)
                    for shard in 1..<max(parts, 1) {
                        let x = buffer(shard)
                        for i in 0..<count { out[i] += x[i] }
                    }
                }
            }
            if !(k == 0 && skippingFirstWeights) {
                sum(into: &layer.weight.grad, count: layer.weight.count) { dense[$0][k].dW }
            }
            sum(into: &layer.bias.grad, count: layer.bias.count) { dense[$0][k].db }
        }
    }

    // MARK: - Inference

    /// Writes the last stage's outputs (logits when the final softmax or sigmoid is folded
    /// away, see `finalActivation`) for `rows` of `data` into `out`, row after row.
    func infer(_ data: Dataset, rows: ArraySlice<Int>, into out: UnsafeMutablePointer<Float>) {
        let n = rows.count
        let parts = parts(n)
        let width = outputWidth
        run(parts) { shard in
            let range = range(shard, of: parts, rows: n)
            let network = shards[shard]
            data.fillFeatures(
                rows[(rows.startIndex + range.lowerBound)..<(rows.startIndex + range.upperBound)], into: network.input)
            network.forward(rows: range.count, training: false)
            if let z = network.outputs.last {
                (out + range.lowerBound * width).update(from: z, count: range.count * width)
            }
        }
    }
}
