import Datasets
import Foundation
import Randomness
import TensorGrad
import TestSupport
import Testing

@testable import NeuralNet

/// A model's description is what a checkpoint stores: its text reads back to the same layers,
/// and building it twice from one seed gives the same weights as the model it describes.
@Suite struct ModelDescriptionTests {
    static let texts = [
        "dense 784->64 relu, dense 64->10 softmax",
        "dense 2->8 leaky_relu 0.2 init=he_normal l2=0.001, dropout 0.5, dense 8->1 sigmoid",
        "dense 3->4 l1=0.5 l2=0.25, tanh, dense 4->2, softmax",
        "dense 4->4 softplus init=lecun_normal, leaky_relu 0.3, dense 4->3 linear",
    ]

    @Test(arguments: texts) func textReadsBackToTheSameLayers(_ text: String) throws {
        let description = try ModelDescription(parsing: text)
        #expect(description.text == text)
        #expect(try ModelDescription(parsing: description.text) == description)
    }

    @Test(arguments: texts) func buildingFromTheDescriptionGivesTheModelAgain(_ text: String) throws {
        var first = SeededGenerator(seed: 7)
        let model = try ModelDescription(parsing: text).build(generator: &first)
        #expect(ModelDescription(model).text == text)
        var second = SeededGenerator(seed: 7)
        let again = try ModelDescription(model).build(generator: &second)
        #expect(again.namedParameters.map(\.name) == model.namedParameters.map(\.name))
        #expect(again.layers.map(\.name) == model.layers.map(\.name))
        for ((_, a), (_, b)) in zip(again.namedParameters, model.namedParameters) {
            #expect(a.tensor.data == b.tensor.data)
        }
        #expect(first.words == second.words, "the same draws, in the same order")
    }

    @Test(arguments: [
        ("dense 784 relu", "expected 'dense IN->OUT'"),
        ("dense 2->3 swish", "unknown activation 'swish'"),
        ("dense 2->3 relu 0.5", "relu takes no parameters"),
        ("dense 2->3 leaky_relu x", "the slope of leaky_relu must be a finite number, got 'x'"),
        ("dense 2->3 init=zeroes", "unknown initializer 'zeroes'"),
        ("dense 2->3 l2=-1", "l2 must be a number ≥ 0"),
        ("dense 2->3 units=4", "unknown option 'units=4'"),
        ("dense 2->3, dropout", "expected 'dropout RATE'"),
        ("", "no layers"),
    ])
    func unreadableTextNamesTheWord(_ text: String, _ message: String) {
        #expect(throws: ModelDescriptionError.self) { try ModelDescription(parsing: text) }
        do {
            _ = try ModelDescription(parsing: text)
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func sizesThatDoNotChainAreRefusedWhenBuilt() throws {
        var generator = SeededGenerator(seed: 1)
        let description = try ModelDescription(parsing: "dense 2->3 relu, dense 4->1")
        #expect(throws: TensorError.self) { try description.build(generator: &generator) }
    }
}

/// One rule for which class a row predicts, used by train, evaluate, predict and confusion.
@Suite struct ClassificationTests {
    @Test func theLargestOutputAndTheFirstOfEqualMaxima() {
        #expect(Classification.predictedClasses([0.1, 0.7, 0.2, 0.5, 0.5, 0], width: 3) == [1, 0])
    }

    @Test func oneOutputIsClassOneAboveTheThreshold() {
        #expect(Classification.predictedClasses([0.2, 0.6, 0.5], width: 1) == [0, 1, 0])
        #expect(Classification.predictedClasses([-0.1, 0.1], width: 1, threshold: 0) == [0, 1])
        #expect(Classification.confidence([0.2], predicted: 0) == 0.8)
        #expect(Classification.confidence([0.1, 0.9], predicted: 1) == 0.9)
        let outputs: [Float] = [0.2, 0.9, 0.7]
        let labels: [Int32] = [0, 1, 0]
        #expect(Classification.hits(outputs, labels: labels, rows: 3, width: 1) == 2)
    }
}

/// The range test on a loss known in closed form: the suggestion is a tenth of the rate where
/// the smoothed loss is lowest, and a loss that blows up ends the test.
@Suite struct LearningRateRangeTestTests {
    @Test func ratesGrowGeometricallyFromLowToHigh() {
        let test = LearningRateRangeTest(low: 1e-6, high: 1, steps: 7)
        for k in 0..<7 { expectClose(test.rate(k), pow(10, Double(k - 6)), tolerance: 1e-12 * pow(10, Double(k))) }
    }

    @Test func suggestsATenthOfTheLowestLossRateAndStopsAtTheBlowUp() throws {
        let test = LearningRateRangeTest(low: 1e-6, high: 10, steps: 71)
        var steps = 0
        // A loss lowest at lr 1e-2 that rises steeply above it.
        let result = try #require(
            test.run { rate in
                steps += 1
                let x = log10(rate) + 2
                return x < 0 ? 1 + x * x / 10 : 1 + 100 * x * x
            })
        #expect(steps < 71, "the blow-up ended the test early (\(steps) steps)")
        // Smoothing lags the raw loss: the lowest smoothed loss comes a little after 1e-2.
        #expect(result.lowest.rate > 5e-3 && result.lowest.rate < 5e-2, "\(result.lowest.rate)")
        expectClose(result.suggested, result.lowest.rate / 10, tolerance: 1e-15)
        #expect(test.run { _ in .nan } == nil, "no suggestion when no rate gives a loss")
    }
}

/// `train` and `step` draw batches from one sampler: each epoch a permutation of the rows.
@Suite struct MinibatchSamplerTests {
    @Test func everyRowOnceAnEpochInBatchesOfTheSize() {
        var generator = SeededGenerator(seed: 3)
        var sampler = MinibatchSampler(rows: Array(10..<20), size: 4)
        #expect(sampler.batchesPerEpoch == 3)
        for _ in 0..<2 {
            let batches = (0..<3).map { _ in Array(sampler.next(generator: &generator)) }
            #expect(batches.map(\.count) == [4, 4, 2])
            #expect(batches.flatMap { $0 }.sorted() == Array(10..<20))
        }
        #expect(sampler.epochs == 2)
        // What train takes by index is what step takes one at a time.
        let taken = (0..<3).map { _ in Array(sampler.next(generator: &generator)) }
        #expect(taken == (0..<3).map { Array(sampler.batch($0)) })
        var ordered = MinibatchSampler(rows: [5, 6, 7], size: 2, shuffle: false)
        #expect(Array(ordered.next(generator: &generator)) == [5, 6])
    }

    @Test func epochsArePermutationsNotReshuffles() {
        // Epoch k depends only on the generator: two samplers, one after 1 epoch, agree on epoch 2.
        var a = SeededGenerator(seed: 9)
        var sampler = MinibatchSampler(rows: Array(0..<6), size: 6)
        _ = sampler.next(generator: &a)
        let second = Array(sampler.next(generator: &a))
        var b = SeededGenerator(seed: 9)
        var order = Array(0..<6)
        Batching.shuffle(&order, generator: &b)
        order = Array(0..<6)
        Batching.shuffle(&order, generator: &b)
        #expect(second == order)
    }
}
