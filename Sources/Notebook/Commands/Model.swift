import Explain
import NeuralNet
import Session
import TensorGrad

extension Command {
    /// `model dense 784->64 relu, …`: a whole network in one line.
    static let model = Command(
        name: "model",
        abstract: "Build a network in one line (or show it): layers separated by commas",
        usage: "model [LAYER, LAYER, …] | model clear",
        examples: [
            "model dense 784->64 relu, dense 64->64 relu, dense 64->10 softmax",
            "model dense 2->16 tanh, dense 16->1", "model",
        ],
        discussion:
            "Layers: dense IN->OUT [activation] [init=NAME] [l1=λ] [l2=λ], "
            + Activation.names.filter { $0 != "linear" }.joined(separator: ", ")
            + " (leaky_relu [slope]), dropout RATE. Weights start as in Keras: Glorot uniform, zero bias; 'seed N' "
            + "first makes them reproducible. Parameters are named dense_1.W, dense_1.b, …",
        variants: LayerSpecification.variants,
        parsing: .raw("the text is a list of layers separated by commas, each with its own options")
    ) { invocation throws(NotebookError) in
        let text = invocation.arguments.text
        if text.isEmpty {
            guard invocation.session.model != nil else {
                throw .precondition("no model yet: model dense 784->64 relu, dense 64->10 softmax")
            }
            return try summary.run(invocation)
        }
        if text == "clear" {
            invocation.session.model = nil
            invocation.session.summarizedLayers = nil
            invocation.session.lastLoss = nil
            invocation.session.lastBatch = nil
            if invocation.session.run?.isModel == true { invocation.session.run = nil }
            return Reply([.text("model cleared")])
        }
        let built = try LayerSpecification.model(text, session: invocation.session, command: invocation.command)
        invocation.session.install(model: built)
        // A lesson builds the same network again and again: its table is printed once. The
        // layers as written (init=, l2= … are not in the table), spaces aside.
        let layers = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if layers == invocation.session.summarizedLayers {
            return Reply([
                .text(
                    "model: the same layers as before, \(grouped(built.parameterCount)) parameters, new weights")
            ])
        }
        invocation.session.summarizedLayers = layers
        return try summary.run(invocation)
    }
}
