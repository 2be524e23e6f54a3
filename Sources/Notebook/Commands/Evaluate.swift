import Datasets
import Explain
import Limits
import NeuralNet
import Optimizers
import ScalarGrad
import Session
import TensorGrad

extension Command {
    /// `evaluate`: loss and accuracy on the test set.
    static let evaluate = Command(
        name: "evaluate",
        abstract: "Loss and accuracy of the model on the test data (or the training data)",
        usage: "evaluate [train|test]",
        variants: [.init(["train"]), .init(["test"])],
        positionals: 0...1
    ) { invocation throws(NotebookError) in
        let (trainer, data) = try trainerAndData(invocation, which: invocation.positionals.first ?? "test")
        let (loss, accuracy) = try lift { () throws(TensorError) in try trainer.evaluate(data) }
        var text = "\(data.name): loss \(NumberFormat.fixed(loss, decimals: 4))"
        if let accuracy {
            text +=
                ", accuracy \(NumberFormat.fixed(accuracy, decimals: 4)) "
                + "(\(Int((accuracy * Double(data.count)).rounded()))/\(data.count))"
        }
        // As Keras' evaluate: the loss, and the accuracy when there are classes.
        let value: Object =
            accuracy.map { .tuple([.scalar(ScalarGradValue(loss)), .scalar(ScalarGradValue($0))]) }
            ?? .scalar(ScalarGradValue(loss))
        return Reply([.text(text)], value: value)
    }
}
