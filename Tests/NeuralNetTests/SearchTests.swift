import Datasets
import Optimizers
import Randomness
import TensorGrad
import Testing

@testable import NeuralNet

@Suite struct SearchTests {
    func network(_ setting: Search.Setting, _ generator: inout SeededGenerator) throws(TensorError) -> Sequential {
        let net = Sequential(inputShape: [2])
        try net.add(Dense(inputs: 2, units: 6, activation: .tanh, name: "dense_1", generator: &generator))
        try net.add(Dense(inputs: 6, units: 2, activation: .softmax, name: "dense_2", generator: &generator))
        return net
    }

    /// The grid is every rate × batch size × seed, rate slowest, each seed its own draw.
    @Test func theGridIsEveryCombination() {
        var generator = SeededGenerator(seed: 2)
        let grid = Search.grid(learningRates: [0.1, 0.01], batchSizes: [8, 32, 64], seeds: 2, generator: &generator)
        #expect(grid.count == 12)
        #expect(grid.map(\.learningRate) == Array(repeating: 0.1, count: 6) + Array(repeating: 0.01, count: 6))
        #expect(grid.prefix(6).map(\.batchSize) == [8, 8, 32, 32, 64, 64])
        #expect(Set(grid.map(\.seed)).count == 12)
        #expect(grid.allSatisfy { $0.seed < 1_000_000 })
        var again = SeededGenerator(seed: 2)
        #expect(
            Search.grid(learningRates: [0.1, 0.01], batchSizes: [8, 32, 64], seeds: 2, generator: &again) == grid)
    }

    /// Each configuration starts a fresh optimizer like the compiled one: its own rate, the
    /// other hyperparameters kept (β₁ = 0.5 here), no state carried from the one before.
    @Test func eachConfigurationHasAFreshOptimizerLikeTheCompiledOne() throws {
        let compiled = try OptimizerFactory.make("adam", ["lr": 0.02, "beta1": 0.5, "amsgrad": 1])
        let copy = try Search.optimizer(like: compiled, learningRate: 0.003)
        #expect(copy.kind == "adam")
        #expect(copy.learningRate == 0.003)
        #expect(copy.stepCount == 0)
        let options = OptimizerFactory.options(of: copy)
        #expect(options["beta1"] == 0.5)
        #expect(options["amsgrad"] == 1)
        #expect(OptimizerFactory.options(of: compiled)["lr"] == 0.02)
        #expect(throws: OptimizerError.self) { try Search.optimizer(like: compiled, learningRate: -1) }
    }

    /// A search trains each setting from its own seed: the same settings give the same scores,
    /// a configuration's test losses average to what `evaluate` says of a model trained the same
    /// way, and the compiled optimizer is never touched.
    @Test func aSearchIsReproducibleAndScoresWhatEvaluateScores() throws {
        var generator = SeededGenerator(seed: 4)
        let data = try Synthetic.make("moons", count: 120, generator: &generator)
        let test = try Synthetic.make("moons", count: 40, generator: &generator)
        let settings = Search.grid(learningRates: [0.01, 0.1], batchSizes: [16], seeds: 2, generator: &generator)
        let compiled = try OptimizerFactory.make("adam", ["lr": 0.5])
        func search() throws -> [Search.Outcome] {
            try Search.run(
                settings, epochs: 3, data: data, rows: Array(0..<96), validationRows: Array(96..<120), test: test,
                optimizer: compiled, loss: .sparseCategoricalCrossentropy, update: UpdateRule(),
                callbacks: Callbacks(), model: network)
        }
        let first = try search()
        let second = try search()
        #expect(first.count == 4)
        #expect(first.map(\.candidate.testLosses) == second.map(\.candidate.testLosses))
        #expect(first.map(\.validationLoss) == second.map(\.validationLoss))
        #expect(compiled.stepCount == 0 && compiled.learningRate == 0.5)
        // The third configuration (lr 0.1, its first seed) trained by hand: weights, then the
        // shuffles, from one generator seeded with its seed.
        let setting = settings[2]
        var seeded = SeededGenerator(seed: setting.seed)
        let trainer = Trainer(
            model: try network(setting, &seeded), optimizer: try Adam(learningRate: 0.1),
            loss: .sparseCategoricalCrossentropy)
        _ = try trainer.fit(
            data, rows: Array(0..<96), validation: (data, Array(96..<120)), epochs: 3, batchSize: 16,
            generator: &seeded)
        let (testLoss, testAccuracy) = try trainer.evaluate(test)
        #expect(Swift.abs(first[2].candidate.testLoss - testLoss) < 1e-6)
        #expect(first[2].candidate.testAccuracy == testAccuracy)
        #expect(first[2].validationLoss == (try trainer.evaluate(data, rows: Array(96..<120))).loss)
        // Different seeds are different configurations.
        #expect(first[2].candidate.testLosses != first[3].candidate.testLosses)
    }

    /// Ctrl-C ends the search with the configurations finished so far.
    @Test func anInterruptKeepsTheFinishedConfigurations() throws {
        var generator = SeededGenerator(seed: 5)
        let data = try Synthetic.make("moons", count: 60, generator: &generator)
        let settings = Search.grid(learningRates: [0.05], batchSizes: [10], seeds: 3, generator: &generator)
        var finished = 0
        let outcomes = try Search.run(
            settings, epochs: 2, data: data, rows: Array(0..<40), validationRows: Array(40..<50),
            test: data.subset(Array(50..<60)), optimizer: try SGD(learningRate: 0.1),
            loss: .sparseCategoricalCrossentropy, update: UpdateRule(), callbacks: Callbacks(), model: network,
            progress: { done, _ in finished = done }, interrupted: { finished >= 2 })
        #expect(outcomes.count == 2)
        #expect(outcomes.map(\.setting) == Array(settings.prefix(2)))
    }
}
