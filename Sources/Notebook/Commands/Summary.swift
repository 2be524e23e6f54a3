import Explain
import NeuralNet
import Rendering
import Session
import TensorGrad

extension Command {
    /// `summary`: Keras' model summary.
    static let summary = Command(
        name: "summary",
        abstract: "The model as a table: layer, output shape, parameter count, total",
        usage: "summary",
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        guard let model = invocation.session.model else {
            throw .precondition("no model yet: add dense 64 relu input=784, or model dense 784->64 relu, …")
        }
        let rows = model.summaryRows().map { [$0.layer, $0.outputShape, grouped($0.parameters), $0.details] }
        let total = model.parameterCount
        // As Keras prints it: 215.04 KB, 3.11 MB (float32 weights, powers of 1024).
        let bytes = Double(total * 4)
        let size =
            bytes >= 1024 * 1024
            ? NumberFormat.fixed(bytes / 1024 / 1024, decimals: 2) + " MB"
            : NumberFormat.fixed(bytes / 1024, decimals: 2) + " KB"
        return Reply([
            .text(
                "Model: \"sequential\"  (input: (None, " + model.inputShape.map(String.init).joined(separator: ", ")
                    + "))"),
            .table(
                Table(
                    headers: ["Layer (type)", "Output Shape", "Param #", "Activation"], rows: rows,
                    alignments: [.left, .left, .right, .left])),
            .text(
                "Total params: \(grouped(total)) (\(size))\nTrainable "
                    + "params: \(grouped(total)) (\(size))\nNon-trainable "
                    + "params: 0 (0.00 B)"
            ),
        ])
    }
}
