import Operations
import Randomness
import TensorGrad

/// A model as data: the layers that build it again, what a checkpoint stores beside the
/// weights (Keras' `get_config`). Its text is one line of layers separated by commas, in the
/// words `model` reads:
///
///     dense 784->64 relu l2=0.001, dropout 0.5, dense 64->10 leaky_relu 0.2 init=he_normal
///
/// `text` writes it and `init(parsing:)` reads exactly that grammar back, with no notebook in
/// between; `build` makes the layers, drawing weights (and each dropout layer's seed) from
/// the generator in layer order.
public struct ModelDescription: Equatable, Sendable {
    public enum Layer: Equatable, Sendable {
        case dense(
            inputs: Int, units: Int, activation: Activation?, initializer: Initializer, regularizer: Regularizer?)
        case dropout(rate: Float)
        case activation(Activation)
    }

    public var layers: [Layer]

    public init(layers: [Layer]) { self.layers = layers }

    /// The description of a built model.
    public init(_ model: Sequential) {
        layers = model.layers.compactMap { layer -> Layer? in
            switch layer {
            case let dense as Dense:
                return .dense(
                    inputs: dense.inputs, units: dense.units, activation: dense.activation,
                    initializer: dense.kernelInitializer, regularizer: dense.kernelRegularizer)
            case let dropout as Dropout: return .dropout(rate: dropout.rate)
            case let layer as ActivationLayer: return .activation(layer.activation)
            default: return nil
            }
        }
    }

    // MARK: - Text

    /// `dense 784->64 relu l2=0.001, dropout 0.5`.
    public var text: String { layers.map(Self.text(of:)).joined(separator: ", ") }

    /// The words of one layer: defaults (linear, Glorot uniform) are left out.
    public static func text(of layer: Layer) -> String {
        switch layer {
        case .dense(let inputs, let units, let activation, let initializer, let regularizer):
            var words = ["dense \(inputs)->\(units)"]
            if let activation { words.append(text(of: activation)) }
            if Initializer(named: initializer.name) == initializer, initializer != .glorotUniform {
                words.append("init=\(initializer.name)")
            }
            switch regularizer {
            case .l1(let a): words.append("l1=\(a)")
            case .l2(let b): words.append("l2=\(b)")
            case .l1l2(let a, let b): words += ["l1=\(a)", "l2=\(b)"]
            case nil: break
            }
            return words.joined(separator: " ")
        case .dropout(let rate): return "dropout \(rate)"
        case .activation(let activation): return text(of: activation)
        }
    }

    /// An activation's name and its constant parameters as bare numbers (`leaky_relu 0.2`).
    public static func text(of activation: Activation) -> String {
        guard case .elementwise(let op) = activation, !op.parameters.isEmpty else { return activation.name }
        return ([type(of: op).name] + op.parameters.map { "\($0)" }).joined(separator: " ")
    }

    /// Reads `text`'s grammar back; anything else is an error naming the word.
    public init(parsing text: String) throws(ModelDescriptionError) {
        layers = []
        for part in text.split(separator: ",") {
            let words = part.split(separator: " ").map(String.init)
            guard let kind = words.first else { throw ModelDescriptionError("an empty layer in '\(text)'") }
            switch kind {
            case "dense": layers.append(try Self.dense(Array(words.dropFirst())))
            case "dropout":
                guard words.count == 2, let rate = Float(words[1]) else {
                    throw ModelDescriptionError("expected 'dropout RATE', got '\(part)'")
                }
                layers.append(.dropout(rate: rate))
            default: layers.append(.activation(try Activation(named: kind, parameters: Array(words.dropFirst()))))
            }
        }
        guard !layers.isEmpty else { throw ModelDescriptionError("no layers in '\(text)'") }
    }

    private static func dense(_ words: [String]) throws(ModelDescriptionError) -> Layer {
        let sizes = words.first?.split(separator: "->").compactMap { Int($0) } ?? []
        guard sizes.count == 2 else {
            throw ModelDescriptionError("expected 'dense IN->OUT', got '\(words.first ?? "")'")
        }
        var positional: [String] = []
        var initializer = Initializer.glorotUniform
        var l1: Float?
        var l2: Float?
        for word in words.dropFirst() {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                positional.append(word)
                continue
            }
            switch parts[0] {
            case "init":
                guard let named = Initializer(named: parts[1]) else {
                    throw ModelDescriptionError("unknown initializer '\(parts[1])'")
                }
                initializer = named
            case "l1", "l2":
                guard let x = Float(parts[1]), x.isFinite, x >= 0 else {
                    throw ModelDescriptionError("\(parts[0]) must be a number ≥ 0, got '\(parts[1])'")
                }
                if parts[0] == "l1" { l1 = x } else { l2 = x }
            default: throw ModelDescriptionError("unknown option '\(word)' of dense")
            }
        }
        let activation = try positional.first.map { name throws(ModelDescriptionError) in
            try Activation(named: name, parameters: Array(positional.dropFirst()))
        }
        let regularizer: Regularizer? =
            switch (l1, l2) {
            case (let a?, let b?): .l1l2(l1: a, l2: b)
            case (let a?, nil): .l1(a)
            case (nil, let b?): .l2(b)
            case (nil, nil): nil
            }
        return .dense(
            inputs: sizes[0], units: sizes[1], activation: activation, initializer: initializer,
            regularizer: regularizer)
    }

    // MARK: - Building

    /// The model, its layers named as `add` names them (`dense_1`, `dropout_1`, …).
    public func build(generator: inout SeededGenerator) throws(TensorError) -> Sequential {
        var model: Sequential?
        for layer in layers {
            let built = try Self.build(layer, after: model, generator: &generator)
            let next = model ?? Sequential(inputShape: [built.inputs])
            try next.add(built.layer)
            model = next
        }
        guard let model else { throw .invalidArgument(op: "model", reason: "a model needs at least one layer") }
        return model
    }

    /// One layer to follow `model` (nil: the first), and the input width it takes.
    public static func build(_ layer: Layer, after model: Sequential?, generator: inout SeededGenerator)
        throws(TensorError) -> (layer: NeuralNet.Layer, inputs: Int)
    {
        let name = { (base: String) in model?.nextName(base) ?? "\(base)_1" }
        let inputs = model?.outputShape.last
        switch layer {
        case .dense(let fanIn, let units, let activation, let initializer, let regularizer):
            if let inputs, inputs != fanIn {
                throw .invalidArgument(
                    op: "dense", reason: "dense \(fanIn)->\(units) follows a layer with \(inputs) outputs")
            }
            let dense = try Dense(
                inputs: fanIn, units: units, activation: activation, name: name("dense"),
                kernelInitializer: initializer, kernelRegularizer: regularizer, generator: &generator)
            return (dense, fanIn)
        case .dropout(let rate):
            guard let inputs else { throw .invalidArgument(op: "dropout", reason: "cannot be the first layer") }
            let seed = generator.next()
            return (try Dropout(rate: rate, name: name("dropout"), seed: seed), inputs)
        case .activation(let activation):
            guard let inputs else {
                throw .invalidArgument(op: activation.name, reason: "cannot be the first layer")
            }
            let base = activation.operation.map { type(of: $0).name } ?? activation.name
            return (ActivationLayer(activation, name: name(base)), inputs)
        }
    }
}

/// A model description that cannot be read: the message names the word.
public struct ModelDescriptionError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Activation {
    /// The activation `name` with its constant parameters written as bare numbers in the table
    /// row's order (`leaky_relu` with ["0.2"]); an unknown name, or words it cannot take, are an
    /// error naming them.
    public init(named name: String, parameters: [String]) throws(ModelDescriptionError) {
        guard let activation = Activation(named: name) else {
            throw ModelDescriptionError("unknown activation '\(name)'")
        }
        guard !parameters.isEmpty else {
            self = activation
            return
        }
        let given = parameters.joined(separator: " ")
        guard case .elementwise(let op) = activation, !type(of: op).parameterSpecification.isEmpty else {
            throw ModelDescriptionError("\(name) takes no parameters, got '\(given)'")
        }
        let row = type(of: op)
        let names = row.parameterSpecification.map(\.name)
        guard parameters.count <= names.count else {
            throw ModelDescriptionError("\(name) takes \(names.joined(separator: ", ")), got '\(given)'")
        }
        var values: [String: Double] = [:]
        for (parameter, text) in zip(names, parameters) {
            guard let x = Double(text), x.isFinite else {
                throw ModelDescriptionError("the \(parameter) of \(name) must be a finite number, got '\(text)'")
            }
            values[parameter] = x
        }
        do throws(OperationError) { self = .elementwise(try row.init(parameters: values)) } catch {
            throw ModelDescriptionError(error.description)
        }
    }
}
