import NeuralNet
import Session
import TensorGrad

extension Function {
    /// The losses, under Keras' names and argument order (y_true, y_pred), plus PyTorch's
    /// `cross_entropy(logits, labels)`.
    package static let losses: [Function] = [
        keras(.meanSquaredError, "mean((y_pred − y_true)²)"),
        keras(.binaryCrossentropy, "−mean(y·log p + (1−y)·log(1−p)); from_logits=1 for logits (stable)"),
        keras(.categoricalCrossentropy, "−mean Σ y·log p for one-hot or soft targets; from_logits=1 for logits"),
        keras(
            .sparseCategoricalCrossentropy, "−mean log p[label] for integer labels; from_logits=1 for logits (fused)"),
        Function(
            name: "cross_entropy", signature: "cross_entropy(logits, labels)",
            abstract: "PyTorch's F.cross_entropy: fused softmax + negative log-likelihood, mean over rows"
        ) { call throws(NotebookError) in
            try call.expect(positional: 2...2)
            let (logits, labels) = (try call.tensor(0), try call.tensor(1))
            return .tensor(
                try Evaluator.tensorOperation("cross_entropy", [logits], warnings: &call.warnings) {
                    () throws(TensorError) in
                    guard logits.rank == 2 else {
                        throw .invalidShape(
                            op: "cross_entropy", shape: logits.shape, reason: "must be [batch, classes]")
                    }
                    let indices = try Loss.classIndices(
                        labels, rows: logits.shape[0], classes: logits.shape[1], op: "cross_entropy")
                    return try logits.crossEntropy(labels: indices)
                })
        },
    ]

    private static func keras(_ loss: Loss, _ abstract: String) -> Function {
        Function(
            name: loss.rawValue,
            signature: "\(loss.rawValue)(y_true, y_pred\(loss == .meanSquaredError ? "" : ", from_logits=0"))",
            abstract: abstract
        ) { call throws(NotebookError) in
            try call.expect(positional: 2...2, keywords: loss == .meanSquaredError ? [] : ["from_logits"])
            let (target, prediction) = (try call.tensor(0), try call.tensor(1))
            let fromLogits = try call.flag("from_logits")
            return .tensor(
                try Evaluator.tensorOperation(loss.rawValue, [prediction], warnings: &call.warnings) {
                    () throws(TensorError) in
                    if fromLogits {
                        let probabilities =
                            loss == .binaryCrossentropy ? try prediction.sigmoid() : try prediction.softmax(axis: -1)
                        return try loss.compute(target: target, output: probabilities, logits: prediction)
                    }
                    return try loss.compute(target: target, output: prediction)
                })
        }
    }
}
