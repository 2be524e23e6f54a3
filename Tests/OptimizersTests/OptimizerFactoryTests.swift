import Testing

@testable import Optimizers

@Suite struct OptimizerFactoryTests {
    /// Every entry builds its own optimizer, with the declared defaults: no entry can hand out
    /// another optimizer under its name.
    @Test(arguments: OptimizerFactory.names)
    func everyEntryBuildsItsOwnOptimizer(_ name: String) throws {
        let entry = try #require(OptimizerFactory.entry(name))
        try OptimizerFactory.verify(entry)
        #expect(try OptimizerFactory.make(name).kind == name)
    }

    /// A new entry whose builder was copied from another and not changed fails the check every
    /// catalog entry passes (an entry without a builder does not compile).
    @Test func aCopiedBuilderIsRefused() {
        let dummy = OptimizerFactory.Entry(
            name: "dummy", summary: "a new optimizer whose builder still makes SGD",
            hyperparameters: [OptimizerFactory.Hyperparameter("lr", 1e-3, 0...1, "learning rate")],
            build: { o throws(OptimizerError) in try SGD(learningRate: o.value("lr")) })
        #expect(throws: OptimizerError("the catalog entry 'dummy' builds sgd, not dummy")) {
            try OptimizerFactory.verify(dummy)
        }
    }
}
