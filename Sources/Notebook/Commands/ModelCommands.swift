import Explain
import NeuralNet
import TensorGrad

extension Command {
    /// `model dense 784->64 relu, …`: a whole network in one line.
    static let model = Command(
        name: "model",
        abstract: "Build a network in one line (or show it): layers separated by commas",
        usage: "model [LAYER, LAYER, …] | model clear",
        examples: ["model dense 784->64 relu, dense 64->64 relu, dense 64->10 softmax",
                   "model dense 2->16 tanh, dense 16->1", "model"],
        discussion: "Layers: dense IN->OUT [activation] [init=NAME] [l1=λ] [l2=λ], relu, tanh, sigmoid, softmax, leaky_relu [slope], dropout RATE. Weights start as in Keras: Glorot uniform, zero bias; 'seed N' first makes them reproducible. Parameters are named dense_1.W, dense_1.b, …",
        variants: LayerSpecification.variants,
        parsing: .raw("the text is a list of layers separated by commas, each with its own options")
    ) { invocation throws(NotebookError) in
        let text = invocation.arguments.text
        if text.isEmpty {
            guard invocation.session.model != nil else { throw .precondition("no model yet: model dense 784->64 relu, dense 64->10 softmax") }
            return try summary.run(invocation)
        }
        if text == "clear" {
            invocation.session.model = nil
            invocation.session.lastLoss = nil
            invocation.session.lastBatch = nil
            if invocation.session.run?.isModel == true { invocation.session.run = nil }
            return Reply([.text("model cleared")])
        }
        var built: Sequential?
        for part in text.split(separator: ",") {
            let words = try Arguments(String(part)).words
            let (layer, inputs) = try LayerSpecification(words: words).build(into: built, inputs: built?.outputShape.last, session: invocation.session, command: invocation.command)
            let model = built ?? Sequential(inputShape: [inputs])
            try lift { () throws(TensorError) in try model.add(layer) }
            built = model
        }
        guard let built else { throw invocation.command.usageError("expected at least one layer, e.g. model dense 2->8 relu, dense 8->2 softmax") }
        invocation.session.model = built
        invocation.session.lastLoss = nil
        invocation.session.lastBatch = nil
        invocation.session.run = nil
        // A new model starts with fresh optimizer state (t = 0), as a new PyTorch optimizer would.
        invocation.session.optimizer?.resetState()
        return try summary.run(invocation)
    }

    /// `add dense 64 relu`: one more layer, the Keras way.
    static let add = Command(
        name: "add",
        abstract: "Add a layer to the model (the first one needs input=SIZE)",
        usage: "add dense UNITS [activation] [input=SIZE] [init=NAME] [l1=λ] [l2=λ] | add relu|tanh|sigmoid|softmax|dropout RATE",
        examples: ["add dense 64 relu input=784", "add dense 64 relu", "add dropout 0.2", "add dense 10 softmax"],
        variants: LayerSpecification.variants
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let (layer, inputs) = try LayerSpecification(words: invocation.arguments.words)
            .build(into: session.model, inputs: session.model?.outputShape.last, session: session, command: invocation.command)
        let model = session.model ?? Sequential(inputShape: [inputs])
        try lift { () throws(TensorError) in try model.add(layer) }
        session.model = model
        session.lastLoss = nil
        session.run = nil
        let count = layer.parameters.reduce(0) { $0 + $1.tensor.count }
        let shape = "(None, " + model.outputShape.map(String.init).joined(separator: ", ") + ")"
        return Reply([.text("added \(layer.name) (\(layer.kind)\(layer.details.isEmpty ? "" : ", \(layer.details)")): output \(shape), \(count) parameters")])
    }

    /// `summary`: Keras' model summary.
    static let summary = Command(
        name: "summary",
        abstract: "The model as a table: layer, output shape, parameter count, total",
        usage: "summary"
    ) { invocation throws(NotebookError) in
        guard let model = invocation.session.model else { throw .precondition("no model yet: add dense 64 relu input=784, or model dense 784->64 relu, …") }
        let rows = model.summaryRows().map { [$0.layer, $0.outputShape, grouped($0.parameters), $0.details] }
        let total = model.parameterCount
        let kilobytes = Double(total * 4) / 1024
        return Reply([
            .text("Model: \"sequential\"  (input: (None, " + model.inputShape.map(String.init).joined(separator: ", ") + "))"),
            .table(Table(headers: ["Layer (type)", "Output Shape", "Param #", "Activation"], rows: rows, alignments: [.left, .left, .right, .left])),
            .text("Total params: \(grouped(total)) (\(NumberFormat.fixed(kilobytes, decimals: 2)) KB)\nTrainable params: \(grouped(total)) (\(NumberFormat.fixed(kilobytes, decimals: 2)) KB)\nNon-trainable params: 0 (0.00 B)"),
        ])
    }

    /// `forward X labels=Y`: run the model on a batch, and the loss if labels are given.
    static let forward = Command(
        name: "forward",
        abstract: "Run the model on a batch; with labels, compute the loss (with its breakdown) for backward",
        usage: "forward X [labels=Y] [loss=NAME] [--training]",
        examples: ["forward x", "forward x labels=y", "forward x labels=y loss=sparse_categorical_crossentropy"],
        discussion: "Without loss=, integer labels mean sparse_categorical_crossentropy and targets shaped like the output mean mse (binary_crossentropy after a sigmoid). When the model ends in softmax or sigmoid the loss is computed from the logits before it: the same number, without overflow. --training turns dropout on. A bare 'backward' then backpropagates this loss.",
        options: [.text("labels", "EXPR", aliases: ["y"], "the targets: class indices, or values shaped like the output"), .loss,
                  .flag("training", "training mode: dropout on")]
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let model = session.model else { throw .precondition("no model yet: model dense 784->64 relu, dense 64->10 softmax") }
        let (object, name) = try invocation.objectArgument()
        let x = try Call.tensor(object, for: "forward")
        let training = invocation.options.flag("training")
        let output: Tensor, logits: Tensor?
        (output, logits) = try lift { () throws(TensorError) in try model.forward(x, training: training) }
        output.label = "output"
        var outputs: [Output] = [.text("forward \(name) \(Tensor.describe(x.shape)) through \(model.layers.count) layers → output \(Tensor.describe(output.shape))\(training ? " (training mode: dropout on)" : "")")]
        guard let labelText = invocation.options.text("labels") else {
            return Reply(outputs, value: .tensor(output))
        }
        let target = try Call.tensor(try invocation.evaluate(labelText), for: "labels")
        let loss: Loss
        if let named = invocation.options.text("loss").flatMap(Loss.init(named:)) {
            loss = named
        } else {
            let lastActivation = (model.layers.last as? Dense)?.activation ?? (model.layers.last as? ActivationLayer)?.activation
            if target.shape == output.shape { loss = lastActivation == .sigmoid ? .binaryCrossentropy : .meanSquaredError }
            else { loss = .sparseCategoricalCrossentropy }
        }
        return try lift { () throws(TensorError) in
            let dataLoss = try loss.compute(target: target, output: output, logits: logits)
            var total = dataLoss
            var rows = [[loss.rawValue + (logits != nil && loss != .meanSquaredError ? " (from logits)" : ""), NumberFormat.short(Double(dataLoss.data[0]), digits: 6)]]
            for term in try model.regularizationTerms() {
                total = try total + term.penalty
                rows.append([term.name, NumberFormat.short(Double(term.penalty.data[0]), digits: 6)])
            }
            total.label = "loss"
            rows.append(["total loss", NumberFormat.short(Double(total.data[0]), digits: 6)])
            outputs.append(.table(Table(headers: ["loss term", "value"], rows: rows, alignments: [.left, .right])))
            if loss == .sparseCategoricalCrossentropy, output.rank == 2 {
                let labels = try Loss.classIndices(target, rows: output.shape[0], classes: output.shape[1], op: "accuracy")
                let correct = (0..<output.shape[0]).filter { row in
                    let scores = output.data[(row * output.shape[1])..<((row + 1) * output.shape[1])]
                    return scores.indices.max { scores[$0] < scores[$1] }.map { $0 - row * output.shape[1] } == Int(labels[row])
                }.count
                outputs.append(.text("accuracy \(NumberFormat.fixed(Double(correct) / Double(output.shape[0]), decimals: 4)) (\(correct)/\(output.shape[0]))"))
            }
            if !total.data[0].isFinite { outputs.append(.warning("the loss is \(total.data[0]): check the inputs and the learning rate")) }
            session.lastLoss = total
            session.lastBatch = (x, target, loss)
            if session.run?.isModel == false { session.run = nil }  // step now trains the model
            outputs.append(.text("next: backward  (then grad dense_1.W)"))
            return Reply(outputs, value: .tensor(output))
        }
    }
}

extension Invocation {
    /// Evaluates a piece of argument text (such as the Y of `labels=Y`) as an expression.
    func evaluate(_ text: String) throws(NotebookError) -> Object {
        let expr: Expr
        do { expr = try Parser.expression(text) } catch { throw .syntax(error, source: text) }
        var evaluator = Evaluator(session: session)
        return try evaluator.evaluate(expr)
    }
}

/// 55050 → "55,050", as Keras prints parameter counts.
func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return out
}
