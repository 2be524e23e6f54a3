import Datasets
import Explain
import Limits
import NeuralNet
import Optimizers
import Rendering
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `predict 0 1 2`: the model's output for test samples.
    static let predict = Command(
        name: "predict",
        abstract: "The model's prediction for test samples: class, confidence and probabilities",
        usage: "predict INDEX [INDEX …]",
        examples: ["predict 0", "predict 0 1 2 3"]
    ) { invocation throws(NotebookError) in
        let (trainer, data) = try trainerAndData(invocation, which: "test")
        var rows: [Int] = []
        for word in invocation.positionals {
            rows.append(try invocation.command.count(word, "INDEX", in: 0...(data.count - 1)))
        }
        guard !rows.isEmpty else { throw invocation.command.usageError("expected at least one INDEX") }
        let (values, _) = try lift { () throws(TensorError) in try trainer.predict(data, rows: rows) }
        let width = values.count / rows.count
        let predicted = Classification.predictedClasses(values, width: width)
        let table = rows.enumerated().map { index, row -> [String] in
            let p = values[(index * width)..<((index + 1) * width)]
            let best = predicted[index]
            return [
                String(row), data.label(row).map { String($0) } ?? "—", String(best),
                NumberFormat.fixed(Double(Classification.confidence(p, predicted: best)), decimals: 4),
                p.map { NumberFormat.fixed(Double($0), decimals: 2) }.joined(separator: " "),
            ]
        }
        let predictions = Tensor(shape: [rows.count, width], data: values)
        return Reply(
            [
                .table(
                    Table(
                        headers: ["sample", "label", "predicted", "confidence", "outputs"], rows: table,
                        alignments: [.right, .right, .right, .right, .left]))
            ], value: .tensor(predictions), display: "tensor of shape [\(rows.count), \(width)]")
    }
}
