import Explain
import Limits
import NeuralNet
import Optimizers
import Session
import TensorGrad

extension Command {
    /// `compile adam lr=0.001 loss=…`: choose the optimizer (and the model's loss).
    static let compile = Command(
        name: "compile",
        aliases: ["optimizer"],
        abstract: "Choose the optimizer (PyTorch's names and defaults) and, for a model, the loss",
        usage: "compile OPTIMIZER [lr=γ] [OPTION=VALUE …] [loss=NAME] [metrics=accuracy]",
        examples: [
            "compile adam lr=0.001 loss=sparse_categorical_crossentropy", "compile sgd lr=0.1 momentum=0.9 nesterov=1",
            "compile rmsprop centered=1", "compile adam eps=1e-7   # Keras' epsilon",
        ],
        discussion: "Optimizers: "
            + OptimizerFactory.catalog.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")
            + ". A run in progress continues from its current point with the new optimizer (fresh state).",
        options: [
            .loss,
            .choice(
                "metrics", ["[accuracy]", "accuracy", "[acc]", "acc"],
                "accepted as Keras' compile(metrics=['accuracy']): accuracy is always reported for class labels"),
        ],
        variants: CommandOption.optimizerVariants
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let name = invocation.positionals.first else {
            throw invocation.command.usageError("expected an optimizer name")
        }
        guard invocation.positionals.count == 1 else {
            throw invocation.command.usageError(
                "expected one optimizer, got '\(invocation.positionals.joined(separator: " "))'")
        }
        let options = invocation.options.numbers(OptimizerFactory.entry(name)?.options ?? [])
        let optimizer: Optimizer
        do throws(OptimizerError) { optimizer = try OptimizerFactory.make(name, options) } catch {
            throw .optimizer(error)
        }
        // Everything is checked before anything changes: a bad loss leaves the old optimizer.
        let loss = invocation.options.text("loss").flatMap(Loss.init(named:))
        session.training.optimizer = optimizer
        var lines = [
            "optimizer: \(optimizer.displayName), "
                + optimizer.hyperparameters.filter { !$0.symbol.isEmpty }.map {
                    "\($0.name) \(NumberFormat.short($0.value))"
                }.joined(separator: ", ")
        ]
        // As Keras' compile: each call sets the whole configuration, so a loss left out goes
        // back to the default instead of staying from an earlier compile.
        if let loss {
            session.training.loss = loss
            lines.append("loss: \(loss.rawValue)")
        } else {
            if let previous = session.training.loss {
                lines.append(
                    "loss: default again (was \(previous.rawValue)): \(Loss.binaryCrossentropy.rawValue) for two "
                        + "classes and one output, \(Loss.sparseCategoricalCrossentropy.rawValue) for other classes, "
                        + "\(Loss.meanSquaredError.rawValue) for values"
                )
            }
            session.training.loss = nil
        }
        if let run = session.run {
            run.optimizer = optimizer
            lines.append("the current run (\(run.title)) continues from here with it")
        }
        return Reply([.text(lines.joined(separator: "\n"))])
    }
}
