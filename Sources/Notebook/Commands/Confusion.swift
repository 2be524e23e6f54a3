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
    /// `confusion`: the confusion matrix on the test set.
    static let confusion = Command(
        name: "confusion",
        abstract: "The confusion matrix on the test data: rows are true labels, columns predictions",
        usage: "confusion",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        let (trainer, data) = try trainerAndData(invocation, which: "test")
        guard let classes = data.classCount else {
            throw .type("the confusion matrix needs class labels; \(data.name) is a regression set")
        }
        let rows = Array(0..<data.count)
        let (values, _) = try lift { () throws(TensorError) in try trainer.predict(data, rows: rows) }
        let width = values.count / max(rows.count, 1)
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (row, predicted) in Classification.predictedClasses(values, width: width).enumerated() {
            if let label = data.label(row), predicted < classes { matrix[Int(label)][predicted] += 1 }
        }
        let names = data.classNames ?? (0..<classes).map(String.init)
        let table = matrix.enumerated().map { label, counts in
            [names[label]] + counts.map(String.init) + [
                NumberFormat.fixed(Double(counts[label]) / Double(max(counts.reduce(0, +), 1)), decimals: 3)
            ]
        }
        return Reply([
            .text("\(data.name): rows = true label, columns = predicted"),
            .table(
                Table(
                    headers: ["true \\ pred"] + names.map { String($0.prefix(6)) } + ["recall"], rows: table,
                    alignments: [.left] + Array(repeating: .right, count: classes + 1))),
        ])
    }
}
