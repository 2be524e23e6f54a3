import Datasets
import Optimizers
import Randomness
import TensorGrad

/// A grid search (Keras Tuner's, scikit-learn's GridSearchCV without the folds): one model
/// trained from fresh weights for every setting, each scored on a validation split and on the
/// test set, for a `ModelSelection` among them.
public enum Search {
    /// One configuration: a learning rate, a batch size and the seed of its starting weights
    /// and its shuffling (a different seed is a different configuration: picking the luckiest
    /// seed is a choice too).
    public struct Setting: Sendable, Equatable {
        public var learningRate: Double
        public var batchSize: Int
        public var seed: UInt64

        public init(learningRate: Double, batchSize: Int, seed: UInt64) {
            self.learningRate = learningRate
            self.batchSize = batchSize
            self.seed = seed
        }
    }

    /// The grid: every learning rate × batch size, learning rate slowest, each from `seeds`
    /// seeds of its own drawn from `generator` (a setting's luck is its own, as it is when a
    /// practitioner tries settings one after another), below a million: short enough to type
    /// again (`seed 483920`).
    public static func grid<G: RandomNumberGenerator>(
        learningRates: [Double], batchSizes: [Int], seeds: Int, generator: inout G
    ) -> [Setting] {
        var settings: [Setting] = []
        for rate in learningRates {
            for batch in batchSizes {
                for _ in 0..<max(seeds, 0) {
                    settings.append(Setting(learningRate: rate, batchSize: batch, seed: generator.next() % 1_000_000))
                }
            }
        }
        return settings
    }

    /// What one configuration scored.
    public struct Outcome: Sendable {
        public var setting: Setting
        public var validationLoss: Double
        public var validationAccuracy: Double?
        public var candidate: ModelSelection.Candidate
        /// Why its training ended (a NaN is kept as an outcome: it is never chosen).
        public var stop: StopReason
    }

    /// Why a search could not run: a setting the optimizer refuses, or training's own error.
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case optimizer(OptimizerError)
        case training(TensorError)

        public var description: String {
            switch self {
            case .optimizer(let error): "\(error)"
            case .training(let error): "\(error)"
            }
        }
    }

    /// A fresh optimizer like `prototype` (its kind and hyperparameters, no state) with the
    /// setting's learning rate: each configuration starts its optimizer anew.
    public static func optimizer(like prototype: Optimizer, learningRate: Double) throws(OptimizerError) -> Optimizer {
        var options = OptimizerFactory.options(of: prototype)
        options["lr"] = learningRate
        return try OptimizerFactory.make(prototype.kind, options)
    }

    /// Trains one model per setting and scores it: the model `model` builds with fresh weights
    /// drawn from the setting's seed, an optimizer like `optimizer` with the setting's rate, the
    /// setting's batch size, shuffled by the same generator after the weights — what `seed S`,
    /// `model …`, `compile …` and `train … validation=F` do, so a configuration can be trained
    /// again from its seed. Every optimizer is made before the first model
    /// trains (a rate the optimizer refuses stops nothing halfway). Ends early, with the
    /// configurations finished so far, when `interrupted` says so.
    public static func run(
        _ settings: [Setting], epochs: Int, data: Dataset, rows: [Int], validationRows: [Int], test: Dataset,
        optimizer prototype: Optimizer, loss: Loss, update: UpdateRule, callbacks: Callbacks,
        model: (Setting, inout SeededGenerator) throws(TensorError) -> Sequential,
        progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }, interrupted: () -> Bool = { false }
    ) throws(Failure) -> [Outcome] {
        guard !validationRows.isEmpty else {
            throw .training(
                .invalidArgument(op: "search", reason: "no validation rows: choosing needs a validation split"))
        }
        var optimizers: [Optimizer] = []
        do throws(OptimizerError) {
            optimizers = try settings.map { setting throws(OptimizerError) in
                try optimizer(like: prototype, learningRate: setting.learningRate)
            }
        } catch { throw .optimizer(error) }
        let testRows = Array(0..<test.count)
        var outcomes: [Outcome] = []
        do throws(TensorError) {
            for (setting, optimizer) in zip(settings, optimizers) {
                if interrupted() { break }
                var generator = SeededGenerator(seed: setting.seed)
                let trainer = Trainer(model: try model(setting, &generator), optimizer: optimizer, loss: loss)
                let result = try trainer.fit(
                    data, rows: rows, validation: (data, validationRows), epochs: epochs,
                    batchSize: setting.batchSize, generator: &generator, update: update, callbacks: callbacks,
                    interrupted: interrupted)
                // A configuration cut short by Ctrl-C is not one of the grid's.
                if case .interrupted = result.stop { break }
                let validation = try trainer.evaluate(data, rows: validationRows)
                let scores = try trainer.evaluateEach(test, rows: testRows)
                outcomes.append(
                    Outcome(
                        setting: setting, validationLoss: validation.loss, validationAccuracy: validation.accuracy,
                        candidate: ModelSelection.Candidate(
                            validationLoss: validation.loss, testLosses: scores.losses, testCorrect: scores.correct),
                        stop: result.stop))
                progress(outcomes.count, settings.count)
            }
        } catch { throw .training(error) }
        return outcomes
    }
}
