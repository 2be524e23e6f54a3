import Explain
import Language
import NeuralNet
import Rendering
import Session
import TensorGrad

extension Command {
    /// `forward X labels=Y`: run the model on a batch, and the loss if labels are given.
    static let forward = Command(
        name: "forward",
        abstract: "Run the model on a batch; with labels, compute the loss (with its breakdown) for backward",
        usage: "forward X [labels=Y] [loss=NAME] [--training]",
        examples: ["forward x", "forward x labels=y", "forward x labels=y loss=sparse_categorical_crossentropy"],
        discussion:
            "Without loss=, integer labels mean sparse_categorical_crossentropy and targets shaped like the output "
            + "mean mse (binary_crossentropy after a sigmoid). When the model ends in softmax or sigmoid the loss "
            + "is computed from the logits before it: the same number, without overflow. --training turns "
            + "dropout on. A bare 'backward' then backpropagates this loss.",
        options: [
            .text("labels", "EXPR", aliases: ["y"], "the targets: class indices, or values shaped like the output"),
            .loss,
            .flag("training", "training mode: dropout on"),
        ]
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let model = session.model else {
            throw .precondition("no model yet: model dense 784->64 relu, dense 64->10 softmax")
        }
        let (object, name) = try invocation.objectArgument()
        // The batch is data, not a parameter: a copy that records no gradient (as a PyTorch
        // input), so backward fills the weights' grads and leaves the batch alone.
        let given = try Call.tensor(object, for: "forward")
        let x = Tensor(shape: given.shape, data: given.data)
        let training = invocation.options.flag("training")
        let output: Tensor
        let logits: Tensor?
        (output, logits) = try lift { () throws(TensorError) in try model.forward(x, training: training) }
        output.label = "output"
        var outputs: [Output] = [
            .text(
                "forward \(name) \(Tensor.describe(x.shape)) through \(model.layers.count) "
                    + "layer\(model.layers.count == 1 ? "" : "s") → output "
                    + "\(Tensor.describe(output.shape))\(training ? " (training mode: dropout on)" : "")"
            )
        ]
        guard let labelText = invocation.options.text("labels") else {
            return Reply(outputs, value: .tensor(output))
        }
        let target = try Call.tensor(try invocation.evaluate(labelText), for: "labels")
        let loss: Loss
        if let named = invocation.options.text("loss").flatMap(Loss.init(named:)) {
            loss = named
        } else {
            let lastActivation =
                (model.layers.last as? Dense)?.activation ?? (model.layers.last as? ActivationLayer)?.activation
            if target.shape == output.shape {
                loss = lastActivation == .sigmoid ? .binaryCrossentropy : .meanSquaredError
            } else {
                loss = .sparseCategoricalCrossentropy
            }
        }
        return try lift { () throws(TensorError) in
            let dataLoss = try loss.compute(target: target, output: output, logits: logits)
            var total = dataLoss
            var rows = [
                [
                    loss.rawValue,
                    NumberFormat.short(Double(dataLoss.data[0]), digits: 6),
                ]
            ]
            for term in try model.regularizationTerms() {
                total = try total + term.penalty
                rows.append([term.name, NumberFormat.short(Double(term.penalty.data[0]), digits: 6)])
            }
            total.label = "loss"
            rows.append(["total loss", NumberFormat.short(Double(total.data[0]), digits: 6)])
            outputs.append(.table(Table(headers: ["loss term", "value"], rows: rows, alignments: [.left, .right])))
            if loss == .sparseCategoricalCrossentropy, output.rank == 2 {
                let labels = try Loss.classIndices(
                    target, rows: output.shape[0], classes: output.shape[1], op: "accuracy")
                let predicted = Classification.predictedClasses(output.data, width: output.shape[1])
                let correct = zip(predicted, labels).filter { $0 == Int($1) }.count
                outputs.append(
                    .text(
                        "accuracy \(NumberFormat.fixed(Double(correct) / Double(output.shape[0]), decimals: 4)) "
                            + "(\(correct)/\(output.shape[0]))"
                    ))
            }
            if !total.data[0].isFinite {
                let cause = NonFiniteCause.find(inputs: .init(x.data), model: model)
                let shown = NumberFormat.short(Double(total.data[0]))
                outputs.append(.warning("the loss is \(shown): " + cause.advice(learningRate: nil)))
            }
            session.lastLoss = total
            session.lastBatch = (x, target, loss)
            if session.run?.isModel == false { session.run = nil }  // step now trains the model
            outputs.append(.text("next: backward  (then grad dense_1.W)"))
            return Reply(outputs, value: .tensor(output))
        }
    }
}
