import Datasets
import TensorGrad

/// What `train`, `evaluate` and `predict` check before any loop reads memory: the data's
/// shapes against the model, the rows, and the targets against the loss.
extension Trainer {
    /// The one gate of every entry (fit, evaluate, predict, and through them the compiled
    /// path's buffers): each sample must have the model's input shape, and each row must
    /// exist. The compiled loops read raw memory, so nothing gets past this unchecked.
    func checkInput(_ data: Dataset, rows: [Int]?, for op: String) throws(TensorError) {
        guard data.sampleShape == model.inputShape else {
            throw .shapeMismatch(op: "\(op) (data vs model input)", lhs: data.sampleShape, rhs: model.inputShape)
        }
        if let rows, let bad = rows.first(where: { $0 < 0 || $0 >= data.count }) {
            throw .indexOutOfRange(op: op, index: bad, size: data.count, axis: 0)
        }
    }

    public func checkTargets(_ data: Dataset, for op: String = "train") throws(TensorError) {
        let width = model.outputShape.last ?? 1
        switch data.targets {
        case .classes(_, let classes):
            if loss == .categoricalCrossentropy {
                throw .invalidArgument(op: loss.rawValue, reason: Loss.classLabelsReason(classes: width))
            }
            if loss == .sparseCategoricalCrossentropy, classes > width {
                throw .invalidArgument(
                    op: op, reason: "the data has \(classes) classes but the model outputs \(width) values")
            }
            // A class label is one number per sample: mse and binary cross-entropy compare it
            // with one output (the graph would refuse the shapes; the fast path must not read past the labels).
            if loss == .meanSquaredError || loss == .binaryCrossentropy, width != 1 {
                throw .invalidArgument(
                    op: op,
                    reason:
                        "\(loss.rawValue) compares each class label with one output, but the model outputs \(width) "
                        + "values: end in dense …->1 (sigmoid), or use sparse_categorical_crossentropy with "
                        + "\(width) outputs"
                )
            }
        case .values(_, let targetWidth):
            if loss == .sparseCategoricalCrossentropy {
                throw .invalidArgument(
                    op: op,
                    reason:
                        "\(loss.rawValue) needs class labels; \(data.name) has real-valued targets (use loss=mse, or "
                        + "categorical_crossentropy for one-hot rows)")
            }
            if targetWidth != width {
                throw .shapeMismatch(op: "train (targets vs model output)", lhs: [targetWidth], rhs: [width])
            }
        }
    }
}
