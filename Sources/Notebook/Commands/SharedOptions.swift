import Explain
import Language
import Limits
import NeuralNet
import Optimizers
import Session

/// Options several commands declare, written once.
extension CommandOption {
    /// An optimizer's hyperparameter as an option (`lr=0.01`, `amsgrad=1`).
    init(_ hyperparameter: OptimizerFactory.Hyperparameter) {
        let defaultText =
            hyperparameter.isSwitch
            ? (hyperparameter.defaultValue != 0 ? "1" : "0") : CommandOption.format(hyperparameter.defaultValue)
        self.init(
            hyperparameter.name,
            hyperparameter.isSwitch
                ? .boolean
                : .number(
                    NumberRange(
                        hyperparameter.range,
                        open: NumberRange.Open(
                            excludingLower: hyperparameter.excludesLower, upper: hyperparameter.excludesUpper))),
            aliases: hyperparameter.name == "lr" ? ["learning_rate"] : [], default: defaultText, hyperparameter.doc)
    }

    /// The options of the optimizer named `name` (none if the name is unknown).
    static func optimizer(_ name: String) -> [CommandOption] {
        OptimizerFactory.entry(name)?.hyperparameters.map(CommandOption.init) ?? []
    }

    /// One variant per optimizer, with its hyperparameters.
    static let optimizerVariants = OptimizerFactory.catalog.map {
        Command.Variant([$0.name], options: $0.hyperparameters.map(CommandOption.init))
    }

    static let loss = CommandOption.choice(
        "loss", Loss.names.map(\.name),
        "the loss (default: binary_crossentropy for 2 classes and 1 output, sparse_categorical_crossentropy "
            + "for other class labels, mse for values)")

    static let svg = CommandOption.text("svg", "FILE", "also write the plot as an SVG file")

    static let steps = CommandOption.count("steps", atLeast: 0, limit: .steps, "how many optimizer steps")

    /// `minimize`'s (`train`, `step` and `race` say what theirs means).
    static let verbose = CommandOption.count(
        "verbose", in: 0...2, default: "1",
        "0: the result only; 1: the first, every k-th and the last step, and a plot; 2: every step")
}

extension CommandOption {
    /// Reduce-on-plateau's options, for `schedule plateau` (in steps) and `callback reduce_lr` (in epochs).
    static let plateau: [CommandOption] = [
        .number("factor", in: 0...1, open: [.lower, .upper], default: "0.1", "lr ← lr·factor when the metric stalls"),
        .count(
            "patience", atLeast: 0, limit: .steps, default: "10", "how long the metric may stall before the reduction"),
        .number("min_lr", in: 0...1e6, default: "0", "the learning rate is not reduced below this"),
    ]

    /// The metric a callback watches.
    static let monitor = CommandOption.choice(
        "monitor", ["loss", "val_loss", "accuracy", "val_accuracy"], default: "val_loss", "the metric watched")
}

extension CommandOption {
    /// The parameters of a function that have defaults (`condition=50` for `bowl`), as options.
    static func parameters(of function: String?, session: Session) -> [CommandOption] {
        guard let function, let found = session.function(named: function) else { return [] }
        return found.parameters.compactMap { parameter in
            parameter.defaultValue.map { _ in
                .number(
                    parameter.name, in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
                    "\(found.name)'s parameter \(parameter.name)")
            }
        }
    }
}

extension Command {
    /// Tab's words after `lesson`, `explain` and `help`.
    @Sendable static func lessonNumbers(_ session: Session) -> [String] {
        session.lessons.lessons.map { String($0.number) }
    }
    /// Tab's words after `lesson`: the numbers, and `export`.
    @Sendable static func lessonWords(_ session: Session) -> [String] { lessonNumbers(session) + ["export"] }

    /// What `show` takes besides indices.
    @Sendable static func showWords(_ session: Session) -> [String] { ["mistakes", "weights"] }
    @Sendable static func optimizerNames(_ session: Session) -> [String] { OptimizerFactory.names }
    @Sendable static func topics(_ session: Session) -> [String] {
        builtins.map(\.name) + Function.builtins.map(\.name)
    }
}
