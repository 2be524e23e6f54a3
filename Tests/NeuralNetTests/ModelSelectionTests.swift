import Randomness
import Testing

@testable import NeuralNet

@Suite struct ModelSelectionTests {
    typealias Candidate = ModelSelection.Candidate

    /// Two test examples, two candidates, worked by hand. The halves are {0} and {1}. Chosen on
    /// {0}: a (0 < 1), which scores 2 on {1}: it read 2 better. Chosen on {1}: b (0.9 < 2),
    /// which scores 1 on {0}: 0.1 better. The mean over the two splits is 1.05, whatever the
    /// shuffles.
    @Test func aHandWorkedOptimism() {
        var generator = SeededGenerator(seed: 3)
        let selection = ModelSelection(
            [
                Candidate(validationLoss: 0.5, testLosses: [0, 2], testCorrect: [true, false]),
                Candidate(validationLoss: 0.4, testLosses: [1, 0.9], testCorrect: [false, true]),
            ], pairs: 7, generator: &generator)
        #expect(Swift.abs(selection.optimism - 1.05) < 1e-12, "\(selection.optimism)")
        #expect(selection.splits == 14)
        // By accuracy: chosen on {0}, a (1 hit against 0), which scores 0 on {1}: 1 better;
        // chosen on {1}, b, which scores 0 on {0}: 1 better.
        #expect(selection.accuracyOptimism == 1)
        #expect(selection.byValidation == 1)
        #expect(selection.byTest == 1)  // mean test losses 1.0 and 0.95
    }

    /// One candidate has nothing to choose among, and identical candidates nothing to gain:
    /// the optimism is exactly 0 (a split and its complement cancel).
    @Test func nothingToChooseIsNoOptimism() {
        var generator = SeededGenerator(seed: 5)
        let losses = (0..<40).map { _ in generator.uniform(0, 3) }
        let one = ModelSelection([Candidate(validationLoss: 1, testLosses: losses)], generator: &generator)
        #expect(one.optimism == 0)
        #expect(one.accuracyOptimism == nil)
        let twins = ModelSelection(
            [Candidate(validationLoss: 1, testLosses: losses), Candidate(validationLoss: 2, testLosses: losses)],
            generator: &generator)
        #expect(twins.optimism == 0)
    }

    /// Candidates that are all equally good (losses drawn from one distribution): choosing
    /// among more of them reads better on the half that chose, never worse (the pairing makes
    /// every split's total ≥ 0).
    @Test func moreCandidatesMoreOptimism() {
        var generator = SeededGenerator(seed: 8)
        func candidates(_ count: Int) -> [Candidate] {
            (0..<count).map { _ in
                let losses = (0..<100).map { _ in generator.uniform(0, 2) }
                return Candidate(
                    validationLoss: generator.uniform(), testLosses: losses,
                    testCorrect: losses.map { $0 < 1.5 })
            }
        }
        let two = ModelSelection(candidates(2), pairs: 200, generator: &generator)
        let twenty = ModelSelection(candidates(20), pairs: 200, generator: &generator)
        #expect(two.optimism > 0)
        #expect(twenty.optimism > 1.5 * two.optimism, "\(twenty.optimism) against \(two.optimism)")
        // Uniform losses on [0, 2]: σ of a half's mean = (2/√12)/√50 ≈ 0.082; the best of 20
        // such means lies about 1.87σ below the average, the pair's other half not at all.
        #expect(twenty.optimism > 0.1 && twenty.optimism < 0.25, "\(twenty.optimism)")
        #expect((twenty.accuracyOptimism ?? 0) > (two.accuracyOptimism ?? 0))
    }

    /// A loss that is not a number is never chosen, on validation or on the test set.
    @Test func notANumberIsNeverChosen() {
        var generator = SeededGenerator(seed: 1)
        let selection = ModelSelection(
            [
                Candidate(
                    validationLoss: .nan, testLosses: [.nan, .nan, .nan, .nan], testCorrect: [true, true, true, true]),
                Candidate(
                    validationLoss: 0.9, testLosses: [1, 0.5, 0.7, 0.2], testCorrect: [false, true, false, true]),
            ], generator: &generator)
        #expect(selection.byValidation == 1)
        #expect(selection.byTest == 1)
        #expect(selection.optimism == 0)
        // Its hits (all four, by chance) do not make it the accuracy's choice either.
        #expect(selection.accuracyOptimism == 0)
    }
}
