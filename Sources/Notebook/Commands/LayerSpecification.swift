import Explain
import Foundation
import Limits
import NeuralNet
import Operations
import Session
import TensorGrad

/// A layer described in words, as `model` and `add` take it:
///
///     dense 784->64 relu        dense 64 relu input=784 init=he_normal l2=0.001
///     relu | tanh | sigmoid | softmax | leaky_relu [slope] | dropout RATE
struct LayerSpecification {
    let words: [String]

    /// The layer kinds, each with its options: `add` and `model` declare these.
    static let variants: [Command.Variant] = [dense, dropout] + Activation.names.map { Command.Variant([$0]) }

    static let dense = Command.Variant(
        ["dense", "linear"],
        options: [
            .choice(
                "activation", Activation.names, default: "linear",
                "the activation after the affine map (also a bare word: dense 64 relu)"),
            .count(
                "input", limit: .layerWidth, aliases: ["inputs", "input_dim"],
                "the input size of the first layer (or write dense IN->OUT)"),
            .choice(
                "init", Initializer.names, aliases: ["kernel_initializer"], default: "glorot_uniform",
                "how the weights start"),
            .number("l1", in: 0...1e6, "L1 penalty λ·Σ|W| on the weights, added to the loss"),
            .number("l2", in: 0...1e6, "L2 penalty λ·ΣW² on the weights, added to the loss"),
        ])

    static let dropout = Command.Variant(
        ["dropout"],
        options: [
            .number(
                "rate", in: 0...1, open: .upper,
                "the fraction of units zeroed in training (also a bare number: dropout 0.2)")
        ])

    /// A whole network from `model`'s text (`dense 784->64 relu, dense 64->10 softmax`).
    /// Weights are drawn from the session's generator.
    static func model(_ text: String, session: Session, command: Command) throws(NotebookError) -> Sequential {
        var built: Sequential?
        for part in text.split(separator: ",") {
            let words = try Arguments(String(part)).words
            let (layer, inputs) = try LayerSpecification(words: words).build(
                into: built, session: session, command: command)
            let model = built ?? Sequential(inputShape: [inputs])
            try lift { () throws(TensorError) in try model.add(layer) }
            built = model
        }
        guard let built else {
            throw command.usageError("expected at least one layer, e.g. model dense 2->8 relu, dense 8->2 softmax")
        }
        return built
    }

    /// Builds the layer to follow `model` (nil: the first), drawing its weights from the
    /// session's generator, as `ModelDescription` builds a saved model's.
    func build(into model: Sequential?, session: Session, command: Command) throws(NotebookError) -> (
        layer: Layer, inputs: Int
    ) {
        let description = try self.description(after: model, command: command)
        return try lift { () throws(TensorError) in
            try ModelDescription.build(description, after: model, generator: &session.generator)
        }
    }

    /// The layer the words describe, checked against the model it follows (sizes, the limit
    /// on parameters), with errors in the words the user wrote.
    func description(after model: Sequential?, command: Command) throws(NotebookError) -> ModelDescription.Layer {
        let inputs = model?.outputShape.last
        guard let kind = words.first?.lowercased() else {
            throw command.usageError("expected a layer, e.g. dense 64 relu")
        }
        guard let variant = LayerSpecification.variants.first(where: { $0.words.contains(kind) }) else {
            let kinds = LayerSpecification.variants.flatMap(\.words)
            throw .unknownName(kind, suggestion: Suggestion.closest(to: kind, among: kinds))
        }
        let parsed: OptionValues
        do throws(OptionError) { parsed = try OptionValues(Array(words.dropFirst()), options: variant.options) } catch {
            throw command.usageError("\(kind): \(error.description)")
        }
        let positional = parsed.positionals
        var options: [String: String] = [:]
        for option in variant.options { options[option.name] = parsed.text(option.name) }
        func number(_ text: String, _ what: String) throws(NotebookError) -> Double {
            guard let x = Double(text), x.isFinite else {
                throw command.usageError("\(what) must be a finite number, got '\(text)'")
            }
            return x
        }
        func width(_ text: String, _ what: String) throws(NotebookError) -> Int {
            do throws(RangeError) { return try Count.from(text, what, limit: .layerWidth) } catch {
                throw command.usageError(error.description)
            }
        }
        switch kind {
        case "dense", "linear":
            guard let size = positional.first else {
                throw command.usageError("dense needs a size: dense 64 or dense 784->64")
            }
            var fanIn = inputs
            var units: Int?
            let arrow = size.contains("->") ? "->" : (size.contains("→") ? "→" : nil)
            if let arrow {
                let parts = size.components(separatedBy: arrow)
                guard parts.count == 2 else {
                    throw command.usageError("expected IN->OUT such as 784->64, got '\(size)'")
                }
                let a = try width(parts[0], "dense IN")
                let b = try width(parts[1], "dense OUT")
                if let inputs, inputs != a {
                    throw command.usageError(
                        "dense \(size) follows a layer with \(inputs) outputs: use \(inputs)->\(b) (or dense \(b))")
                }
                (fanIn, units) = (a, b)
            } else {
                units = try width(size, "dense units")
            }
            if let text = options["input"] {
                let given = try width(text, "input=")
                if let inputs, inputs != given {
                    throw command.usageError(
                        "input=\(given), but the layer before gives \(inputs) values: leave input= out after the "
                            + "first layer"
                    )
                }
                fanIn = given
            }
            guard let units, units > 0 else {
                throw command.usageError("dense needs a positive number of units, got '\(size)'")
            }
            guard let fanIn else {
                throw command.usageError(
                    "the first layer needs its input size: dense \(units) input=784, or dense 784->\(units)")
            }
            // dense 64 leaky_relu 0.2: the activation, then its constant parameters.
            var activation: Activation?
            if positional.count > 1 {
                guard options["activation"] == nil else {
                    throw command.usageError(
                        "the activation is given twice: '\(positional[1])' and "
                            + "activation=\(options["activation"] ?? "")"
                    )
                }
                activation = try LayerSpecification.activation(
                    positional[1], Array(positional.dropFirst(2)), command: command)
            }
            if let a = options["activation"] {
                activation = try LayerSpecification.activation(a, [], command: command)
            }
            var initializer = Initializer.glorotUniform
            if let text = options["init"] {
                guard let parsed = Initializer(named: text) else {
                    throw .unknownName(text, suggestion: Suggestion.closest(to: text, among: Initializer.names))
                }
                initializer = parsed
            }
            var regularizer: Regularizer?
            func penalty(_ text: String, _ what: String) throws(NotebookError) -> Float {
                let x = try number(text, what)
                guard x >= 0 else { throw command.usageError("\(what)= must be ≥ 0 (a penalty), got '\(text)'") }
                return Float(x)
            }
            switch (options["l1"], options["l2"]) {
            case (let a?, let b?): regularizer = .l1l2(l1: try penalty(a, "l1"), l2: try penalty(b, "l2"))
            case (let a?, nil): regularizer = .l1(try penalty(a, "l1"))
            case (nil, let b?): regularizer = .l2(try penalty(b, "l2"))
            default: break
            }
            let existing = model?.namedParameters.reduce(0) { $0 + $1.parameter.tensor.count } ?? 0
            guard existing + fanIn * units + units <= Limit.modelParameters.value else {
                throw command.usageError(
                    "dense \(fanIn)->\(units) would bring the model to "
                        + "\(Limit.grouped(existing + fanIn * units + units)) parameters, more than the limit of "
                        + "\(Limit.modelParameters)"
                )
            }
            return .dense(
                inputs: fanIn, units: units, activation: activation, initializer: initializer,
                regularizer: regularizer)
        case "dropout":
            guard positional.count + (options["rate"] == nil ? 0 : 1) <= 1 else {
                throw command.usageError(
                    "dropout takes one rate, got '\(positional.joined(separator: " "))'"
                        + (options["rate"].map { " and rate=\($0)" } ?? ""))
            }
            guard let text = positional.first ?? options["rate"] else {
                throw command.usageError("dropout needs a rate: dropout 0.2")
            }
            let rate = Float(try number(text, "the dropout rate"))
            guard inputs != nil else {
                throw command.usageError("dropout cannot be the first layer: add a dense layer first")
            }
            return .dropout(rate: rate)
        default:
            let activation = try LayerSpecification.activation(kind, positional, command: command)
            guard inputs != nil else {
                throw command.usageError("\(kind) cannot be the first layer: add a dense layer first")
            }
            return .activation(activation)
        }
    }

    /// The activation `name` with its constant parameters written as bare numbers, in the
    /// row's order (`leaky_relu 0.2`); words it cannot take are an error naming them.
    static func activation(_ name: String, _ parameters: [String], command: Command) throws(NotebookError) -> Activation
    {
        guard Activation(named: name) != nil else {
            let kinds = Array(Set(variants.flatMap(\.words))).sorted()
            throw .unknownName(name, suggestion: Suggestion.closest(to: name, among: kinds))
        }
        do throws(ModelDescriptionError) { return try Activation(named: name, parameters: parameters) } catch {
            throw command.usageError(error.description)
        }
    }
}
