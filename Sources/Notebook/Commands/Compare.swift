import Explain
import NeuralNet
import ScalarGrad
import TensorGrad

extension Command {
    /// `compare`: the same network on the scalar and the tensor engine.
    static let compare = Command(
        name: "compare",
        abstract: "Run the same small MLP on the scalar engine and the tensor engine: same loss, same gradients?",
        usage: "compare [BATCH]",
        examples: ["compare", "compare 8"],
        discussion: "Uses the current model when it is small (dense layers, at most 2,000 parameters), otherwise a 3-4-4-1 tanh network; random inputs and targets from the session's generator, MSE loss. Every weight becomes a Value, the forward pass is rebuilt number by number, and both backward passes are compared."
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        let batch = try invocation.positionals.first.map { word throws(NotebookError) -> Int in
            guard let n = Int(word), n > 0, n <= 256 else { throw invocation.command.usageError("BATCH must be 1…256, got '\(word)'") }
            return n
        } ?? 4
        return try lift { () throws(TensorError) in
            let model: Sequential
            var note = "the current model"
            if let current = session.model, current.parameterCount <= 2000,
               current.layers.allSatisfy({ ($0 as? Dense).map { $0.activation != .softmax } ?? false }) {
                model = current
            } else {
                model = Sequential(inputShape: [3])
                try model.add(Dense(inputs: 3, units: 4, activation: .tanh, name: "dense_1", generator: &session.generator))
                try model.add(Dense(inputs: 4, units: 4, activation: .tanh, name: "dense_2", generator: &session.generator))
                try model.add(Dense(inputs: 4, units: 1, name: "dense_3", generator: &session.generator))
                note = session.model == nil ? "a 3-4-4-1 tanh network" : "a 3-4-4-1 tanh network (the current model is too large or not all dense)"
            }
            let inputs = model.inputShape[0], outputs = model.outputShape[0]
            let x = try Tensor.randn([batch, inputs], generator: &session.generator)
            let y = try Tensor.randn([batch, outputs], generator: &session.generator)

            // The tensor engine.
            let prediction = try model.forward(x).output
            let tensorLoss = try Loss.meanSquaredError.compute(target: y, output: prediction)
            try tensorLoss.backward()

            // The scalar engine: every weight a Value, the same arithmetic element by element.
            let dense = model.layers.compactMap { $0 as? Dense }
            let weights = dense.map { layer in layer.weight.data.map { Value(Double($0)) } }
            let biases = dense.map { layer in layer.bias.data.map { Value(Double($0)) } }
            var squares: [Value] = []
            for row in 0..<batch {
                var h = (0..<inputs).map { Value(Double(x.data[row * inputs + $0])) }
                for (l, layer) in dense.enumerated() {
                    h = (0..<layer.units).map { j in
                        var z = biases[l][j]
                        for i in 0..<layer.inputs { z = z + h[i] * weights[l][i * layer.units + j] }
                        // The layer's own row of the table of operations, on Doubles.
                        return layer.activation?.operation.map(z.applying) ?? z
                    }
                }
                for j in 0..<outputs { squares.append((h[j] - Double(y.data[row * outputs + j])).pow(2)) }
            }
            let scalarLoss = squares.dropFirst().reduce(squares[0], +) * (1 / Double(squares.count))
            scalarLoss.backward()
            let nodes = scalarLoss.topologicalOrder().count

            var rows: [[String]] = []
            var worst = abs(Double(tensorLoss.data[0]) - scalarLoss.data)
            for (l, layer) in dense.enumerated() {
                for (name, tensor, values) in [("\(layer.name).W", layer.weight, weights[l]), ("\(layer.name).b", layer.bias, biases[l])] {
                    let difference = zip(tensor.grad ?? [], values).map { abs(Double($0) - $1.grad) }.max() ?? 0
                    worst = max(worst, difference)
                    rows.append([name, Tensor.describe(tensor.shape), NumberFormat.short(difference, digits: 2)])
                }
            }
            let passed = worst <= 1e-4
            return Reply([
                .text("\(note), batch \(batch), loss = mse(y, model(x))"),
                .text("tensor engine: loss \(NumberFormat.short(Double(tensorLoss.data[0]), digits: 8))  (\(tensorLoss.topologicalOrder().count) tensors, Float32, BLAS)\nscalar engine: loss \(NumberFormat.short(scalarLoss.data, digits: 8))  (\(nodes) Values, Double, one number at a time)"),
                .table(Table(headers: ["parameter", "shape", "max |Δ grad|"], rows: rows, alignments: [.left, .left, .right])),
                .check(passed: passed, message: "largest difference \(NumberFormat.short(worst, digits: 2)) \(passed ? "≤" : ">") 1e-4: " + (passed ? "the tensor engine computes what the scalar engine computes, number by number" : "the engines disagree")),
            ])
        }
    }
}
