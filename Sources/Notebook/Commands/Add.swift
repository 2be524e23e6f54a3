import Explain
import NeuralNet
import Session
import TensorGrad

extension Command {
    /// `add dense 64 relu`: one more layer, the Keras way.
    static let add = Command(
        name: "add",
        abstract: "Add a layer to the model (the first one needs input=SIZE)",
        usage:
            "add dense UNITS [ACTIVATION | activation=NAME] [input=SIZE] [init=NAME] [l1=λ] [l2=λ] | add "
            + Activation.names.filter { $0 != "linear" }.joined(separator: "|") + " | add dropout RATE | rate=RATE",
        examples: ["add dense 64 relu input=784", "add dense 64 relu", "add dropout 0.2", "add dense 10 softmax"],
        variants: LayerSpecification.variants
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let (layer, inputs) = try LayerSpecification(words: invocation.arguments.words)
            .build(into: session.model, session: session, command: invocation.command)
        let model = session.model ?? Sequential(inputShape: [inputs])
        try lift { () throws(TensorError) in try model.add(layer) }
        session.model = model
        session.lastLoss = nil
        session.forgetBatch()
        session.runs.start()  // another model: a new run
        session.run = nil
        let count = layer.parameters.reduce(0) { $0 + $1.tensor.count }
        let shape = "(None, " + model.outputShape.map(String.init).joined(separator: ", ") + ")"
        return Reply([
            .text(
                "added \(layer.name) (\(layer.kind)\(layer.details.isEmpty ? "" : ", \(layer.details)")): output "
                    + "\(shape), \(count) parameters"
            )
        ])
    }
}
