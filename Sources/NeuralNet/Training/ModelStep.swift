import Datasets
import Randomness
import TensorGrad

/// The one training step of a model on the graph engine — what `train` does with each batch
/// (when the fast path does not apply) and `step` does one explained iteration at a time:
///
///     forward (training mode) → loss L(target, output) → backward → + the regularizer's ∂/∂W
///
/// The update follows in `UpdateRule` (clipping → schedule → the optimizer's rule).
public enum ModelStep {
    public struct Result {
        /// The data loss as a graph node (its gradients filled).
        public let loss: Tensor
        public let output: Tensor
        /// The regularisation penalty added to the loss (its gradients added to the weights').
        public let penalty: Double
        /// The loss the optimizer minimizes: data loss + penalty.
        public var total: Double { Double(loss.data[0]) + penalty }
    }

    /// Fills every parameter's gradient of `loss` on `(input, target)` plus the regularizers'.
    /// A loss that is not a number adds no penalty gradient (the step is refused upstream).
    public static func gradients(model: Sequential, loss: Loss, input: Tensor, target: Tensor) throws(TensorError)
        -> Result
    {
        let (output, logits) = try model.forward(input, training: true)
        let value = try loss.compute(target: target, output: output, logits: logits)
        value.label = "loss"
        try value.backward()
        let penalty = model.addRegularizationGradients(gradient: Double(value.data[0]).isFinite)
        return Result(loss: value, output: output, penalty: penalty)
    }
}

/// Minibatches as `train` draws them, and `step` on loaded data too: each epoch a fresh
/// permutation of the rows (PyTorch's `RandomSampler`, not a reshuffle of the last order),
/// cut in order into batches of `size`, the last one of an epoch smaller when `size` does not
/// divide the rows. So ⌈n/B⌉ steps of batch B on n rows see every row once, in the batches
/// one epoch of `train batch=B` takes from the same generator.
public struct MinibatchSampler {
    public let rows: [Int]
    public let size: Int
    /// Whether each epoch permutes the rows (`train shuffle=false` keeps their order).
    public let shuffle: Bool
    public private(set) var order: [Int] = []
    private var position = 0
    /// Epochs started so far.
    public private(set) var epochs = 0

    public init(rows: [Int], size: Int, shuffle: Bool = true) {
        self.rows = rows
        self.size = max(1, size)
        self.shuffle = shuffle
    }

    /// Batches in one epoch.
    public var batchesPerEpoch: Int { Batching.batchCount(rows.count, size: size) }

    /// The rows of batch `index` (from 0) of the current epoch: what `train` takes in turn.
    public func batch(_ index: Int) -> ArraySlice<Int> {
        let start = min(index * size, order.count)
        return order[start..<min(start + size, order.count)]
    }

    /// The next batch's rows, one at a time (`step`); a new epoch (and permutation) begins
    /// when the last one ended.
    public mutating func next(generator: inout SeededGenerator) -> ArraySlice<Int> {
        if position >= order.count { startEpoch(generator: &generator) }
        let rows = batch(position / size)
        position += rows.count
        return rows
    }

    /// Begins an epoch now (`train` begins one per epoch even after an interrupted one).
    public mutating func startEpoch(generator: inout SeededGenerator) {
        order = rows
        if shuffle { Batching.shuffle(&order, generator: &generator) }
        position = 0
        epochs += 1
    }
}

extension Dataset {
    /// The samples and targets of `rows` as tensors: features [n, …sampleShape], and class
    /// labels [n] or target values [n, targetWidth].
    public func batch(_ rows: some Collection<Int>) -> (input: Tensor, target: Tensor) {
        let n = rows.count
        let input = Tensor(shape: [n] + sampleShape, data: rows.flatMap { sample($0) })
        if classCount != nil {
            return (input, Tensor(shape: [n], data: rows.map { Float(label($0) ?? 0) }))
        }
        var values = [Float](repeating: 0, count: n * targetWidth)
        values.withUnsafeMutableBufferPointer { fillTargets(rows, labels: nil, values: $0.baseAddress) }
        return (input, Tensor(shape: [n, targetWidth], data: values))
    }
}
