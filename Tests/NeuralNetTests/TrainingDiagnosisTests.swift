import Testing

@testable import NeuralNet

/// Each FAQ problem is named from the history that shows it, and not from one that does not.
@Suite struct TrainingDiagnosisTests {
    func problems(_ epochs: [[String: Double]], inputs: NonFiniteCause.Inputs? = nil) -> [TrainingDiagnosis.Problem] {
        TrainingDiagnosis(epochs: epochs, inputs: inputs).findings.map(\.problem)
    }

    @Test func eachProblemFromItsEvidence() {
        let healthy: [[String: Double]] = [
            ["loss": 0.9, "accuracy": 0.80, "val_loss": 0.92], ["loss": 0.5, "accuracy": 0.90, "val_loss": 0.55],
            ["loss": 0.3, "accuracy": 0.95, "val_loss": 0.34], ["loss": 0.29, "accuracy": 0.975, "val_loss": 0.33],
        ]
        #expect(problems(healthy).isEmpty)
        #expect(problems([["loss": 2.3], ["loss": 2.9], ["loss": 3.4]]) == [.learningRateTooHigh])
        #expect(problems([["loss": 2.3], ["loss": .nan]]).contains(.diverged))
        #expect(
            problems([["loss": 0.9, "accuracy": 0.6], ["loss": 0.8999, "accuracy": 0.6]]) == [.learningRateTooLow])
        #expect(
            problems([
                ["loss": 1.0, "accuracy": 0.5, "val_loss": 1.05], ["loss": 0.8, "accuracy": 0.6, "val_loss": 0.85],
            ]) == [.underfitting])
        // A loss that still falls, but by under 2% per epoch, far from fitting: too small a model.
        let small: [[String: Double]] = [
            ["loss": 1.44, "accuracy": 0.45, "val_loss": 1.80], ["loss": 1.43, "accuracy": 0.455, "val_loss": 1.79],
            ["loss": 1.41, "accuracy": 0.46, "val_loss": 1.79],
        ]
        #expect(problems(small) == [.underfitting])
        let overfit: [[String: Double]] = [
            ["loss": 0.5, "accuracy": 0.9, "val_loss": 0.6], ["loss": 0.2, "accuracy": 0.96, "val_loss": 0.5],
            ["loss": 0.05, "accuracy": 0.99, "val_loss": 0.7], ["loss": 0.01, "accuracy": 1.0, "val_loss": 0.9],
        ]
        #expect(problems(overfit) == [.overfitting])
        var dead = healthy
        dead[3]["dead/dense_1"] = 0.8
        #expect(problems(dead) == [.deadUnits])
        var vanishing = healthy
        vanishing[3]["grad_norm/dense_1"] = 1e-6
        vanishing[3]["grad_norm/dense_2"] = 1e-3
        vanishing[3]["grad_norm/dense_3"] = 0.5
        #expect(problems(vanishing) == [.vanishingGradients])
        // A stalled loss with vanishing gradients is the layers' doing, not the rate's or the size's.
        var stalled: [[String: Double]] = [
            ["loss": 2.36, "accuracy": 0.11], ["loss": 2.31, "accuracy": 0.10], ["loss": 2.308, "accuracy": 0.12],
        ]
        #expect(problems(stalled) == [.underfitting])
        stalled[2]["grad_norm/dense_1"] = 1e-3
        stalled[2]["grad_norm/dense_2"] = 1e-2
        stalled[2]["grad_norm/dense_3"] = 0.5
        #expect(problems(stalled) == [.vanishingGradients])
        // A first epoch far above a guess's ln 10 overshot, even though the loss then fell; a
        // loss that falls while accuracy falls too is not underfitting.
        let overshot: [[String: Double]] = [
            ["loss": 14.5, "accuracy": 0.12], ["loss": 2.42, "accuracy": 0.118], ["loss": 2.32, "accuracy": 0.106],
        ]
        #expect(
            TrainingDiagnosis(epochs: overshot, inputs: nil, classes: 10).findings.map(\.problem) == [
                .learningRateTooHigh
            ])
        #expect(problems(overshot).isEmpty, "without the class count there is no guess to compare with")
        let slow: [[String: Double]] = [
            ["loss": 2.29, "accuracy": 0.2], ["loss": 2.26, "accuracy": 0.3], ["loss": 2.21, "accuracy": 0.4],
        ]
        #expect(
            TrainingDiagnosis(epochs: slow, inputs: nil, classes: 10).findings.map(\.problem) == [
                .learningRateTooLow
            ])
        // Stuck at a guess's loss with a layer's ReLUs nearly all dead: the early steps were too
        // large (the explosion hid inside the first epoch's mean), not too small.
        var killed = slow
        killed[2]["loss"] = 2.3203
        killed[1]["loss"] = 2.3208
        killed[0]["loss"] = 2.3316
        killed[2]["dead/dense_1"] = 0.984
        #expect(
            TrainingDiagnosis(epochs: killed, inputs: nil, classes: 10).findings.map(\.problem) == [
                .learningRateTooHigh, .deadUnits,
            ])
        #expect(problems(healthy, inputs: .init([1, 255, 3e30])) == [.unscaledInputs])
        #expect(problems(healthy, inputs: .init([0, 255])) == [.unscaledInputs], "raw pixels")
        #expect(problems(healthy, inputs: .init([-3, 4])).isEmpty, "standardised features")
    }

    /// Layers are read in the order they were built: dense_2 before dense_10.
    @Test func layersInBuildOrder() {
        var history = History()
        history.append(["loss": 1, "grad_norm/dense_10": 0.5, "grad_norm/dense_2": 0.1, "grad_norm/dense_1": 1e-6])
        #expect(history.keys == ["loss", "grad_norm/dense_1", "grad_norm/dense_2", "grad_norm/dense_10"])
        #expect(TrainingDiagnosis(epochs: history.epochs, inputs: nil).findings.map(\.problem) == [.vanishingGradients])
    }
}
