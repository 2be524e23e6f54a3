import Explain
import Foundation

/// The training problems of the FAQ, read from a run's history (and what the run started
/// from): each with the evidence that shows it and the usual fix. `diagnose` prints them;
/// lessons check them.
public struct TrainingDiagnosis: Sendable {
    public enum Problem: String, CaseIterable, Sendable {
        case diverged
        case unscaledInputs = "unscaled_inputs"
        case learningRateTooHigh = "lr_too_high"
        case overfitting, underfitting
        case learningRateTooLow = "lr_too_low"
        case deadUnits = "dead_units"
        case vanishingGradients = "vanishing_gradients"
        case identicalUnits = "identical_units"
    }

    public struct Finding: Sendable {
        public let problem: Problem
        public let evidence: String
        public let fix: String
    }

    public let findings: [Finding]

    /// Reads `epochs` (the logs `train` recorded), the inputs' summary, the model as it is and,
    /// for class labels, the number of classes (a guess's cross-entropy is ln K).
    public init(
        epochs: [[String: Double]], inputs: NonFiniteCause.Inputs?, model: Sequential? = nil, classes: Int? = nil
    ) {
        var found: [Finding] = []
        func say(_ problem: Problem, _ evidence: String, _ fix: String) {
            found.append(Finding(problem: problem, evidence: evidence, fix: fix))
        }
        let short = { (x: Double) in NumberFormat.short(x, digits: 4) }
        let losses = epochs.compactMap { $0["loss"] }
        if let inputs, inputs.nonFinite > 0 || inputs.largest > NonFiniteCause.scaleLimit {
            say(
                .unscaledInputs,
                inputs.nonFinite > 0
                    ? "the inputs hold \(inputs.nonFinite) nan/inf values"
                    : "the inputs reach |x| = \(short(inputs.largest))",
                "scale the inputs (to [0, 1], or standardise each feature) before anything else")
        }
        if losses.contains(where: { !$0.isFinite }) {
            say(.diverged, "the loss became nan or inf", "lower the learning rate, clip gradients (clip norm=1)")
        }
        let finite = losses.filter(\.isFinite)
        // A loss far above a uniform guess's (ln K for K classes) means the first steps overshot,
        // even when it came back down (often to exactly the guess, with dead units).
        let guess = classes.flatMap { $0 >= 2 ? Foundation.log(Double($0)) : nil }
        let overshoot = guess.flatMap { guess in finite.first { $0 > 3 * guess }.map { ($0, guess) } }
        if let first = finite.first, let last = finite.last, finite.count >= 2 || overshoot != nil {
            let grew = zip(finite, finite.dropFirst()).filter { $1 > $0 }.count
            if let (peak, guess) = overshoot {
                say(
                    .learningRateTooHigh,
                    "the training loss reached \(short(peak)), more than 3× a uniform guess's ln \(classes ?? 0) = "
                        + "\(short(guess)): the steps overshot",
                    "lower the learning rate (÷10), or clip gradients; warm-up helps at the start")
            } else if last >= first || grew * 2 >= finite.count - 1 {
                say(
                    .learningRateTooHigh,
                    "the training loss went from \(short(first)) to \(short(last)), growing in \(grew) of "
                        + "\(finite.count - 1) epochs",
                    "lower the learning rate (÷10), or clip gradients; warm-up helps at the start")
            } else {
                let recent = finite.suffix(3)
                let (start, end) = (recent.first ?? last, recent.last ?? last)
                let perEpoch = recent.count >= 2 ? (start - end) / max(start, 1e-12) / Double(recent.count - 1) : 0
                let accuracy = epochs.last?["accuracy"]
                let accuracies = epochs.suffix(3).compactMap { $0["accuracy"] }
                let accuracyRises = (accuracies.last ?? 1) >= (accuracies.first ?? 0)
                // After a few epochs still close to a guess's loss: it learns, but far too slowly.
                let nearGuess = guess.map { finite.count >= 3 && last > 0.8 * $0 } ?? false
                // Stuck at a guess's loss with a layer's ReLUs nearly all dead: early steps overshot
                // and killed them (the loss explosion can hide inside the first epoch's mean); a
                // larger rate would not help.
                let killed = (epochs.last ?? [:]).filter { $0.key.hasPrefix("dead/") && $0.value > 0.9 }
                    .max { $0.value < $1.value }
                if nearGuess, let killed {
                    say(
                        .learningRateTooHigh,
                        "the loss is stuck near a uniform guess's ln \(classes ?? 0) = \(short(guess ?? 0)) with "
                            + "\(short(killed.value * 100))% of \(killed.key.dropFirst(5))'s ReLU units dead: large "
                            + "early steps killed them",
                        "lower the learning rate (÷10) and start again (dead units do not come back)")
                } else if perEpoch < 0.005 || nearGuess, accuracy.map({ $0 < 0.9 }) ?? true {
                    say(
                        .learningRateTooLow,
                        nearGuess && perEpoch >= 0.005
                            ? "after \(finite.count) epochs the loss (\(short(last))) is still close to a uniform "
                                + "guess's ln \(classes ?? 0) = \(short(guess ?? 0))"
                            : "the loss falls by only \(short(perEpoch * 100))% per epoch at \(short(last))",
                        "raise the learning rate (×10), or switch SGD to Adam; if the loss stays high at a good rate, "
                            + "the model is too small for the data: more units or layers")
                } else if perEpoch <= 0.02, let accuracy, accuracy < 0.9 {
                    // Falling, but slowly, and far from fitting the training data: too little capacity
                    // (or a rate somewhat too small).
                    say(
                        .underfitting,
                        "after \(finite.count) epochs the loss falls by only \(short(perEpoch * 100))% per epoch and "
                            + "the training accuracy is \(short(accuracy))",
                        "a larger model (more units or layers); a larger learning rate if it is small")
                } else if perEpoch > 0.02, let accuracy, accuracy < 0.97, accuracyRises {
                    let validation = epochs.last?["val_loss"]
                    let gap = validation.map { $0 / max(last, 1e-12) } ?? 1
                    if gap < 1.2 {
                        say(
                            .underfitting,
                            "the loss still falls by \(short(perEpoch * 100))% per epoch and accuracy is "
                                + "\(short(accuracy))" + (validation == nil ? "" : ", with validation close behind"),
                            "train longer (it stopped too early), or a larger model")
                    }
                }
            }
        }
        let validation = epochs.compactMap { $0["val_loss"] }.filter(\.isFinite)
        if validation.count >= 3, let best = validation.min(), let bestEpoch = validation.firstIndex(of: best),
            let lastValidation = validation.last, let last = finite.last, bestEpoch < validation.count - 1,
            lastValidation > best * 1.05, lastValidation > last * 1.2
        {
            say(
                .overfitting,
                "val_loss was lowest at epoch \(bestEpoch + 1) (\(short(best))) and rose to \(short(lastValidation)) "
                    + "while the training loss fell to \(short(last))",
                "more training data (not less), L2 (dense … l2=1e-4), dropout, or early stopping with the best "
                    + "weights restored (callback early_stopping restore_best_weights=1)")
        }
        if let logs = epochs.last {
            let dead = logs.filter { $0.key.hasPrefix("dead/") && $0.value > 0.5 }.sorted { $0.key < $1.key }
            if !dead.isEmpty {
                say(
                    .deadUnits,
                    "ReLU units that never fire: "
                        + dead.map { "\($0.key.dropFirst(5)) \(NumberFormat.fixed($0.value * 100, decimals: 0))%" }
                        .joined(separator: ", "),
                    "a smaller learning rate, He initialisation, or leaky_relu")
            }
            let norms = logs.filter { $0.key.hasPrefix("grad_norm/") }.sorted { History.naturally($0.key, $1.key) }
                .map(\.value)
            if let first = norms.first, let lastNorm = norms.last, norms.count >= 3, lastNorm > 0,
                first < lastNorm / 100
            {
                say(
                    .vanishingGradients,
                    "the first layer's gradient norm (\(short(first))) is \(short(lastNorm / max(first, 1e-300)))× "
                        + "smaller than the last layer's (\(short(lastNorm)))",
                    "relu instead of sigmoid or tanh in hidden layers, Glorot/He initialisation, fewer layers")
            }
        }
        if let model, let (layer, units) = NonFiniteCause.identicalUnits(model) {
            say(
                .identicalUnits, NonFiniteCause.identicalUnitsEvidence(layer: layer, units: units),
                NonFiniteCause.identicalUnitsFix)
        }
        // A layer that cannot learn (identical, dead or vanishing units) explains a loss that
        // falls slowly: a larger rate or model is not the fix then.
        let layerCauses: Set<Problem> = [.identicalUnits, .deadUnits, .vanishingGradients]
        if found.contains(where: { layerCauses.contains($0.problem) }) {
            found.removeAll { $0.problem == .learningRateTooLow || $0.problem == .underfitting }
        }
        findings = found
    }
}
