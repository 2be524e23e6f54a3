import Explain
import Foundation
import NeuralNet
import Optimizers
import Rendering
import ScalarGrad
import Session

extension Command {
    /// `lr_find`: the learning-rate range test (Smith 2017; fastai's lr_find).
    static let lrFind = Command(
        name: "lr_find",
        abstract: "Learning-rate range test: raise lr step by step on fresh minibatches, plot the loss, suggest an lr",
        usage: "lr_find [from=1e-7] [to=10] [steps=100]",
        examples: ["lr_find", "lr_find from=1e-5 to=1 steps=60"],
        discussion:
            "Takes `steps` optimizer steps on fresh minibatches of the loaded data, with the learning rate growing "
            + "geometrically from `from` to `to`, and stops early once the (smoothed) loss is 4× its best. The loss "
            + "against the learning rate falls, flattens, then blows up; the suggestion is the rate of the lowest "
            + "loss divided by 10. The model's weights and the optimizer's state are put back afterwards.",
        options: [
            .number("from", in: 1e-12...1e6, open: .lower, default: "1e-7", "the first learning rate"),
            .number("to", in: 1e-12...1e6, open: .lower, default: "10", "the last learning rate"),
            .count("steps", in: 5...10_000, default: "100", "how many steps (rates) to try"),
        ],
        positionals: 0...0
    ) { invocation throws(NotebookError) in
        let session = invocation.session
        guard let model = session.model, session.data.train != nil else {
            throw .precondition("lr_find needs a model and data: model …, data mnist (or data moons)")
        }
        guard let optimizer = session.training.optimizer else {
            throw .precondition("no optimizer: compile adam first")
        }
        let low = invocation.options.number("from") ?? 1e-7
        let high = invocation.options.number("to") ?? 10
        let steps = invocation.options.count("steps") ?? 100
        guard high > low else {
            throw invocation.command.usageError(
                "to=\(NumberFormat.short(high)) must be larger than from=\(NumberFormat.short(low))")
        }

        // Everything the test changes, put back at the end: the weights, the optimizer's state,
        // the run in progress (and its undo), the last forward's batch, the generator.
        let weights = model.namedParameters.map { $0.parameter.tensor.data }
        let state = optimizer.snapshot()
        let (batch, loss, stepping, generator) = (session.lastBatch, session.lastLoss, session.run, session.generator)
        session.forgetBatch()  // fresh minibatches from the data, not the last forward's batch
        session.run = nil
        defer {
            for ((_, parameter), values) in zip(model.namedParameters, weights) { parameter.tensor.data = values }
            optimizer.restore(state)
            (session.lastBatch, session.lastLoss, session.run, session.generator) = (batch, loss, stepping, generator)
        }
        // Minibatches of 64 (fastai's default batch), whatever `step batch=` was last set to.
        let run = try currentRun(session, minibatch: min(64, session.data.train?.count ?? 64))
        var plateau: ReduceOnPlateau?
        var failure: NotebookError?
        let test = LearningRateRangeTest(low: low, high: high, steps: steps)
        let found = test.run(interrupted: invocation.notebook.interruptRequested) { rate in
            optimizer.learningRate = rate
            do throws(NotebookError) {
                let result = try run.step(update: UpdateRule(), plateau: &plateau, watch: nil, explain: false)
                return result.diverged ? nil : result.loss
            } catch {
                failure = error  // not a loss that blew up: an error to report as it is
                return nil
            }
        }
        if let failure { throw failure }
        guard let found else {
            throw .precondition("the loss was not a number from the first rates on: try a smaller from=")
        }
        let (tried, lowest, suggested) = (found.tried, found.lowest, found.suggested)
        let plot = Plot(
            title: "loss against the learning rate", xLabel: "log10(lr)", yLabel: "smoothed loss",
            logarithmic: false,
            series: [.init(name: "loss", points: tried.map { (log10($0.rate), $0.loss) })])
        let text =
            "tried \(tried.count) rates from \(NumberFormat.short(low)) to "
            + "\(NumberFormat.short(tried.last?.rate ?? high, digits: 3)); the loss was lowest "
            + "(\(NumberFormat.short(lowest.loss, digits: 4))) at lr \(NumberFormat.short(lowest.rate, digits: 3)). "
            + "A good learning rate is about 10× smaller: \(NumberFormat.short(suggested, digits: 2)) "
            + "(compile \(optimizer.kind) lr=\(NumberFormat.short(suggested, digits: 2)))."
            + (lowest.rate == tried.first?.rate
                ? " But the loss fell at none of the rates tried, so this says little: the model may be trained "
                    + "already, or from= too large."
                : "")
            + " The weights, the optimizer's state and the run in progress are as they were."
        let value = Object.record(
            name: "LRFind",
            fields: [("suggested", .scalar(Value(suggested))), ("lowest", .scalar(Value(lowest.rate)))])
        return Reply(
            [.plot(plot), .text(text)], value: value,
            display: "LRFind(suggested=\(NumberFormat.short(suggested, digits: 2)))")
    }
}
