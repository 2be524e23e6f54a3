import TensorGrad

/// The losses, with Keras' names and argument order (y_true, y_pred).
///
///     mse:                              mean((ŷ − y)²)
///     binary_crossentropy (logits x):   mean(max(x, 0) − x·y + log(1 + e^(−|x|)))
///     binary_crossentropy (probs p):    −mean(y·log p + (1 − y)·log(1 − p)),  p clipped to [ε, 1 − ε]
///     categorical_crossentropy:         −mean_rows Σ_c y_c · log_softmax(z)_c        (logits z)
///     sparse_categorical_crossentropy:  −mean_rows log_softmax(z)[label]             (fused kernel)
///
/// From probabilities (Keras' default `from_logits=False`), ε = 1e-7 as in Keras. When a
/// model ends in softmax or sigmoid, the logits before it are used instead: the same value,
/// computed stably (Keras does the same behind the scenes).
public enum Loss: String, CaseIterable, Sendable {
    case meanSquaredError = "mse"
    case binaryCrossentropy = "binary_crossentropy"
    case categoricalCrossentropy = "categorical_crossentropy"
    case sparseCategoricalCrossentropy = "sparse_categorical_crossentropy"

    /// Every name a loss answers to: Keras' names first, then aliases.
    public static let names: [(name: String, loss: Loss)] =
        allCases.map { ($0.rawValue, $0) } + [
            ("mean_squared_error", .meanSquaredError), ("bce", .binaryCrossentropy), ("cce", .categoricalCrossentropy),
            ("cross_entropy", .sparseCategoricalCrossentropy),
        ]

    /// A Keras name or alias (`mean_squared_error`, `bce`, `cross_entropy`, …), in any case.
    public init?(named name: String) {
        let lowered = name.lowercased()
        guard let found = Loss.names.first(where: { $0.name == lowered || $0.name.filter { $0 != "_" } == lowered })
        else { return nil }
        self = found.loss
    }

    /// The loss `compile` implies when none is named (Keras needs one; these are its usual
    /// choices): binary cross-entropy for two classes and one sigmoid output, sparse categorical
    /// cross-entropy for other class labels, mse for real-valued targets.
    public static func implied(classes: Int?, outputs: Int) -> Loss {
        guard let classes else { return .meanSquaredError }
        return classes <= 2 && outputs == 1 ? .binaryCrossentropy : .sparseCategoricalCrossentropy
    }

    public static let epsilon: Float = 1e-7

    /// The loss of predictions against targets. `logits` (the values before a final softmax
    /// or sigmoid) make the cross-entropies exact and stable; `output` is used otherwise.
    public func compute(target: Tensor, output: Tensor, logits: Tensor? = nil) throws(TensorError) -> Tensor {
        // One value per sample against a [batch, 1] output: Keras lines the two up, so do we.
        var target = target
        if self == .meanSquaredError || self == .binaryCrossentropy, output.shape.last == 1,
            target.shape == Array(output.shape.dropLast())
        {
            target = try target.reshaped(output.shape)
        }
        switch self {
        case .meanSquaredError:
            guard target.shape == output.shape else {
                throw .shapeMismatch(op: rawValue, lhs: target.shape, rhs: output.shape)
            }
            let d = try output - target
            return try (d * d).mean()
        case .binaryCrossentropy:
            guard target.shape == output.shape else {
                throw .shapeMismatch(op: rawValue, lhs: target.shape, rhs: output.shape)
            }
            if let x = logits { return try Loss.binaryCrossentropy(target: target, logits: x) }
            let p = try output.clamp(min: Loss.epsilon, max: 1 - Loss.epsilon)
            let one = Tensor(1)
            return try -(target * p.log() + (one - target) * (one - p).log()).mean()
        case .categoricalCrossentropy:
            // Keras' rule: one-hot rows here; class labels belong to the sparse loss.
            if output.rank == 2, output.shape[1] > 1, target.shape != output.shape,
                target.rank == 1 || (target.rank == 2 && target.shape[1] == 1)
            {
                throw .invalidArgument(op: rawValue, reason: Loss.classLabelsReason(classes: output.shape[1]))
            }
            guard target.shape == output.shape else {
                throw .shapeMismatch(op: rawValue, lhs: target.shape, rhs: output.shape)
            }
            let logProbabilities: Tensor
            if let z = logits {
                logProbabilities = try z.logSoftmax(axis: -1)
            } else {
                let p = try output / output.sum(axis: -1, keepDimensions: true)
                logProbabilities = try p.clamp(min: Loss.epsilon, max: 1 - Loss.epsilon).log()
            }
            return try -(target * logProbabilities).sum(axis: -1).mean()
        case .sparseCategoricalCrossentropy:
            guard output.rank == 2 else {
                throw .invalidShape(op: rawValue, shape: output.shape, reason: "must be [batch, classes]")
            }
            let labels = try Loss.classIndices(target, rows: output.shape[0], classes: output.shape[1], op: rawValue)
            if let z = logits { return try z.crossEntropy(labels: labels) }
            let onehot = try Tensor.oneHot(labels.map(Int.init), classes: output.shape[1])
            return try -(onehot * output.clamp(min: Loss.epsilon, max: 1 - Loss.epsilon).log()).sum(axis: -1).mean()
        }
    }

    /// Why categorical cross-entropy refuses class labels, and what to use instead.
    public static func classLabelsReason(classes: Int) -> String {
        "it compares one-hot rows of \(classes) values with the outputs, and these targets are class labels (one "
            + "number per sample): use loss=sparse_categorical_crossentropy for class labels, or one_hot(labels, "
            + "\(classes)) as the targets"
    }

    /// Stable binary cross-entropy from logits, composed of ops that cannot overflow.
    public static func binaryCrossentropy(target: Tensor, logits x: Tensor) throws(TensorError) -> Tensor {
        try (x.relu() - x * target + ((-x.abs()).exp() + Tensor(1)).log()).mean()
    }

    /// Class labels from a tensor of whole numbers, checked against the class count.
    public static func classIndices(_ target: Tensor, rows: Int, classes: Int, op: String) throws(TensorError)
        -> [Int32]
    {
        let flat =
            target.rank == 2 && target.shape[1] == 1 ? target.shape[0] : (target.rank == 1 ? target.shape[0] : -1)
        guard flat == rows else {
            throw .shapeMismatch(op: op + " (labels)", lhs: target.shape, rhs: [rows])
        }
        var labels: [Int32] = []
        labels.reserveCapacity(rows)
        for (row, value) in target.data.enumerated() {
            // Compared as floats first: a label of 1e30 or nan must not reach an integer conversion.
            guard value == value.rounded(), value >= 0, value < Float(classes) else {
                throw .invalidArgument(
                    op: op, reason: "label \(value) at row \(row) is not a class index in 0..<\(classes)")
            }
            labels.append(Int32(value))
        }
        return labels
    }
}
